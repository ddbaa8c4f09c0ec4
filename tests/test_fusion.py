"""Event fusion on a real SQLite store, independent of the detectors.

Three articles of one story report the same call; the mention rows are
written by hand so the test checks fusion alone: one event, three sources,
the date and the initiator kept side by side where the outlets disagree, an
estimated date for the article without one.
"""

from __future__ import annotations

import pytest

from khabar.article import Article, RawDocument
from khabar.config import load_settings
from khabar.events import assign_roles, fuse
from khabar.pipeline import build_pipeline
from khabar.store import open_store

SETTINGS = load_settings(env={})
TEXT = ("The foreign minister held a phone call with his counterpart on Monday. "
        "They discussed the situation.")


def make(title: str, published: str | None) -> Article:
    raw = RawDocument(source=f"{title}.txt", text=f"{title}\n\n{TEXT} ({title})", title=title,
                      outlet=title, published=published, published_field="date")
    return build_pipeline(SETTINGS)(Article.from_raw(raw))


def mention(article: Article, source: str, target: str | None, count=None) -> dict:
    s = article.sentences[-2] if len(article.sentences) > 1 else article.sentences[0]
    i = article.sentences.index(s)
    t = article.text.index("phone call")
    return {"article_id": article.id, "type": "CONSULT", "mode": "phone call",
            "source_actor": source, "target_actor": target, "source_text": None, "target_text": None,
            "location": None, "count": count, "negated": 0, "hypothetical": 0, "sentence": i,
            "start": s.start, "end": s.end, "trigger": "phone call", "trigger_start": t,
            "trigger_end": t + 10, "score": 1.0}


@pytest.fixture
def fused(tmp_path):
    arts = [make("alpha", "2022-01-11"), make("beta", "2022-01-18"), make("gamma", None)]
    with open_store(str(tmp_path / "f.db")) as store:
        store.write_batch(arts, [], [])
        story = "s" + arts[0].id
        store.write_story_batch(
            stories=[(story, "a call", arts[0].id)],
            members=[(a.id, story, 1.0, "new" if i == 0 else "similar", None) for i, a in enumerate(arts)])
        store.write_fact_batch(
            event_mentions=[mention(arts[0], "per:a", "per:b", 3), mention(arts[1], "per:b", "per:a", 4),
                            mention(arts[2], "per:a", None)],
            done=[(a.id, 1) for a in arts])
        events = fuse(store)
        yield store, arts, events, story


def test_one_event_with_three_sources(fused):
    store, arts, events, story = fused
    assert len(events) == 1
    e = store.list_events()[0]
    assert e["n_sources"] == 3 and e["story_id"] == story
    assert {s["article"] for s in e["sources"]} == {a.id for a in arts}
    assert {e["source"], e["target"]} == {"per:a", "per:b"}


def test_disagreements_are_kept_side_by_side(fused):
    store, arts, _, _ = fused
    e = store.list_events()[0]
    dates = {d["value"] for d in e["disagreements"]["date"]}
    # "on Monday" resolved against each article's own date: two different Mondays.
    assert dates == {"2022-01-10", "2022-01-17"}
    assert {d["value"] for d in e["disagreements"]["source"]} == {"per:a", "per:b"}
    assert {d["value"] for d in e["disagreements"]["count"]} == {3, 4}


def test_article_without_date_is_estimated(fused):
    store, arts, _, _ = fused
    d = store.article_date(arts[2].id)
    assert d["method"] == "estimated"
    assert "2022-01-10" <= d["date"] <= "2022-01-18"
    assert store.article_date(arts[0].id)["method"] == "publication"


def test_refusion_is_stable(fused):
    store, _, events, _ = fused
    again = fuse(store)
    assert [e["id"] for e in again] == [e["id"] for e in events]


def test_roles_around_a_trigger():
    text = "Wang Yi held a phone call with Sergey Lavrov in Beijing."
    ms = [{"start": 0, "end": 7, "type": "PER", "actor_id": "per:wang-yi"},
          {"start": 31, "end": 44, "type": "PER", "actor_id": "per:sergey-lavrov"},
          {"start": 48, "end": 55, "type": "LOC", "actor_id": "loc:beijing"}]
    r = assign_roles(text, "en", ms, (0, len(text)), (15, 25))
    assert r["source"]["actor_id"] == "per:wang-yi"
    assert r["target"]["actor_id"] == "per:sergey-lavrov"
    assert r["location"]["actor_id"] == "loc:beijing"


def _mention(text: str, surface: str, typ: str, aid: str) -> dict:
    """A resolved mention of ``surface`` (its first occurrence in ``text``)."""
    i = text.index(surface)
    return {"start": i, "end": i + len(surface), "type": typ, "actor_id": aid}


def test_roles_verb_first_arabic():
    text = "بحث وزير الخارجية الروسي سيرغي لافروف مع نظيره الصيني وانغ يي الوضع في كازاخستان."
    ms = [_mention(text, "الروسي", "LOC", "loc:RU"),
          _mention(text, "سيرغي لافروف", "PER", "per:sergey-lavrov"),
          _mention(text, "الصيني", "LOC", "loc:CN"), _mention(text, "وانغ يي", "PER", "per:wang-yi"),
          _mention(text, "كازاخستان", "LOC", "loc:KZ")]
    r = assign_roles(text, "ar", ms, (0, len(text)), (0, 3))
    assert r["source"]["actor_id"] == "per:sergey-lavrov"
    assert r["target"]["actor_id"] == "per:wang-yi"
    assert r["location"]["actor_id"] == "loc:KZ"


def test_a_news_outlet_reports_an_event_it_is_not_a_party_to():
    # Written for this test: "Al Mayadeen said that Russian troops were sent to Kazakhstan".
    text = "وقالت قناة الميادين إن روسيا أرسلت قوات إلى كازاخستان."
    ms = [_mention(text, "الميادين", "ORG", "media:al-mayadeen"),
          _mention(text, "روسيا", "LOC", "loc:RU"), _mention(text, "كازاخستان", "LOC", "loc:KZ")]
    trigger = text.index("أرسلت")
    r = assign_roles(text, "ar", ms, (0, len(text)), (trigger, trigger + 5))
    assert r["source"]["actor_id"] == "loc:RU"
    assert r["target"]["actor_id"] == "loc:KZ"
    # With no other actor, the outlet is still not made the source.
    r = assign_roles(text, "ar", ms[:1], (0, len(text)), (trigger, trigger + 5))
    assert r["source"] is None and r["target"] is None


def _roles_at(text: str, lang: str, ms: list[dict], trigger: str) -> dict:
    i = text.index(trigger)
    return assign_roles(text, lang, ms, (0, len(text)), (i, i + len(trigger)))


def test_an_unmarked_actor_far_from_the_trigger_or_past_a_clause_is_not_its_target():
    # Written for this test.  Near and in the same clause: the object.
    text = "Russia attacked Ukraine on Monday."
    ms = [_mention(text, "Russia", "LOC", "loc:RU"), _mention(text, "Ukraine", "LOC", "loc:UA")]
    assert _roles_at(text, "en", ms, "attacked")["target"]["actor_id"] == "loc:UA"
    # Past a clause break the next actor belongs to another predicate.
    text = "Russia condemned the attack; meanwhile Ukraine held elections."
    ms = [_mention(text, "Russia", "LOC", "loc:RU"), _mention(text, "Ukraine", "LOC", "loc:UA")]
    assert _roles_at(text, "en", ms, "condemned")["target"] is None
    # More words than TARGET_REACH away: not the target either.
    text = ("Russia threatened a firm response to what it called a provocation "
            "by unnamed groups while officials from Ukraine met.")
    ms = [_mention(text, "Russia", "LOC", "loc:RU"), _mention(text, "Ukraine", "LOC", "loc:UA")]
    assert _roles_at(text, "en", ms, "threatened")["target"] is None


@pytest.mark.parametrize("lang, text, trigger", [
    # Written for this test: "The US urged calm amid the protests in Kazakhstan."
    ("ar", "حثت الولايات المتحدة على التهدئة على خلفية الاحتجاجات في كازاخستان.", "الاحتجاجات"),
    ("en", "The United States urged calm amid the violent protests in Kazakhstan.", "protests"),
    ("fa", "آمریکا در پی اعتراضات در قزاقستان خواستار آرامش شد.", "اعتراضات"),
    ("ru", "США призвали к спокойствию на фоне протестов в Казахстане.", "протестов"),
])
def test_an_event_named_as_a_circumstance_takes_no_source_from_the_main_clause(lang, text, trigger):
    us = {"ar": "الولايات المتحدة", "en": "United States", "fa": "آمریکا", "ru": "США"}[lang]
    kz = {"ar": "كازاخستان", "en": "Kazakhstan", "fa": "قزاقستان", "ru": "Казахстане"}[lang]
    ms = [_mention(text, us, "LOC", "loc:US"), _mention(text, kz, "LOC", "loc:KZ")]
    r = _roles_at(text, lang, ms, trigger)
    assert r["source"] is None
    assert r["target"] is None
    assert r["location"]["actor_id"] == "loc:KZ"


def test_a_circumstance_keeps_the_parties_written_after_the_trigger():
    # Written for this test: "Washington warned after the talks between Wang Yi and Lavrov".
    text = "حذرت واشنطن بعد المحادثات مع لافروف التي أجراها وانغ يي."
    ms = [_mention(text, "واشنطن", "LOC", "loc:US"), _mention(text, "لافروف", "PER", "per:lavrov"),
          _mention(text, "وانغ يي", "PER", "per:wang-yi")]
    r = _roles_at(text, "ar", ms, "المحادثات")
    assert r["source"]["actor_id"] == "per:wang-yi"
    assert r["target"]["actor_id"] == "per:lavrov"
    # An actor between the phrase and the trigger is the clause's own subject.
    text = "After Russia sent troops, Washington warned Moscow."
    ms = [_mention(text, "Russia", "LOC", "loc:RU"), _mention(text, "Washington", "LOC", "loc:US")]
    r = _roles_at(text, "en", ms, "sent")
    assert r["source"]["actor_id"] == "loc:RU"


def test_a_definite_event_noun_after_on_or_about_is_a_topic_not_an_act():
    # Written for this test: "The Russian Foreign Ministry commented on the
    # events and the protests in Almaty" / "… the protesters took part in the
    # protests" (there the subject is the source).
    text = "وعلقت وزارة الخارجية الروسية على الأحداث والاحتجاجات في ألماتي."
    ms = [_mention(text, "وزارة الخارجية الروسية", "ORG", "org:ru-mfa"),
          _mention(text, "ألماتي", "LOC", "loc:almaty")]
    r = _roles_at(text, "ar", ms, "والاحتجاجات")
    assert r["source"] is None and r["location"]["actor_id"] == "loc:almaty"
    text = "وشارك أنصار المعارضة الكينية في الاحتجاجات في نيروبي."
    ms = [_mention(text, "المعارضة الكينية", "ORG", "org:opposition"),
          _mention(text, "نيروبي", "LOC", "loc:nairobi")]
    r = _roles_at(text, "ar", ms, "الاحتجاجات")
    assert r["source"]["actor_id"] == "org:opposition"


def test_a_fused_event_never_has_one_actor_on_both_sides(tmp_path):
    arts = [make("alpha", "2022-01-11"), make("beta", "2022-01-11")]
    with open_store(str(tmp_path / "f.db")) as store:
        store.write_batch(arts, [], [])
        story = "s" + arts[0].id
        store.write_story_batch(stories=[(story, "protests", arts[0].id)],
                                members=[(a.id, story, 1.0, "new" if i == 0 else "similar", None)
                                         for i, a in enumerate(arts)])
        one, other = mention(arts[0], "org:union", None), mention(arts[1], None, "org:union")
        for m in (one, other):
            m["type"], m["mode"] = "PROTEST", "demonstration"
        store.write_fact_batch(event_mentions=[one, other], done=[(a.id, 1) for a in arts])
        events = fuse(store)
    assert [(e["source"], e["target"]) for e in events] == [("org:union", None)]
