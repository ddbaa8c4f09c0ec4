"""Arabic titles, roles and country adjectives (language data for khabar.kb).

TITLES maps a title phrase, as written before a name ("وزير الخارجية الصيني
وانغ يي"), to the role titles it can stand for; khabar.kb maps each role
title to its coarse kind (president → head_of_state/head_of_government …).
Feminine forms are listed with the masculine ones; spelling variants that the
matching key folds (أ/ا, ي/ى, ة/ه) are not multiplied.

A title is followed by an optional country adjective (nisba: الصيني,
الروسية), a country name in a construct phrase (وزير خارجية روسيا) or an
organization (الأمين العام للأمم المتحدة).  Nisba adjectives are derived from
the CLDR country names by the rules in khabar.kb (drop ال, final ا/ية → ي,
otherwise add ي; feminine + ة); NISBA lists the forms the rule gets wrong or
misses.
"""

TITLES: dict[str, tuple[str, ...]] = {
    # heads of state and government
    "الرئيس": ("president",),
    "رئيس": ("president",),
    "الرئيسة": ("president",),
    "رئيسة": ("president",),
    "رئيس الجمهورية": ("president",),
    "رئيس جمهورية": ("president",),
    "رئيس الدولة": ("president",),
    "رئيس دولة": ("president",),
    "رئيس مجلس السيادة": ("president",),
    "رئيس مجلس القيادة الرئاسي": ("president",),
    "نائب الرئيس": ("vice_president",),
    "نائب رئيس": ("vice_president",),
    "نائبة الرئيس": ("vice_president",),
    "رئيس الوزراء": ("prime_minister",),
    "رئيس وزراء": ("prime_minister",),
    "رئيسة الوزراء": ("prime_minister",),
    "رئيسة وزراء": ("prime_minister",),
    "رئيس الحكومة": ("prime_minister",),
    "رئيس حكومة": ("prime_minister",),
    "رئيسة الحكومة": ("prime_minister",),
    "رئيس مجلس الوزراء": ("prime_minister",),
    "رئيس الوزراء المكلف": ("prime_minister",),
    "المستشار": ("chancellor",),
    "المستشارة": ("chancellor",),
    "المستشار الألماني": ("chancellor",),
    "الملك": ("king",),
    "ملك": ("king",),
    "الملكة": ("queen",),
    "العاهل": ("king",),
    "عاهل": ("king",),
    "خادم الحرمين الشريفين": ("king",),
    "الأمير": ("emir", "crown_prince", "prince"),
    "أمير": ("emir",),
    "أمير دولة": ("emir",),
    "ولي العهد": ("crown_prince",),
    "ولي عهد": ("crown_prince",),
    "السلطان": ("sultan",),
    "سلطان": ("sultan",),
    "الإمبراطور": ("emperor",),
    "المرشد": ("supreme_leader",),
    "المرشد الأعلى": ("supreme_leader",),
    "مرشد الثورة": ("supreme_leader",),
    "قائد الثورة": ("supreme_leader",),
    "المرشد الأعلى للثورة الإسلامية": ("supreme_leader",),
    # ministers
    "وزير الخارجية": ("foreign_minister",),
    "وزير خارجية": ("foreign_minister",),
    "وزيرة الخارجية": ("foreign_minister",),
    "وزيرة خارجية": ("foreign_minister",),
    "وزير الشؤون الخارجية": ("foreign_minister",),
    "وزير الخارجية والمغتربين": ("foreign_minister",),
    "وزير الخارجية وشؤون المغتربين": ("foreign_minister",),
    "وزير الخارجية والتعاون الدولي": ("foreign_minister",),
    "وزير الخارجية وشؤون المصريين بالخارج": ("foreign_minister",),
    "وزير الخارجية وشؤون المغتربين الأردنيين": ("foreign_minister",),
    "وزير الدولة للشؤون الخارجية": ("minister_of_state",),
    "مسؤول السياسة الخارجية": ("high_representative",),
    "مسؤولة السياسة الخارجية": ("high_representative",),
    "الممثل الأعلى للسياسة الخارجية": ("high_representative",),
    "الممثلة العليا للسياسة الخارجية": ("high_representative",),
    "منسق السياسة الخارجية": ("high_representative",),
    "وزير الدفاع": ("defense_minister",),
    "وزير دفاع": ("defense_minister",),
    "وزيرة الدفاع": ("defense_minister",),
    # spokespersons
    "المتحدث باسم وزارة الخارجية": ("spokesperson",),
    "المتحدثة باسم وزارة الخارجية": ("spokesperson",),
    "المتحدث باسم الخارجية": ("spokesperson",),
    "المتحدثة باسم الخارجية": ("spokesperson",),
    "المتحدث الرسمي باسم وزارة الخارجية": ("spokesperson",),
    "المتحدثة الرسمية باسم وزارة الخارجية": ("spokesperson",),
    "الناطق باسم وزارة الخارجية": ("spokesperson",),
    "الناطقة باسم وزارة الخارجية": ("spokesperson",),
    "الناطق باسم الخارجية": ("spokesperson",),
    "الناطقة باسم الخارجية": ("spokesperson",),
    "الناطق الرسمي باسم وزارة الخارجية": ("spokesperson",),
    "المتحدث باسم الكرملين": ("presidential_spokesperson",),
    "الناطق باسم الكرملين": ("presidential_spokesperson",),
    "المتحدث باسم الرئاسة": ("presidential_spokesperson",),
    "المتحدثة باسم البيت الأبيض": ("press_secretary",),
    "المتحدث باسم البيت الأبيض": ("press_secretary",),
    "المتحدث باسم الحكومة": ("government_spokesperson",),
    "المتحدثة باسم الحكومة": ("government_spokesperson",),
    "الناطق باسم الحكومة": ("government_spokesperson",),
    "المتحدث العسكري": ("military_spokesperson",),
    "المتحدث باسم": ("spokesperson",),
    "المتحدثة باسم": ("spokesperson",),
    "الناطق باسم": ("spokesperson",),
    "الناطق الرسمي باسم": ("spokesperson",),
    # organizations
    "الأمين العام": ("secretary_general",),
    "أمين عام": ("secretary_general",),
    "الأمينة العامة": ("secretary_general",),
    "المدير العام": ("director_general",),
    "مدير عام": ("director_general",),
    "المديرة العامة": ("director_general",),
    "المديرة التنفيذية": ("director_general",),
    "المدير التنفيذي": ("director_general",),
    "المفوض السامي": ("high_commissioner",),
    "المفوض العام": ("commissioner_general",),
    "المدعي العام": ("prosecutor",),
    "رئيس المكتب السياسي": ("political_leader",),
    "رئيس المكتب السياسي لحركة": ("political_leader",),
    "زعيم": ("leader",),
    "الزعيم": ("leader",),
    "زعيم جماعة": ("leader",),
    "زعيم حركة": ("leader",),
    "قائد": ("commander", "leader"),
    "القائد": ("commander", "leader"),
    "القائد العام": ("commander",),
    "رئيس هيئة الأركان": ("chief_of_staff",),
    "رئيس أركان": ("chief_of_staff",),
    "رئيس البرلمان": ("speaker",),
    "رئيس مجلس النواب": ("speaker",),
    "رئيس مجلس الشورى": ("speaker",),
    "رئيس مجلس الشعب": ("speaker",),
    "رئيس مجلس الأمة": ("speaker",),
    "رئيس الكنيست": ("speaker",),
    "السفير": ("ambassador",),
    "سفير": ("ambassador",),
    "السفيرة": ("ambassador",),
    "المندوب الدائم": ("ambassador",),
    "مندوب": ("ambassador",),
    "المندوبة الدائمة": ("ambassador",),
    "المبعوث الخاص": ("envoy",),
    "المبعوث": ("envoy",),
    "المبعوثة الخاصة": ("envoy",),
    "مستشار الأمن القومي": ("national_security_adviser",),
    # "his counterpart": the same office as the person just named, in another state
    "نظيره": ("counterpart",),
    "نظيرته": ("counterpart",),
    "نظيرها": ("counterpart",),
    "نظيريه": ("counterpart",),
}

# Words of respect or rank written before a name; they carry no role.
HONORIFICS: tuple[str, ...] = (
    "السيد", "السيدة", "الشيخ", "الشيخة", "الأمير", "الأميرة", "الدكتور", "الدكتورة", "د", "المهندس", "الحاج",
    "سمو", "سمو الأمير", "صاحب السمو", "صاحب السمو الملكي", "جلالة", "جلالة الملك",
    "فخامة", "فخامة الرئيس", "معالي", "سعادة", "دولة", "آية الله", "حجة الإسلام",
    "اللواء", "العميد", "الفريق", "الفريق أول", "المشير", "العقيد",
)

# Nisba adjectives the derivation rule gets wrong or misses, masculine
# singular without the article (the rule adds ة and ال).
NISBA: dict[str, tuple[str, ...]] = {
    "US": ("أمريكي", "أميركي", "امريكاني"),
    "GB": ("بريطاني",),
    "KZ": ("كازاخي", "كازاخستاني", "قازاقي", "كزاخستاني", "كازخستاني"),
    "UZ": ("أوزبكي", "أوزبكستاني"),
    "TJ": ("طاجيكي", "طاجيكستاني"),
    "TM": ("تركماني", "تركمانستاني"),
    "KG": ("قرغيزي", "قيرغيزي", "قرغيزستاني", "قيرغيزستاني"),
    "AF": ("أفغاني",),
    "PK": ("باكستاني",),
    "RU": ("روسي",),
    "CN": ("صيني",),
    "SA": ("سعودي",),
    "AE": ("إماراتي",),
    "KR": ("كوري جنوبي",),
    "KP": ("كوري شمالي",),
    "ZA": ("جنوب أفريقي", "جنوب إفريقي"),
    "NZ": ("نيوزيلندي",),
    "DE": ("ألماني",),
    "IN": ("هندي",),
    "JP": ("ياباني",),
    "YE": ("يمني",),
    "JO": ("أردني",),
    "MA": ("مغربي",),
    "DZ": ("جزائري",),
    "IQ": ("عراقي",),
    "SD": ("سوداني",),
    "SS": ("جنوب سوداني",),
    "OM": ("عماني",),
    "BH": ("بحريني",),
    "KW": ("كويتي",),
    "LB": ("لبناني",),
    "EG": ("مصري",),
    "TR": ("تركي",),
    "IL": ("إسرائيلي",),
    "PS": ("فلسطيني",),
    "SY": ("سوري",),
    "ML": ("مالي",),
    "CL": ("تشيلي",),
    "NL": ("هولندي",),
    "BY": ("بيلاروسي",),
    "CZ": ("تشيكي",),
    "GR": ("يوناني",),
    "CH": ("سويسري",),
    "AT": ("نمساوي",),
    "BE": ("بلجيكي",),
    "SE": ("سويدي",),
    "NO": ("نرويجي",),
    "FI": ("فنلندي",),
    "DK": ("دنماركي",),
    "PH": ("فلبيني",),
    "CD": ("كونغولي",),
    "CI": ("إيفواري",),
    "EE": ("إستوني",),
    "LV": ("لاتفي",),
    "LT": ("ليتواني",),
    "MM": ("ميانماري",),
    "VA": ("فاتيكاني",),
    "AZ": ("أذربيجاني", "أذري"),
    "MR": ("موريتاني",),
    "SO": ("صومالي",),
    "ER": ("إريتري",),
    "CY": ("قبرصي",),
    "HU": ("مجري",),
    "IE": ("إيرلندي", "أيرلندي"),
}

# Words that may stand between a title and a country name ("وزير خارجية دولة
# قطر"); most full names are country names of their own already.
COUNTRY_PREFIXES: tuple[str, ...] = ("دولة", "جمهورية", "مملكة", "سلطنة", "إمارة")

# Proclitics glued to the first word of a name (وروسيا، لكازاخستان، بالصين،
# وللأمم المتحدة).  khabar.kb strips one of these when the rest is a known
# name; longest first.  DEFINITE_LAM is ل + the article: للأمم = ل + الأمم.
PROCLITICS: tuple[str, ...] = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
DEFINITE_LAM = "لل"

# Words before a title that make it someone else's ("نائب رئيس الوزراء", "مساعد وزير الخارجية"):
# khabar.kb_titles skips that title, so the speaker is not taken for the holder.
NOT_HOLDERS: tuple[str, ...] = ("نائب", "مساعد", "وكيل")

# Words that name the kind of place before a place name ("مدينة بغداد", the
# city of Baghdad; "محافظة البصرة"): a name the tagger took in with one of
# them is looked up without it too (khabar.kb).
PLACE_WORDS = ("مدينة", "محافظة", "ولاية", "إقليم", "مقاطعة", "منطقة", "بلدة", "قرية", "العاصمة",
               "جزيرة", "دولة", "جمهورية")
