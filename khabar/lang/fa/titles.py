"""Persian titles, roles and country adjectives (language data for khabar.kb).

TITLES maps a title phrase to the role titles it can stand for (see
khabar.lang.ar.titles).  In Persian the country follows the title as an
ezafe complement, usually the country name itself ("وزیر امور خارجه چین",
"رئیس جمهور قزاقستان"), less often an adjective ("همتای روس", "وزیر خارجه
آمریکایی").  Country names come from CLDR and the curated actors; adjectives
are derived by the rule in khabar.kb (name + ی, after ا/و + یی) and ADJECTIVES
lists the irregular ones.  Spellings with or without ZWNJ and with Arabic or
Persian yeh/kaf meet in the matching key, so they are not multiplied.
"""

TITLES: dict[str, tuple[str, ...]] = {
    "رئیس جمهور": ("president",),
    "رئیس‌جمهور": ("president",),
    "رئیس جمهوری": ("president",),
    "رئیس کشور": ("president",),
    "رئیس دولت": ("president",),
    "معاون اول رئیس جمهور": ("vice_president",),
    "معاون رئیس جمهور": ("vice_president",),
    "نخست وزیر": ("prime_minister",),
    "نخست‌وزیر": ("prime_minister",),
    "صدراعظم": ("chancellor",),
    "صدر اعظم": ("chancellor",),
    "پادشاه": ("king",),
    "شاه": ("king",),
    "ملک": ("king",),
    "ملکه": ("queen",),
    "امیر": ("emir",),
    "ولیعهد": ("crown_prince",),
    "ولی عهد": ("crown_prince",),
    "سلطان": ("sultan",),
    "امپراتور": ("emperor",),
    "رهبر": ("supreme_leader", "leader"),
    "رهبر انقلاب": ("supreme_leader",),
    "رهبر معظم انقلاب": ("supreme_leader",),
    "رهبر معظم انقلاب اسلامی": ("supreme_leader",),
    "مقام معظم رهبری": ("supreme_leader",),
    "رهبر انقلاب اسلامی": ("supreme_leader",),
    "وزیر امور خارجه": ("foreign_minister",),
    "وزیر خارجه": ("foreign_minister",),
    "وزیر خارجهٔ": ("foreign_minister",),
    "وزیر امورخارجه": ("foreign_minister",),
    "رئیس دستگاه دیپلماسی": ("foreign_minister",),
    "مسئول سیاست خارجی": ("high_representative",),
    "مسئول سیاست خارجی اتحادیه اروپا": ("high_representative",),
    "وزیر دفاع": ("defense_minister",),
    "سخنگوی وزارت امور خارجه": ("spokesperson",),
    "سخنگوی وزارت خارجه": ("spokesperson",),
    "سخنگوی دستگاه دیپلماسی": ("spokesperson",),
    "سخنگوی کرملین": ("presidential_spokesperson",),
    "سخنگوی کاخ کرملین": ("presidential_spokesperson",),
    "سخنگوی کاخ سفید": ("press_secretary",),
    "سخنگوی دولت": ("government_spokesperson",),
    "سخنگوی": ("spokesperson",),
    "سخنگو": ("spokesperson",),
    "دبیرکل": ("secretary_general",),
    "دبیر کل": ("secretary_general",),
    "مدیرکل": ("director_general",),
    "مدیر کل": ("director_general",),
    "کمیساریای عالی": ("high_commissioner",),
    "دادستان": ("prosecutor",),
    "رئیس دفتر سیاسی": ("political_leader",),
    "فرمانده": ("commander",),
    "فرمانده کل": ("commander",),
    "رئیس ستاد کل نیروهای مسلح": ("chief_of_staff",),
    "رئیس مجلس": ("speaker",),
    "رئیس مجلس شورای اسلامی": ("speaker",),
    "سفیر": ("ambassador",),
    "نماینده دائم": ("ambassador",),
    "فرستاده ویژه": ("envoy",),
    "نماینده ویژه": ("envoy",),
    "مشاور امنیت ملی": ("national_security_adviser",),
    "دبیر شورای عالی امنیت ملی": ("security_council_secretary",),
    # "his counterpart": the same office as the person just named
    "همتای": ("counterpart",),
    "همتا": ("counterpart",),
}

HONORIFICS: tuple[str, ...] = (
    "آقای", "خانم", "دکتر", "مهندس", "حجت‌الاسلام", "حجت الاسلام", "حجت‌الاسلام والمسلمین",
    "آیت‌الله", "آیت الله", "آیت‌الله العظمی", "سردار", "سرلشکر", "سرتیپ", "امیر", "شیخ",
    "سید", "حاج", "جناب", "عالیجناب",
)

# Persian adjectives the rule gets wrong or misses (name + ی / یی).
ADJECTIVES: dict[str, tuple[str, ...]] = {
    "US": ("آمریکایی", "امریکایی"),
    "RU": ("روس", "روسی"),
    "TR": ("ترک", "ترکیه‌ای"),
    "GB": ("انگلیسی", "بریتانیایی"),
    "DE": ("آلمانی",),
    "FR": ("فرانسوی",),
    "KZ": ("قزاق", "قزاقستانی"),
    "UZ": ("ازبک", "ازبکستانی"),
    "TJ": ("تاجیک", "تاجیکستانی"),
    "TM": ("ترکمن", "ترکمنستانی"),
    "KG": ("قرقیز", "قرقیزستانی"),
    "AF": ("افغان", "افغانستانی"),
    "SY": ("سوری",),
    "SA": ("سعودی",),
    "AE": ("اماراتی",),
    "IL": ("اسرائیلی", "صهیونیستی"),
    "KR": ("کره‌ای", "کره جنوبی"),
    "KP": ("کره شمالی",),
    "CN": ("چینی",),
    "IN": ("هندی",),
    "IQ": ("عراقی",),
    "EG": ("مصری",),
    "AZ": ("آذربایجانی", "آذری"),
    "AM": ("ارمنی", "ارمنستانی"),
    "GE": ("گرجی",),
    "UA": ("اوکراینی",),
    "BY": ("بلاروسی",),
}

# Words the resolver may meet between a title and the country ("وزیر امور
# خارجه جمهوری خلق چین", "رئیس جمهور فدراسیون روسیه").
COUNTRY_PREFIXES: tuple[str, ...] = ("جمهوری", "جمهوری اسلامی", "جمهوری خلق", "فدراسیون", "پادشاهی",
                                     "دولت", "کشور", "رژیم")

# Suffixes glued to the last word of a name (ezafe, plural, indefinite,
# possessive, object marker); khabar.kb strips one when the rest is a known
# name.  Longest first.  The ezafe after a final vowel is written ی (آمریکای).
SUFFIXES: tuple[str, ...] = (
    "هایشان", "هایش", "های", "ها", "شان", "‌ای", "ای", "‌ی", "یی", "را", "اش", "ش", "ی",
)
# A stem must keep at least this many letters after a suffix is cut.
SUFFIX_MIN_STEM = 3

# Words before a title that make it someone else's ("معاون وزیر خارجه"):
# khabar.kb_titles skips that title, so the speaker is not taken for the holder.
NOT_HOLDERS: tuple[str, ...] = ("معاون", "قائم‌مقام")

# Words that name the kind of place before a place name ("شهر تهران", the
# city of Tehran; "استان اصفهان"): a name the tagger took in with one of them
# is looked up without it too (khabar.kb).  Not "بندر": it begins names
# ("بندرعباس").
PLACE_WORDS = ("شهر", "استان", "شهرستان", "روستای", "روستا", "ایالت", "منطقه", "پایتخت", "کشور",
               "جزیره", "جمهوری")
