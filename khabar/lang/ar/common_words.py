"""Frequent Arabic words that some city's alternate name in geonames happens to
spell (كان "was" = Caen, كيف "how" = Kyiv, سنة "year" = Sanandaj, خبر and
الخبر "news" = Khobar, الصور "the pictures" = Tyre, معسكر "camp" = Mascara,
ميدان "square" = Medan, المدينة "the city" = Medina).  khabar.kb does not index them as city names; places that matter
and share such a spelling (قم, صور, حمص) are not listed here.  Data only.
"""

COMMON_WORDS = frozenset("""
كان كيف الم امل ألم أمل بن بو مان هام ليل مينا سالم غازي وادي خبر سنة سنه حصار قصور عشاق ميل
جنان جنة جنت بحري رشيد بشار جدة جده امان أمان دولة الجديد مدينة ماري نيس سارة ساره الأم الام
سن رم دو منا أب اب ابا أبا آب إن ان أن ارا أرا انفا دار سلا نيم روان روم رين باري بارى
سده تازه تاز ميسا ليدا دبا ليل لوم لوما سما سمي هو هي فرح سلام السلام نور النور أمس امس
ماو مرو ريم عرعر سكر شام الشام جبل بحر البحر صحار ذمار
الخبر الصور العين العيون الجميل البيضاء الأبيض معسكر ميدان سعيدة المدينة
""".split())


# Function words: prepositions, conjunctions, particles, pronouns and
# demonstratives.  A word of a person's name that is one of these (على is
# "on" and, with the alef maqsura folded, the name علي) is never taken alone
# as a short reference to that person (khabar.actors._name_parts).
FUNCTION_WORDS = frozenset("""
في من إلى الى على علي عن مع بين حتى منذ عند لدى نحو ضد خلال بعد قبل أمام امام فوق تحت دون
غير سوى كل بعض أي اي هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين ما ماذا لماذا كيف أين
اين متى هل لم لن لا قد إن أن ان كان كانت ليس ليست أو او أم ام ثم بل لكن هو هي هم هن نحن
أنا انا أنت انت إذا اذا إذ اذ لو كما أيضا ايضا فقط حيث عبر وفق تجاه لدي عليه عليها منه منها
له لها به بها فيه فيها إليه اليه عنه عنها معه
""".split())

# First words of compound given names written with a space or without one
# ("عبد الله" = "عبدالله"): with the next word they are one word of a name
# (khabar.actors counts a name's words so).
COMPOUND_NAME_HEADS = ("عبد",)
