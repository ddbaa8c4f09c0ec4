"""Persian site chrome and agency footers (language data for khabar.clean).

Iranian agencies (IRNA, ISNA, Fars, Mehr, Tasnim …) close stories with
"انتهای پیام"; CMS pages add share/edit/print prompts ("این مطلب/خبر را …
کنید") and tag lists.
"""

END_MARKERS = [
    r"[/\s]*انتهای\s*پیام\s*[/.]*\s*",
    r"[/\s]*پایان\s*(پیام|خبر)\s*[/.]*\s*",
]

FOOTERS = [
    r".{0,40}این (مطلب|خبر|گزارش)(\s|\u200c)*را .{0,60}(کنید|نمایید|کنيد|نماييد)\s*[.!]?",
    r"(برچسب|برچسب‌ها|برچسبها|کلیدواژه|کلیدواژه‌ها)\s*[:：]?.{0,160}",
    r"(بیشتر بخوانید|بخوانید|مطالب مرتبط|اخبار مرتبط)\s*[:：]?.{0,120}",
    r"(کپی|تمامی حقوق|کلیه حقوق).{0,60}محفوظ.{0,60}",
    r"(ما را در|ما را) .{0,40}(دنبال|همراهی) کنید.{0,40}",
    r"(منبع|کد خبر|شناسه خبر)\s*[:：].{0,80}",
]

# Words that name a news medium (see khabar.lang.ar.chrome.MEDIA_WORDS).
MEDIA_WORDS = ["خبرگزاری", "روزنامه", "پایگاه", "شبکه", "خبرنگار", "رادیو", "تلویزیون",
               "سایت", "هفته‌نامه", "ماهنامه", "نشریه"]

BYLINES = [r"(نویسنده|به قلم|گزارش از|خبرنگار)\s*[:：]\s*\S.{0,60}"]
