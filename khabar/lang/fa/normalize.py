"""Persian normalization data (data only), used by :mod:`khabar.normalize`.

Persian separates the parts of many words with a zero-width non-joiner (ZWNJ,
U+200C): verb prefixes (می‌کند), plural and clitic suffixes (کشورها، همکاری‌های),
compounds (بین‌الملل، آموزش‌دیده).  Text copied through systems that drop
ZWNJ glues the parts together (میکند، همکاریهای).  The repair in
:func:`khabar.normalize.repair_zwnj` re-inserts ZWNJ at the boundaries listed
here.  All lists are written in standard Persian spelling (ی U+06CC,
ک U+06A9); the code folds them to the matching-key alphabet itself.
"""

# Letters of the Persian alphabet that Arabic does not use.  Their presence
# (at a rate no Arabic text reaches, see khabar.normalize) marks text as
# Persian when no language is given.
PERSIAN_ONLY_LETTERS = "پچژگ"

# Display normalization of Persian text: Arabic yeh, alef maqsura and Arabic
# kaf (from Arabic keyboards and converted sources) become the Persian letters.
ORTHOGRAPHIC_MAP: dict[str, str] = {"ي": "ی", "ى": "ی", "ك": "ک"}

# Letter runs longer than this are not words (URL slugs, run-together
# garbage); the longest common Persian words have about 20 letters.
MAX_WORD_LETTERS = 40

# --- verb prefixes ----------------------------------------------------------
# The imperfective prefix می and its negation نمی.  They attach to a verb form;
# the verb then ends in a personal ending (م ی د یم ید ند) or, in the past
# tense, in a past stem ending in د or ت.
VERB_PREFIXES = ("نمی", "می")
# A remainder after the prefix looks like a verb when it ends in one of these.
# The 2nd person singular (-ی) is accepted only after a past stem (کردی، رفتی):
# a bare final ی after می is far more often a noun or adjective ending
# (میلادی، میانجی) than a "you do" form, which is rare in news.
VERB_ENDINGS = ("د", "ت", "م", "دی", "تی")
# The impersonal "one can" has no personal ending.
VERB_BARE_STEMS = ("توان",)
# A remainder shorter than this is too short to be a verb form (میم، میل).
VERB_MIN_REMAINDER = 2

# Common words that begin with می but are not prefixed verbs.  A word is left
# alone when it is one of these followed by one of NOMINAL_SUFFIXES.
MI_EXCEPTIONS = frozenset("""
میان میانه میانی میانجی میانگین میانمار میانبر میهن میهنی میهمان میزبان میز
میزان میزانی میلیون میلیارد میلیمتر میدان میوه میراث میلاد میلادی میکروب
میل میله میخ میش میمون میت میعاد میقات میثاق میرزا میامی میشیگان میسوری
میلان مینا میترا میگنا میکائیل میشل میهماندار میزبانی میراثی میلیاردر
میلیونر میخانه میکده
""".split())
# Nominal endings that an exception word may carry (plural, ezafe, clitics,
# relational -ی, agentive -گر/-گری).
NOMINAL_SUFFIXES = (
    "", "ی", "یی", "ای", "ها", "های", "هایی", "هایش", "هایشان", "ش", "اش",
    "شان", "یش", "یشان", "ان", "ات", "گر", "گری", "دار", "داری",
)
# Loan prefixes that begin with می: no Persian verb stem starts with the rest.
MI_BLOCKING_PREFIXES = ("میکرو", "میلی", "مینی")

# --- plural and clitic suffixes --------------------------------------------
# The plural ها and its forms with ezafe/indefinite ی and possessive clitics,
# longest first.
PLURAL_SUFFIXES = (
    "هایشان", "هایتان", "هایمان", "هاشان", "هایی", "هایش", "هایم", "هایت",
    "هاست", "های", "هاش", "ها",
)
# The stem before ها must have at least this many letters: shorter stems are
# mostly words that merely end in ها (تنها، بها، رها، نها) and the few real
# short plurals (شب‌ها) are rarer than those.
PLURAL_MIN_STEM = 3
# Words that end in ها without being plurals; checked against the word up to
# and including the ها, so their forms with ی/یی (تنهایی، انتهای) are covered.
PLURAL_EXCEPTIONS = frozenset("""
تنها انتها اشتها اینها آنها بها رها اشتباها ابتها نها کهربا
""".split())

# --- silent (vowel) heh followed by a clitic -------------------------------
# A word ending in a silent ه (خانه = xāne) is separated by ZWNJ from the
# indefinite ای, ezafe ی and the clitics اش/ام (خانه‌ای، خانه‌ی، خانه‌اش).
# Without a lexicon "خانهای" could also be a plural (خان‌های), so the repair
# only does this for words ending in one of these common silent-heh words.
HEH_CLITICS = ("ای", "اش", "ام", "ی")
SILENT_HEH_WORDS = frozenset("""
خانه نامه برنامه هسته منطقه رسانه حرفه دوره ویژه گونه اندازه لحظه جلسه مقاله
نتیجه قطعه مرحله شبکه کلمه جمله مسئله مساله حمله ماده عمده آینده ساده گذشته
خسته بسته رابطه جامعه حادثه مشاهده مطالعه مقایسه توسعه مذاکره معامله مسابقه
سابقه علاقه نقطه طبقه حوزه اجازه پرونده نماینده کننده دهنده فاصله چهره درجه
بودجه شیوه پایه سایه لایه سرمایه همسایه نمونه زمینه هزینه گزینه قضیه نظریه
بیانیه اطلاعیه اعلامیه اتحادیه روسیه ترکیه سوریه کمیته جبهه پدیده عقیده ایده
پروژه کشته نوشته خواسته داشته بوده رفته آمده داده گفته شده کرده دیده کشیده
یافته گرفته رسیده وظیفه نقشه لایحه تبصره صفحه شعبه قله دره جاده کوچه محله
مدرسه موسسه مؤسسه کده ستاره اداره تجربه تبعه ادامه جلوه نسخه فتنه نکته رشته
هفته فرشته پیشینه گنجینه معاهده مصاحبه محاصره مبارزه مشاوره مداخله مواجهه
معادله مناقشه منازعه مطالبه مراجعه محاکمه مقدمه ترجمه ساله جانبه گانه
اسلحه فاجعه واقعه قاعده عهده وعده جنبه مرتبه پنجره مجموعه ذخیره دایره حافظه
ملاحظه جایزه اندیشه ریشه گوشه بهره کره بیمه چشمه میانه رویه هدیه تهیه توصیه
تجزیه ناحیه زاویه کلیه اولیه ثانیه حاشیه عرصه قصه غصه وسیله حیله خلاصه
""".split())
# Shorter candidates are function words (که، چه، نه، به) with no clitic form.
SILENT_HEH_MIN_LEN = 3

# --- compounds --------------------------------------------------------------
# Past participles that form adjectival compounds with a preceding noun
# (آموزش‌دیده، هماهنگ‌شده، خشونت‌کشیده، سازمان‌یافته).
PARTICIPLES = ("شده", "کرده", "دیده", "کشیده", "یافته", "گرفته", "رسیده")
PARTICIPLE_MIN_STEM = 3
# Verbal preverbs are written joined to the verb (فراگرفته، بازیافته), so a
# participle after one of them is not a compound to split.
PREVERBS = frozenset(("بر", "در", "فرا", "باز", "فرو", "ور", "وا"))

# The perfect auxiliary clitics after a past participle in silent ه
# (کرده‌اند، شده‌اند، گفته‌ایم).  The 1st singular ‌ام is left out: "تهام"
# ends common words (اتهام) and the form is rare in news.
PERFECT_ENDINGS = ("اند", "ایم", "اید")
PARTICIPLE_FINALS = ("ده", "ته")
PERFECT_MIN_PARTICIPLE = 3  # شده is the shortest

# Arabic definite-article compounds borrowed whole into Persian are written
# with ZWNJ after the first word (بین‌الملل، فوق‌العاده، تحت‌الشعاع).
ARABIC_ARTICLE_HOSTS = ("بین", "فوق", "تحت")
ARABIC_ARTICLE = "ال"
# At least this many letters must follow ال for a compound (not "بینال").
ARABIC_ARTICLE_MIN_REST = 2
