"""Frequent Arabic words that some city's alternate name in geonames happens to
spell (كان "was" = Caen, كيف "how" = Kyiv, سنة "year" = Sanandaj, خبر "news"
= Khobar).  khabar.kb does not index them as city names; places that matter
and share such a spelling (قم, صور, حمص) are not listed here.  Data only.
"""

COMMON_WORDS = frozenset("""
كان كيف الم امل ألم أمل بن بو مان هام ليل مينا سالم غازي وادي خبر سنة سنه حصار قصور عشاق ميل
جنان جنة جنت بحري رشيد بشار جدة جده امان أمان دولة الجديد مدينة ماري نيس سارة ساره الأم الام
سن رم دو منا أب اب ابا أبا آب إن ان أن ارا أرا انفا دار سلا نيم روان روم رين باري بارى
سده تازه تاز ميسا ليدا دبا ليل لوم لوما سما سمي هو هي فرح سلام السلام نور النور أمس امس
ماو مرو ريم عرعر سكر شام الشام جبل بحر البحر صحار ذمار
""".split())
