"""Arabic site chrome and agency footers (language data for khabar.clean).

Patterns are whole-line regular expressions (matched on the stripped line).
END_MARKERS end an article: the marker and everything after it are chrome.
FOOTERS are chrome wherever they stand in the trailing block of an article.
"""

END_MARKERS = [
    r"\(?\s*انتهى\s*\)?\s*[.]?",            # wire convention closing a story
    r"[-–—]*\s*النهاية\s*[-–—]*",
]

FOOTERS = [
    r"(اقرأ|إقرأ|اقرا) (أيضا|أيضاً|ايضا|المزيد)\s*[:：]?.{0,120}",
    r"(تابعونا|تابعنا) (على|عبر) .{0,120}",
    r"(جميع|كل) الحقوق محفوظة.{0,120}",
    r"(حقوق|©).{0,40}محفوظة.{0,80}",
    r"(المصدر|مصدر الخبر)\s*[:：].{0,80}",
    r"(شارك|مشاركة) (الخبر|المقال|هذا الخبر).{0,80}",
    r"(اشترك|للاشتراك) في .{0,80}",
    r"(كلمات مفتاحية|الكلمات الدالة|وسوم)\s*[:：]?.{0,160}",
    r"\((شينخوا|رويترز|أ ف ب|ا ف ب|د ب أ|يو بي آي|واس|قنا|وام|بنا|كونا|سانا|واع|أ ش أ|الأناضول)\)\s*[.]?",
]

# Words that name a news medium; a bare (unbracketed) source in a dateline
# must contain one ("القاهرة - بوابة الواحة: …").
MEDIA_WORDS = ["وكالة", "وكالات", "صحيفة", "جريدة", "بوابة", "موقع", "قناة", "إذاعة", "اذاعة",
               "مراسل", "مراسلة", "تلفزيون", "شبكة", "مجلة"]

# A byline line before the first paragraph.
BYLINES = [r"(بقلم|كتب|كتبت|إعداد|اعداد|تقرير)\s*[:：]?\s*\S.{0,60}"]
