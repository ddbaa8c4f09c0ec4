"""Solar Hijri (Jalali) month names, the calendar of Iranian and Afghan media.

Afghan (Dari) usage names the months after the zodiac (حمل، ثور …); both are
listed, in calendar order.  Conversion to Gregorian: :mod:`jdatetime`.
"""

JALALI_MONTHS = [
    ["فروردین", "حمل"],
    ["اردیبهشت", "ثور"],
    ["خرداد", "جوزا"],
    ["تیر", "سرطان"],
    ["مرداد", "امرداد", "اسد"],
    ["شهریور", "سنبله"],
    ["مهر", "میزان"],
    ["آبان", "عقرب"],
    ["آذر", "قوس"],
    ["دی", "جدی"],
    ["بهمن", "دلو"],
    ["اسفند", "حوت"],
]
