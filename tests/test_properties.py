"""Properties over generated input (hypothesis), beyond those of
tests/test_normalize_properties.py (key/orthographic idempotence, offset
shape, ZWNJ repair):

* normalization: every token of a key maps back to an original span whose
  key contains that token (a search hit highlights the right text), and the
  pipeline's sentence and body spans stay inside the original text;
* date resolution (khabar.timex.find_times): a relative or weekday
  expression with no future marker never resolves past its publication
  anchor; a future marker, "next …" or "tomorrow" resolves on or after it
  and at most a week ahead; without an anchor none is resolved;
* name matching: khabar.translit.name_similarity is symmetric;
* re-ingesting any subset of a small corpus, in any order, changes nothing:
  articles, sightings, search rows, stories, actors, mentions, events and
  quotes are identical row for row.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from khabar import normalize
from khabar.timex import find_times
from khabar.translit import name_similarity

from test_normalize_properties import any_text, langs
from util import SAMPLE, SEEDS

PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- normalization

@PROPS
@given(any_text, langs)
def test_key_tokens_map_back_to_their_original_text(text, lang):
    m = normalize.key_mapped(text, lang)
    for tok in re.finditer(r"\S+", m.text):
        s, e = m.span_to_original(tok.start(), tok.end())
        assert 0 <= s < e <= len(text)
        # Equality is too strong: an expanded character ("¼" → "1 4") keys
        # to more than one token; containment is what a highlighted hit needs.
        assert tok.group() in normalize.key(text[s:e], lang)


_WORDS = st.sampled_from(["الحكومة", "أعلنت", "وزير", "گفت‌وگو", "می‌خواهند", "Minister",
                          "said", "Министр", "сказал", "2022", "۱۴۰۰", "٣", "WASHINGTON"])
_SEPARATORS = st.sampled_from([" ", " ", ". ", "، ", "\n", "\n\n", "? ", "؟ ", "\u200c", " — "])
article_text = st.lists(st.tuples(_WORDS, _SEPARATORS), min_size=1, max_size=60).map(
    lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=150, deadline=None)
@given(article_text, st.one_of(st.none(), _WORDS))
def test_pipeline_spans_stay_inside_the_original_text(text, title):
    from khabar.article import Article, RawDocument, article_id
    from khabar.config import Settings
    from khabar.pipeline import build_pipeline

    raw = RawDocument(source="gen.txt", text=text, title=title, format="text")
    art = build_pipeline(Settings())(Article.from_raw(raw, article_id(title, text)))
    assert art.text == text  # never rewritten
    prev = 0
    for s in art.sentences:
        assert prev <= s.start < s.end <= len(text)
        prev = s.end
    assert all(0 <= a < b <= len(text) for a, b in art.body_spans)


# ---------------------------------------------------------------- dates

# Expressions that look back (or name the anchor day), per language, with the
# most days before the anchor they may resolve to.
PAST = {
    "en": {"on Monday": 6, "on Friday": 6, "on Sunday": 6, "last Monday": 7, "last Thursday": 7,
           "yesterday": 1, "last night": 1, "today": 0, "the day before yesterday": 2,
           "two days ago": 2, "three weeks ago": 27, "a week ago": 13, "last week": 13,
           "last month": 62, "last year": 731},
    "ar": {"يوم الاثنين": 6, "الاثنين الماضي": 7, "يوم الجمعة الماضي": 7, "أمس": 1, "أول أمس": 2,
           "اليوم": 0, "أمس الأربعاء": 6, "اليوم الاثنين": 6, "قبل يومين": 2,
           "قبل ثلاثة أيام": 3, "منذ أسبوع": 13, "الأسبوع الماضي": 13, "الشهر الماضي": 62,
           "العام الماضي": 731},
    "fa": {"روز دوشنبه": 6, "دیروز": 1, "پریروز": 2, "امروز": 0, "دو روز پیش": 2,
           "دوشنبه هفته گذشته": 13, "هفته گذشته": 13, "ماه گذشته": 62, "سال گذشته": 731,
           "پارسال": 731},
    "ru": {"вчера": 1, "позавчера": 2, "сегодня": 0, "в понедельник": 6, "два дня назад": 2,
           "на прошлой неделе": 13, "в прошлом месяце": 62, "в прошлом году": 731},
}
# A future-tense marker before a bare weekday, "next …", "tomorrow", "next week".
FUTURE = {
    "en": ["will meet on Monday", "will visit on Friday", "is scheduled to arrive on Sunday",
           "next Monday", "tomorrow", "next week"],
    "ar": ["سوف يلتقي الوزير يوم الاثنين", "الاثنين المقبل", "الجمعة القادمة", "غدا",
           "الأسبوع المقبل"],
    "fa": ["دوشنبه آینده", "فردا", "هفته آینده"],
    "ru": ["завтра", "в следующий понедельник", "на следующей неделе"],
}
# Neutral clauses (no time words, no future markers).
FILLER = {
    "en": ["The minister spoke to reporters", "The council approved the plan",
           "Officials gave no details", "Talks covered trade and energy"],
    "ar": ["وقال الوزير للصحفيين", "وأقر المجلس الخطة", "ولم يقدم المسؤولون تفاصيل"],
    "fa": ["وزیر به خبرنگاران گفت", "شورا این طرح را تصویب کرد", "مقامات جزئیاتی ارائه نکردند"],
    "ru": ["Министр сказал журналистам", "Совет одобрил план", "Чиновники не сообщили подробностей"],
}
anchors = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def sentence_with(draw, table):
    lang = draw(st.sampled_from(sorted(table)))
    exprs = table[lang]
    expr = draw(st.sampled_from(sorted(exprs)))
    before = draw(st.lists(st.sampled_from(FILLER[lang]), max_size=2))
    after = draw(st.lists(st.sampled_from(FILLER[lang]), max_size=2))
    head = ". ".join(before) + (". " if before else "") + draw(st.sampled_from(FILLER[lang]))
    text = head + " " + expr + ". " + ". ".join(after)
    return lang, expr, text, len(head) + 1


def _resolved_at(text, lang, anchor, start, expr):
    found = [t for t in find_times(text, lang, anchor) if t.kind in ("relative", "weekday")]
    at = [t for t in found if t.start < start + len(expr) and t.end > start]
    assert at, (text, found)  # the generated expression was recognized
    return found, at


@settings(max_examples=400, deadline=None)
@given(sentence_with(PAST), anchors)
def test_past_expressions_never_resolve_after_the_anchor(case, anchor):
    lang, expr, text, start = case
    found, at = _resolved_at(text, lang, anchor, start, expr)
    for t in found:
        assert t.value is not None and date.fromisoformat(t.value) <= anchor, (t, anchor)
    back = (anchor - date.fromisoformat(at[0].value)).days
    assert back <= PAST[lang][expr], (expr, anchor, at[0])


@settings(max_examples=300, deadline=None)
@given(sentence_with({k: {e: 0 for e in v} for k, v in FUTURE.items()}), anchors)
def test_future_markers_resolve_on_or_after_the_anchor_within_a_week(case, anchor):
    lang, expr, text, start = case
    _, at = _resolved_at(text, lang, anchor, start, expr)
    value = date.fromisoformat(at[0].value)
    assert anchor <= value <= anchor + timedelta(days=7), (expr, anchor, at[0])


@settings(max_examples=100, deadline=None)
@given(sentence_with(PAST))
def test_without_an_anchor_nothing_relative_is_resolved(case):
    lang, _, text, _ = case
    for t in find_times(text, lang, None):
        if t.kind in ("relative", "weekday"):
            assert t.value is None


# ---------------------------------------------------------------- names

NAME_WORDS = ["محمد", "بن", "سلمان", "عبد", "الله", "أبو", "بكر", "لافروف", "سيرغي", "وانغ", "يي",
              "الرئيس", "ظريف", "جواد", "محمدجواد", "ظریف", "شی", "جین‌پینگ", "پوتین", "Mohammed",
              "bin", "Salman", "Abdullah", "Abu", "Bakr", "Sergey", "Lavrov", "Wang", "Yi", "Javad",
              "Zarif", "Xi", "Jinping", "Vladimir", "Putin", "al-Assad", "Сергей", "Лавров",
              "Путин", "Си", "Цзиньпин", "", "-", "ـ"]
names = st.one_of(st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=4).map(" ".join),
                  st.text(max_size=12))
name_langs = st.sampled_from([None, "ar", "fa", "en", "ru", "kk"])


@settings(max_examples=400, deadline=None)
@given(names, names, name_langs, name_langs)
def test_name_similarity_is_symmetric(a, b, la, lb):
    s = name_similarity(a, b, la, lb)
    assert s == name_similarity(b, a, lb, la)
    assert 0.0 <= s <= 1.0


# ---------------------------------------------------------------- re-ingest

def _corpus() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt")) + sorted((SAMPLE / "text").glob("*.txt"))[:8]
    return [f for f in files if f.exists()]


# Tables whose rows must not change when known articles are read again
# (runs and rejections are logs of each run, and change by design).
SNAPSHOT_TABLES = ("articles", "sentences", "sightings", "outlet_lines", "embeddings", "copies",
                   "stories", "story_articles", "story_links", "actors", "actor_names", "mentions",
                   "entity_runs", "event_mentions", "events", "quotes", "article_dates", "fact_runs")


def snapshot(db: Path) -> dict[str, list]:
    with sqlite3.connect(db) as c:
        out = {t: sorted(map(tuple, c.execute(f"SELECT * FROM {t}")), key=repr)
               for t in SNAPSHOT_TABLES}
        out["articles_fts"] = sorted(c.execute("SELECT rowid, title, body FROM articles_fts"))
    return out


def run_all(paths: list[str], db: Path) -> None:
    """What `khabar ingest PATHS --db DB` does, in this process."""
    from khabar.actors import update_actors
    from khabar.config import Settings
    from khabar.events import update_events
    from khabar.ingest import ingest
    from khabar.store import open_store
    from khabar.stories import update_stories

    s = Settings(db=str(db))
    with open_store(str(db)) as store:
        summary = ingest(paths, store, s)
        assert summary.ok
        update_actors(store, s)
        update_stories(store, s)
        update_events(store, s)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    files = _corpus()
    if len(files) < 6:
        pytest.skip("seed and sample articles are missing")
    db = tmp_path_factory.mktemp("reingest") / "ref.db"
    run_all([str(f) for f in files], db)
    return files, db, snapshot(db)


@pytest.mark.slow
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_reingesting_any_subset_changes_nothing(reference, data):
    files, ref_db, before = reference
    subset = data.draw(st.lists(st.sampled_from(files), unique=True, min_size=1), label="subset")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "k.db"
        shutil.copy(ref_db, db)
        run_all([str(f) for f in subset], db)
        after = snapshot(db)
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert len(before["articles"]) == len(files)
    assert len(before["story_articles"]) == len(files) and before["events"]
