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


def _fuse_reports(tmp_path, reports) -> list[dict]:
    """Fused events of one story whose articles (all published 2022-01-11,
    "on Monday" = 2022-01-10 unless ``published`` says otherwise) each carry
    one CONSULT report ``(source, target, mode[, published])``."""
    arts = [make(f"a{i}", r[3] if len(r) > 3 else "2022-01-11") for i, r in enumerate(reports)]
    with open_store(str(tmp_path / "r.db")) as store:
        store.write_batch(arts, [], [])
        story = "s" + arts[0].id
        store.write_story_batch(stories=[(story, "a call", arts[0].id)],
                                members=[(a.id, story, 1.0, "new" if i == 0 else "similar", None)
                                         for i, a in enumerate(arts)])
        ms = []
        for a, r in zip(arts, reports):
            m = mention(a, r[0], r[1])
            m["mode"] = r[2]
            ms.append(m)
        store.write_fact_batch(event_mentions=ms, done=[(a.id, 1) for a in arts])
        fuse(store)
        return store.list_events()


def _shape(events) -> list[tuple]:
    return sorted((tuple(sorted(a for a in (e["source"], e["target"]) if a)), e["mode"], e["n_sources"])
                  for e in events)


def test_a_state_standing_for_its_minister_joins_the_ministers_call(tmp_path):
    events = _fuse_reports(tmp_path, [("per:wang-yi", "per:sergey-lavrov", "phone call"),
                                      ("per:sergey-lavrov", "per:wang-yi", "phone call"),
                                      ("loc:RU", None, "phone call"),            # "Russia held a call"
                                      ("org:cn-mfa", "loc:RU", "phone call")])   # ministry and state
    assert _shape(events) == [(("per:sergey-lavrov", "per:wang-yi"), "phone call", 4)]


def test_a_state_does_not_stand_for_an_armed_group_or_for_two_events(tmp_path):
    # An armed group based in a country is not that country's state.
    events = _fuse_reports(tmp_path, [("org:rsf", "per:wang-yi", "phone call"),
                                      ("loc:SD", None, "phone call")])
    assert len(events) == 2
    # Two calls of the minister that day: "Russia" could be either, so it stays apart.
    events = _fuse_reports(tmp_path, [("per:sergey-lavrov", "per:wang-yi", "phone call"),
                                      ("per:sergey-lavrov", "loc:KZ", "phone call"),
                                      ("loc:RU", None, "phone call")])
    assert len(events) == 3


def test_a_report_naming_no_actor_joins_the_one_event_its_mode_and_date_fit(tmp_path):
    events = _fuse_reports(tmp_path, [("per:wang-yi", "per:sergey-lavrov", "phone call"),
                                      ("per:wang-yi", "loc:KZ", "visit", "2021-12-01"),
                                      (None, None, "phone call"),       # joins the call
                                      (None, None, "visit", "2021-12-02"),  # joins the visit
                                      (None, None, "phone call", "2021-11-02")])  # weeks off: apart
    assert _shape(events) == [((), "phone call", 1),
                              (("loc:KZ", "per:wang-yi"), "visit", 2),
                              (("per:sergey-lavrov", "per:wang-yi"), "phone call", 2)]


def test_an_announced_event_does_not_join_one_that_happened(tmp_path):
    arts = [make(f"h{i}", "2022-01-11") for i in range(2)]
    with open_store(str(tmp_path / "h.db")) as store:
        store.write_batch(arts, [], [])
        story = "s" + arts[0].id
        store.write_story_batch(stories=[(story, "a call", arts[0].id)],
                                members=[(a.id, story, 1.0, "new" if i == 0 else "similar", None)
                                         for i, a in enumerate(arts)])
        held, next_one = mention(arts[0], "per:wang-yi", "per:sergey-lavrov"), mention(arts[1], None, None)
        # The same two, announced: "Wang and Lavrov will hold another call".
        announced = mention(arts[1], "per:sergey-lavrov", "per:wang-yi")
        next_one["hypothetical"] = announced["hypothetical"] = 1
        store.write_fact_batch(event_mentions=[held, next_one, announced], done=[(a.id, 1) for a in arts])
        events = fuse(store)
    # The held call stays alone; the announced report naming nobody joins
    # the announced call (its only fitting event), never the held one.
    got = sorted((e["hypothetical"], e["source"] or "", e["target"] or "") for e in events)
    assert [g[0] for g in got] == [0, 1] and all({g[1], g[2]} == {"per:wang-yi", "per:sergey-lavrov"}
                                                  for g in got)
    assert len({e["id"] for e in events}) == 2


def test_a_report_naming_no_actor_stays_apart_when_two_events_fit(tmp_path):
    events = _fuse_reports(tmp_path, [("per:wang-yi", "per:sergey-lavrov", "phone call"),
                                      ("per:wang-yi", "loc:KZ", "phone call"),
                                      (None, None, "phone call")])
    assert _shape(events) == [((), "phone call", 1),
                              (("loc:KZ", "per:wang-yi"), "phone call", 1),
                              (("per:sergey-lavrov", "per:wang-yi"), "phone call", 1)]


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


def _ids(r: dict) -> tuple[str | None, str | None]:
    """(source id, target id) of an ``assign_roles`` result."""
    return tuple((r[k] or {}).get("actor_id") for k in ("source", "target"))


@pytest.mark.parametrize("lang, text, trigger, first, second", [
    # Written for this test: "Shoukry and the Turkish foreign minister Çavuşoğlu held a phone call".
    ("en", "Shoukry and the Turkish foreign minister Cavusoglu held a phone call on Monday.",
     "phone call", "Shoukry", "Cavusoglu"),
    ("ar", "أجرى شكري ووزير الخارجية التركي جاويش أوغلو اتصالا هاتفيا يوم الاثنين.",
     "اتصالا هاتفيا", "شكري", "جاويش أوغلو"),
    ("fa", "شکری و وزیر امور خارجه ترکیه چاووش‌اوغلو روز دوشنبه تلفنی گفتگو کردند.",
     "گفتگو", "شکری", "چاووش‌اوغلو"),
    ("ru", "Шукри и глава МИД Турции Чавушоглу провели телефонный разговор в понедельник.",
     "телефонный разговор", "Шукри", "Чавушоглу"),
])
def test_a_second_party_with_its_title_is_still_a_party(lang, text, trigger, first, second):
    ms = [_mention(text, first, "PER", "per:a"), _mention(text, second, "PER", "per:b")]
    # The title's country is a mention too; it belongs to the second name.
    country = {"en": "Turkish", "ar": "التركي", "fa": "ترکیه", "ru": "Турции"}[lang]
    ms.append(_mention(text, country, "LOC", "loc:TR"))
    if lang == "ru":
        ms.append(_mention(text, "МИД", "ORG", "org:mfa"))
    r = _roles_at(text, lang, ms, trigger)
    assert _ids(r) == ("per:a", "per:b")


def test_a_country_a_few_words_before_a_name_is_not_its_title():
    # Written for this test: "Egypt sent aid to Sudan at the request of President Burhan".
    text = "أرسلت مصر مساعدات إلى السودان بناء على طلب الرئيس البرهان."
    ms = [_mention(text, "مصر", "LOC", "loc:EG"), _mention(text, "السودان", "LOC", "loc:SD"),
          _mention(text, "البرهان", "PER", "per:burhan")]
    assert _ids(_roles_at(text, "ar", ms, "أرسلت")) == ("loc:EG", "loc:SD")


@pytest.mark.parametrize("lang, text, trigger, a, b", [
    # Written for this test.
    ("en", "The phone call between Wang Yi and Sergey Lavrov lasted an hour.", "phone call",
     "Wang Yi", "Sergey Lavrov"),
    ("ar", "جرت مكالمة هاتفية بين وانغ يي ولافروف يوم الاثنين.", "مكالمة هاتفية", "وانغ يي", "لافروف"),
])
def test_between_x_and_y_are_both_parties(lang, text, trigger, a, b):
    ms = [_mention(text, a, "PER", "per:a"), _mention(text, b, "PER", "per:b")]
    r = _roles_at(text, lang, ms, trigger)
    assert r.get("joint") and (r["source"]["actor_id"], r["target"]["actor_id"]) == ("per:a", "per:b")


def test_a_place_listed_after_a_marked_place_is_a_place_too():
    # Written for this test: "Protests broke out in Lagos, Abuja and Kano."
    text = "Protests broke out in Lagos, Abuja and Kano."
    ms = [_mention(text, p, "LOC", f"loc:{p}") for p in ("Lagos", "Abuja", "Kano")]
    r = _roles_at(text, "en", ms, "Protests")
    assert r["source"] is None and r["target"] is None
    assert r["location"]["actor_id"] == "loc:Lagos"


def test_persian_source_is_the_subject_of_the_triggers_clause():
    # Written for this test: "Iran's foreign ministry spokesman expressed sympathy in a message
    # to Tajikistan and said the Red Crescent is ready to send aid."  The subject of the aid
    # clause is the Red Crescent, not the spokesman, nor Tajikistan.
    text = ("وزارت امور خارجه ایران در پیامی به تاجیکستان ابراز همدردی کرد و گفت "
            "هلال احمر آماده است کمک امدادی ارسال کند.")
    ms = [_mention(text, "وزارت امور خارجه ایران", "ORG", "org:ir-mfa"),
          _mention(text, "تاجیکستان", "LOC", "loc:TJ"), _mention(text, "هلال احمر", "ORG", "org:irc")]
    assert _roles_at(text, "fa", ms, "امدادی")["source"]["actor_id"] == "org:irc"
    # In one clause the subject opens it, ahead of objects and adverbials
    # ("X, in this call with Y, about the army and Z, exchanged views").
    text = "چاووش‌اوغلو در این تماس با شکری درباره ارتش و نیروهای پشتیبانی سریع گفتگو کرد."
    ms = [_mention(text, "چاووش‌اوغلو", "PER", "per:a"), _mention(text, "شکری", "PER", "per:b"),
          _mention(text, "نیروهای پشتیبانی سریع", "ORG", "org:rsf")]
    r = _roles_at(text, "fa", ms, "گفتگو")
    assert _ids(r) == ("per:a", "per:b")


def test_a_marked_party_far_down_the_sentence_is_not_the_target():
    # Written for this test: the call, then a long clause about clashes "between the army and X".
    text = ("Shoukry received a phone call from his counterpart Cavusoglu, and they discussed the "
            "fast developments in the country amid the armed clashes that began last week between "
            "the army and Rapid Support Forces.")
    ms = [_mention(text, "Shoukry", "PER", "per:a"), _mention(text, "Cavusoglu", "PER", "per:b"),
          _mention(text, "Rapid Support Forces", "ORG", "org:rsf")]
    r = _roles_at(text, "en", ms, "phone call")
    assert r["target"]["actor_id"] == "per:b"


def test_a_clause_opener_ends_the_reach_of_an_unmarked_target():
    # Written for this test: "Wang's pledge came while Washington questioned …".
    text = "Wang made the pledge while Washington questioned the deployment."
    ms = [_mention(text, "Wang", "PER", "per:wang"), _mention(text, "Washington", "LOC", "loc:US")]
    assert _roles_at(text, "en", ms, "pledge")["target"] is None


@pytest.mark.parametrize("lang, text, trigger, agent, patient", [
    # Written for this test: "X was attacked by Y", "the arrest of X by Y".
    ("en", "Ukraine was attacked by Russia on Monday.", "attacked", "Russia", "Ukraine"),
    ("ar", "تعرضت أوكرانيا لهجوم من قبل روسيا يوم الاثنين.", "لهجوم", "روسيا", "أوكرانيا"),
    ("fa", "اوکراین روز دوشنبه توسط روسیه مورد حمله قرار گرفت.", "حمله", "روسیه", "اوکراین"),
    # Russian marks the passive agent by the instrumental case alone.
    ("ru", "Украина была атакована Россией в понедельник.", "атакована", "Россией", "Украина"),
    ("ru", "Журналисты Рейтер были задержаны полицией Минска.", "задержаны", "полицией Минска",
     "Рейтер"),
    ("ru", "Вчера Донецк обстрелян украинскими военными.", "обстрелян", "украинскими военными",
     "Донецк"),
])
def test_the_agent_after_by_is_the_source(lang, text, trigger, agent, patient):
    ms = [_mention(text, agent, "LOC", "loc:agent"), _mention(text, patient, "LOC", "loc:patient")]
    r = _roles_at(text, lang, ms, trigger)
    assert _ids(r) == ("loc:agent", "loc:patient")


@pytest.mark.parametrize("text, trigger, name, is_agent", [
    # Written for this test.  An instrumental right after a passive participle:
    ("Украина была атакована Россией.", "атакована", "Россией", True),
    ("Он был убит вчера боевиками.", "убит", "боевиками", True),
    # not a participle (active voice; a noun ending in -ит):
    ("Украина атаковала Россию.", "атаковала", "Россию", False),
    ("Визит Лавровым не планировался.", "Визит", "Лавровым", False),
    ("Обмен пленными Россией не обсуждался.", "Обмен", "Россией", False),
    ("Они грозят Россией.", "грозят", "Россией", False),             # present tense, not -нят
    ("Посол был принят президентом.", "принят", "президентом", True),
    ("Город взят армией.", "взят", "армией", True),
    # not the instrumental, too far, past a break, or after a preposition:
    ("Был задержан вчера Лавров.", "задержан", "Лавров", False),
    ("Он был убит утром на границе боевиками.", "убит", "боевиками", False),
    ("Он был задержан, Россией это не подтверждено.", "задержан", "Россией", False),
    ("Он был задержан с Лавровым.", "задержан", "Лавровым", False),
])
def test_russian_passive_agent_needs_the_participle_and_the_case(text, trigger, name, is_agent):
    from khabar.events import _marked, _passive_agent

    m = _mention(text, name, "PER", "per:x")
    te = text.index(trigger) + len(trigger)
    got = _passive_agent(text, "ru", te, [(m, _marked(text, "ru", te, m))])
    assert (got is m) == is_agent
    assert _passive_agent(text, "en", te, [(m, None)]) is None     # Russian data only


@pytest.mark.parametrize("lang, text, trigger, receiver, sender", [
    # Written for this test: "X received a message of congratulation from his counterpart Y".
    ("en", "Sisi received a message of congratulation from his counterpart Tebboune.", "message",
     "Sisi", "Tebboune"),
    ("ar", "تلقى الرئيس سعيد رسالة تهنئة من نظيره تبون.", "رسالة", "سعيد", "تبون"),
    ("ru", "Сиси получил послание от своего коллеги Теббуна.", "послание", "Сиси", "Теббуна"),
    ("fa", "سیسی پیامی از همتای خود تبون دریافت کرد.", "پیامی", "سیسی", "تبون"),
])
def test_the_sender_of_a_message_is_its_source(lang, text, trigger, receiver, sender):
    ms = [_mention(text, receiver, "PER", "per:receiver"), _mention(text, sender, "PER", "per:sender")]
    i = text.index(trigger)
    r = assign_roles(text, lang, ms, (0, len(text)), (i, i + len(trigger)), "CONSULT")
    assert _ids(r) == ("per:sender", "per:receiver")
    # "From" is not a sender for other types: a withdrawal from a place.
    r = assign_roles(text, lang, ms, (0, len(text)), (i, i + len(trigger)), "RETREAT")
    assert r["source"]["actor_id"] == "per:receiver"


def test_arabic_b_before_a_city_is_in_but_before_a_country_a_party():
    # Written for this test: "Soldiers killed a man in (ب) the city of X" / "The EU condemned (ب) Israel".
    text = "قتل الجيش رجلا بحمص اليوم."
    ms = [_mention(text, "حمص", "LOC", "loc:gn:test-city")]
    r = _roles_at(text, "ar", ms, "قتل")
    assert r["location"]["actor_id"] == "loc:gn:test-city" and r["target"] is None
    text = "ندد الاتحاد الأوروبي بإسرائيل اليوم."
    ms = [_mention(text, "الاتحاد الأوروبي", "ORG", "org:eu"), _mention(text, "إسرائيل", "LOC", "loc:IL")]
    r = _roles_at(text, "ar", ms, "ندد")
    assert r["target"]["actor_id"] == "loc:IL" and r["location"] is None


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


def _facts(lang: str, text: str, names: list[tuple[str, str, str]],
           published: str | None = None) -> list[dict]:
    """Event rows of ``extract_facts`` on one written sentence, with the
    given ``(surface, type, actor id)`` mentions."""
    from khabar.article import Article
    from khabar.events import extract_facts

    ms = [dict(_mention(text, s, t, a), field="text") for s, t, a in names]
    events, _ = extract_facts(Article(id="t", source="test", text=text, language=lang,
                                      published=published), ms)
    return events


def _city(name: str) -> str:
    from khabar.kb import knowledge_base

    return knowledge_base().lookup(name, "en")[0][0].id


# Written for this test.
@pytest.mark.parametrize("lang, text, names, kind, expect", [
    # A capital as a party of a political event stands for its state.
    ("en", "Ankara and Cairo agreed to reopen their embassies.",
     [("Ankara", "LOC", "Ankara"), ("Cairo", "LOC", "Cairo")], "AGREE", ("loc:TR", "loc:EG", None)),
    # A city visited is where; the state visited, if the city is its capital, the target.
    ("en", "Turkish Foreign Minister Mevlüt Çavuşoğlu visited Cairo.",
     [("Mevlüt Çavuşoğlu", "PER", "per:mevlut-cavusoglu"), ("Cairo", "LOC", "Cairo")], "CONSULT",
     ("per:mevlut-cavusoglu", "loc:EG", "Cairo")),
    ("ar", "زار وزير الخارجية التركي مولود جاويش أوغلو الإسكندرية.",
     [("مولود جاويش أوغلو", "PER", "per:mevlut-cavusoglu"), ("الإسكندرية", "LOC", "Alexandria")],
     "CONSULT", ("per:mevlut-cavusoglu", None, "Alexandria")),
    # The capital of the host's own state is no second party.
    ("en", "Akylbek Japarov hosted the heads of government in Bishkek.",
     [("Akylbek Japarov", "PER", "per:akylbek-japarov"), ("Bishkek", "LOC", "Bishkek")], "CONSULT",
     ("per:akylbek-japarov", None, "Bishkek")),
    # A city attacked stays the target.
    ("en", "Russian forces shelled Kharkiv overnight.",
     [("Russian", "LOC", "loc:RU"), ("Kharkiv", "LOC", "Kharkiv")], "ASSAULT",
     ("loc:RU", "Kharkiv", None)),
])
def test_cities_as_parties(lang, text, names, kind, expect):
    ids = [a if a.startswith(("loc:", "per:")) else _city(a) for _, _, a in names]
    events = [e for e in _facts(lang, text, [(s, t, i) for (s, t, _), i in zip(names, ids)],
                                published="2023-04-17") if e["type"] == kind]
    assert events, text
    want = tuple(_city(x) if x and not x.startswith(("loc:", "per:")) else x for x in expect)
    got = (events[0]["source_actor"], events[0]["target_actor"], events[0]["location"])
    assert got == want


@pytest.mark.parametrize("lang, text, trigger, speaker, place", [
    # Written for this test: "Lavrov said that gunmen killed three policemen
    # in Almaty" / "… that protesters attacked the city hall in Almaty".
    ("ar", "وقال وزير الخارجية الروسي لافروف إن مسلحين قتلوا ثلاثة من رجال الشرطة في ألماتي.",
     "قتلوا", "لافروف", "ألماتي"),
    ("en", "Lavrov said that protesters attacked the city hall in Almaty.", "attacked", "Lavrov", "Almaty"),
    ("fa", "لاوروف گفت که معترضان به ساختمان شهرداری در آلماتی حمله کردند.", "حمله", "لاوروف", "آلماتی"),
    ("ru", "Лавров заявил, что протестующие напали на здание мэрии в Алматы.", "напали", "Лавров", "Алматы"),
])
def test_the_speaker_of_reported_speech_is_not_the_source_of_the_event_told(
        lang, text, trigger, speaker, place):
    events = _facts(lang, text, [(speaker, "PER", "per:lavrov"), (place, "LOC", "loc:almaty")])
    found = [e for e in events if e["type"] == "ASSAULT"]
    assert found, events
    # The source is whoever the quote says did it (the gunmen, the
    # protesters: generic agents), never the speaker.
    assert all(e["source_actor"] in ("sec:militants", "sec:protesters")
               and e["location"] == "loc:almaty" for e in found), found
    # Read without the quote, the speaker would be the nearest actor before
    # the trigger, and so the source.
    i = text.index(trigger)
    r = assign_roles(text, lang, [_mention(text, speaker, "PER", "per:lavrov")], (0, len(text)),
                     (i, i + len(trigger)))
    assert r["source"]["actor_id"] == "per:lavrov"


@pytest.mark.parametrize("lang, text", [
    # Written for this test: "Lavrov said that he had met Wang Yi in Moscow".
    ("ar", "وقال لافروف إنه التقى وانغ يي في موسكو."),
    ("en", "Lavrov said he had met Wang Yi in Moscow."),
    ("fa", "لاوروف گفت که وی با وانگ یی در مسکو دیدار کرد."),
    ("ru", "Лавров заявил, что он провёл переговоры с Ван И в Москве."),
])
def test_a_pronoun_for_the_speaker_keeps_the_speaker_as_the_source(lang, text):
    lavrov = {"ar": "لافروف", "en": "Lavrov", "fa": "لاوروف", "ru": "Лавров"}[lang]
    wang = {"ar": "وانغ يي", "en": "Wang Yi", "fa": "وانگ یی", "ru": "Ван И"}[lang]
    events = _facts(lang, text, [(lavrov, "PER", "per:lavrov"), (wang, "PER", "per:wang-yi")])
    consult = [e for e in events if e["type"] == "CONSULT"]
    assert consult and {(e["source_actor"], e["target_actor"]) for e in consult} == {
        ("per:lavrov", "per:wang-yi")}


def test_parties_named_inside_reported_speech_and_a_participle_after_it():
    # Written for this test: "Lavrov said that the Kazakh police arrested
    # dozens of protesters"; "…, demanding Washington hold a dialogue".
    text = "وقال لافروف إن الشرطة الكازاخية اعتقلت عشرات المحتجين في ألماتي."
    events = _facts("ar", text, [("لافروف", "PER", "per:lavrov"),
                                 ("الشرطة الكازاخية", "ORG", "org:kz-police")])
    assert [(e["type"], e["source_actor"]) for e in events] == [("COERCE", "org:kz-police")]
    text = "وقال لافروف إن الوضع مستقر، مطالبا واشنطن بالحوار."
    events = _facts("ar", text, [("لافروف", "PER", "per:lavrov"), ("واشنطن", "LOC", "loc:us")])
    assert [(e["type"], e["source_actor"], e["target_actor"]) for e in events] == [
        ("REQUEST", "per:lavrov", "loc:us")]


@pytest.mark.parametrize("lang, text, name", [
    # Written for this test: "X was arrested in Moscow" as a verbal noun.
    ("ar", "وتم اعتقال المعارض أليكسي نافالني في موسكو.", "أليكسي نافالني"),
    ("en", "The arrest of Alexei Navalny in Moscow drew protests.", "Alexei Navalny"),
    ("en", "Navalny's arrest in Moscow drew protests.", "Navalny"),
    ("fa", "بازداشت الکسی ناوالنی در مسکو محکوم شد.", "الکسی ناوالنی"),
    ("ru", "Арест Алексея Навального в Москве вызвал протесты.", "Алексея Навального"),
])
def test_the_name_after_a_verbal_noun_of_arrest_is_its_target(lang, text, name):
    events = _facts(lang, text, [(name, "PER", "per:navalny")])
    coerce = [e for e in events if e["type"] == "COERCE"]
    assert [(e["source_actor"], e["target_actor"]) for e in coerce] == [(None, "per:navalny")]


def test_a_subject_before_a_verbal_noun_is_still_its_source():
    # Written for this test: "The Russian police announced the arrest of Navalny".
    text = "وأعلنت الشرطة الروسية اعتقال أليكسي نافالني في موسكو."
    events = _facts("ar", text, [("الشرطة الروسية", "ORG", "org:police"),
                                 ("أليكسي نافالني", "PER", "per:navalny")])
    assert [(e["type"], e["source_actor"], e["target_actor"]) for e in events] == [
        ("COERCE", "org:police", "per:navalny")]


@pytest.mark.parametrize("lang, text, speaker, name, kind", [
    # Written for this test: condemning a killing, demanding a release.
    ("en", "France condemned the killing of journalist Jamal Khashoggi.", "France", "Jamal Khashoggi",
     "ASSAULT"),
    ("ar", "وطالبت منظمة العفو الدولية بالإفراج عن أليكسي نافالني.", "منظمة العفو الدولية",
     "أليكسي نافالني", "RETREAT"),
])
def test_who_condemns_or_demands_an_act_is_not_its_source(lang, text, speaker, name, kind):
    events = _facts(lang, text, [(speaker, "ORG", "org:x"), (name, "PER", "per:y")])
    inner = [e for e in events if e["type"] == kind]
    assert [(e["source_actor"], e["target_actor"]) for e in inner] == [(None, "per:y")]
    # The stance itself keeps its source.
    assert any(e["source_actor"] == "org:x" for e in events if e["type"] != kind)


def test_a_trigger_word_inside_a_name_is_not_an_event():
    # Written for this test: "Amnesty International said …", "the Shanghai
    # Cooperation Organisation met"; "العفو" and "Cooperation" are event words.
    text = "وقالت منظمة العفو الدولية إن الوضع مقلق."
    events = _facts("ar", text, [("منظمة العفو الدولية", "ORG", "org:amnesty")])
    assert events == []
    text = "The Shanghai Cooperation Organisation published a report."
    events = _facts("en", text, [("Shanghai Cooperation Organisation", "ORG", "org:sco")])
    assert not [e for e in events if e["type"] == "COOPERATE"]
    # An unnamed event word is still one.
    assert [e["type"] for e in _facts("ar", text.replace(text, "وأعلن العفو عن السجناء."), [])] == [
        "CONCEDE"]


@pytest.mark.parametrize("lang, text, name", [
    # Written for this test: "Navalny was arrested in Moscow".
    ("en", "Navalny was reportedly arrested in Moscow on Sunday.", "Navalny"),
    ("fa", "ناوالنی روز یکشنبه در مسکو بازداشت شد.", "ناوالنی"),
    ("fa", "ناوالنی و دو همراهش در مسکو بازداشت شده\u200cاند.", "ناوالنی"),
    ("ru", "Навальный был задержан в Москве в воскресенье.", "Навальный"),
    # Arabic, voweled: "اعتُقل" (was arrested) with a damma.
    ("ar", "اعتُقل نافالني في موسكو يوم الأحد.", "نافالني"),
])
def test_the_subject_of_a_passive_is_its_target(lang, text, name):
    events = _facts(lang, text, [(name, "PER", "per:navalny")])
    coerce = [e for e in events if e["type"] == "COERCE"]
    assert [(e["source_actor"], e["target_actor"]) for e in coerce] == [(None, "per:navalny")]


def test_active_verbs_and_the_persian_object_marker():
    # Written for this test: "The police arrested Navalny" (active voice).
    text = "The Russian police arrested Navalny in Moscow."
    events = _facts("en", text, [("Russian police", "ORG", "org:police"), ("Navalny", "PER", "per:navalny")])
    assert [(e["source_actor"], e["target_actor"]) for e in events if e["type"] == "COERCE"] == [
        ("org:police", "per:navalny")]
    # "There were clashes" is no passive: the noun is not a participle.
    from khabar.events import _passive
    text = "There were clashes in Almaty."
    assert not _passive(text, "en", (text.index("clashes"), text.index("clashes") + 7))
    # Persian: "X را" is the object, whatever stands before the verb.
    text = "پلیس روسیه روز یکشنبه ناوالنی را در مسکو بازداشت کرد."
    events = _facts("fa", text, [("پلیس روسیه", "ORG", "org:police"), ("ناوالنی", "PER", "per:navalny")])
    assert [(e["source_actor"], e["target_actor"]) for e in events if e["type"] == "COERCE"] == [
        ("org:police", "per:navalny")]


# Written for this test: generic agents (police, troops, protesters …) as
# parties, with the country named next to them or the event's place.
LAGOS = ("Lagos", "LOC", "Lagos")


@pytest.mark.parametrize("lang, text, names, kind, expect", [
    ("en", "Nigerian police arrested 64 protesters in Lagos on Monday.",
     [("Nigerian", "MISC", "loc:NG"), ("Lagos", "LOC", "Lagos")], "COERCE",
     ("sec:police:NG", "sec:protesters:NG")),
    ("ar", "واعتقلت الشرطة النيجيرية 64 محتجا في لاغوس.", [("لاغوس", "LOC", "Lagos")], "COERCE",
     ("sec:police:NG", "sec:protesters:NG")),
    ("fa", "پلیس نیجریه دهها معترض را در لاگوس بازداشت کرد.",
     [("نیجریه", "LOC", "loc:NG"), ("لاگوس", "LOC", "Lagos")], "COERCE",
     ("sec:police:NG", "sec:protesters:NG")),
    ("ru", "Полиция Нигерии задержала 64 протестующих в Лагосе.",
     [("Нигерии", "LOC", "loc:NG"), ("Лагосе", "LOC", "Lagos")], "COERCE",
     ("sec:police:NG", "sec:protesters:NG")),
    # Counted people were acted on, even before the verb: "14 soldiers were killed".
    ("ar", "قتل 14 جنديا في هجوم انتحاري بسيارة مفخخة في لاغوس.", [("لاغوس", "LOC", "Lagos")], "ASSAULT",
     (None, "sec:military:NG")),
    # ... unless they have a counted object of their own: four gunmen killed 67 people.
    ("ar", "قتل أربعة مسلحين 67 شخصا في هجوم انتحاري بسيارة مفخخة في لاغوس.",
     [("لاغوس", "LOC", "Lagos")], "ASSAULT", ("sec:militants:NG", None)),
    # Civilians are never a source; the police never the source of a protest.
    ("en", "Gunmen killed 12 civilians in Lagos.", [("Lagos", "LOC", "Lagos")],
     "ASSAULT", ("sec:militants:NG", "sec:civilians:NG")),
    # A government with its country is the state.
    ("en", "The Nigerian government condemned the attack.", [("Nigerian", "MISC", "loc:NG")],
     "ACCUSE", ("loc:NG", None)),
])
def test_generic_agents_take_part(lang, text, names, kind, expect):
    ids = [a if a.startswith(("loc:", "per:")) else _city(a) for _, _, a in names]
    found = [e for e in _facts(lang, text, [(s, t, i) for (s, t, _), i in zip(names, ids)],
                               published="2023-08-14") if e["type"] == kind]
    assert found, text
    assert (found[0]["source_actor"], found[0]["target_actor"]) == expect


def test_generic_agents_far_from_the_trigger_or_in_talks_take_no_part():
    # The army is the topic of the talks, and the pressure is on the militants.
    events = _facts("en", "Sameh Shoukry discussed with Mevlüt Çavuşoğlu the fighting between "
                          "the army and the militants.",
                    [("Sameh Shoukry", "PER", "per:sameh-shoukry"),
                     ("Mevlüt Çavuşoğlu", "PER", "per:mevlut-cavusoglu")])
    assert not any(a and a.startswith("sec:") for e in events
                   for a in (e["source_actor"], e["target_actor"]))
    events = _facts("en", "Several governments came under pressure after the talks from "
                          "militants who backed a military solution.", [])
    consult = [e for e in events if e["type"] == "SUPPORT"]
    assert all(e["source_actor"] != "sec:military" for e in consult)


def test_a_protest_has_its_protesters_as_source_and_agents_fuse_across_outlets(tmp_path):
    events = _facts("en", "Police watched as protesters marched in Lagos.",
                    [("Lagos", "LOC", _city("Lagos"))], published="2023-08-14")
    protest = [e for e in events if e["type"] == "PROTEST"]
    assert protest and protest[0]["source_actor"] == "sec:protesters:NG"
    # "protesters" (no country) and "Nigerian protesters" in one story are one party.
    events = _fuse_reports(tmp_path, [("sec:protesters:NG", None, "demonstration"),
                                      ("sec:protesters", None, "demonstration")])
    assert [(e["source"], e["n_sources"]) for e in events] == [("sec:protesters:NG", 2)]


def test_generic_agents_are_stored_as_sector_actors(tmp_path):
    from khabar.events import _store_agents, agent_actor

    assert agent_actor("sec:police:NG").name == "Police (Nigeria)"
    assert agent_actor("sec:protesters").name == "Protesters"
    assert agent_actor("sec:nobody:NG") is None and agent_actor("loc:NG") is None
    with open_store(str(tmp_path / "a.db")) as store:
        _store_agents(store, [{"source_actor": "sec:police:NG", "target_actor": "sec:protesters"},
                              {"source_actor": "per:x", "target_actor": None}])
        got = {r[0]: (r[1], r[2]) for r in store.conn.execute(
            "SELECT id, name, source FROM actors")}
    assert got == {"sec:police:NG": ("Police (Nigeria)", "sector"),
                   "sec:protesters": ("Protesters", "sector")}


def _article_facts(lang: str, text: str) -> list[dict]:
    """Event rows of ``extract_facts`` on a written article split into sentences."""
    from khabar.article import Article, Sentence
    from khabar.events import extract_facts
    from khabar.sentences import split

    sents = [Sentence(s, e) for s, e in split(text, lang=lang)]
    art = Article(id="t", source="test", text=text, language=lang, sentences=sents)
    return extract_facts(art, [])[0]


# Written for this test: in a sports report a match is no meeting and a rival
# "hosted" no visit, but an arrest is an arrest.
def test_a_sports_report_keeps_only_crimes_and_violence():
    report = ("Hosts Uzbekistan beat Oman 2-1 in the opening match of the regional football "
              "tournament on Friday. The two coaches met after the game. Police arrested "
              "twelve fans outside the stadium.")
    types = {e["type"] for e in _article_facts("en", report)}
    assert types == {"COERCE"}
    politics = ("The two ministers met in Tashkent on Friday. Police arrested twelve "
                "protesters outside the ministry.")
    assert {e["type"] for e in _article_facts("en", politics)} == {"CONSULT", "COERCE"}


# Written for this test: a call or a message has no place of its own; a
# meeting has.
@pytest.mark.parametrize("lang, text, names, expect_location", [
    ("en", "Wang Yi held a phone call with Sergei Lavrov on the situation in Kazakhstan.",
     [("Wang Yi", "PER", "per:wang-yi"), ("Sergei Lavrov", "PER", "per:sergey-lavrov"),
      ("Kazakhstan", "LOC", "loc:KZ")], None),
    ("ar", "وأجرى وانغ يي اتصالا هاتفيا مع لافروف بحثا خلاله الوضع في كازاخستان.",
     [("وانغ يي", "PER", "per:wang-yi"), ("لافروف", "PER", "per:sergey-lavrov"),
      ("كازاخستان", "LOC", "loc:KZ")], None),
    ("en", "Wang Yi met Sergei Lavrov in Kazakhstan on Monday.",
     [("Wang Yi", "PER", "per:wang-yi"), ("Sergei Lavrov", "PER", "per:sergey-lavrov"),
      ("Kazakhstan", "LOC", "loc:KZ")], "loc:KZ"),
])
def test_calls_have_no_location(lang, text, names, expect_location):
    consult = [e for e in _facts(lang, text, names) if e["type"] == "CONSULT"]
    assert consult and consult[0]["location"] == expect_location
    assert consult[0]["source_actor"] == "per:wang-yi"


# Written for this test: a capital that speaks speaks for its state; another
# city is itself.
@pytest.mark.parametrize("lang, text, city, expect", [
    ("en", "The two ministers called for calm, Cairo said after the call.", "Cairo", "loc:EG"),
    ("ar", "وقالت موسكو إن المحادثات ستستأنف الأسبوع المقبل.", "موسكو", "loc:RU"),
    ("en", "The port is closed, Lagos said on Monday.", "Lagos", None),
])
def test_a_capital_speaks_for_its_state(lang, text, city, expect):
    from khabar.article import Article
    from khabar.events import extract_facts

    city_id = _city(city if lang == "en" else "Moscow")
    ms = [dict(_mention(text, city, "LOC", city_id), field="text")]
    _, quotes = extract_facts(Article(id="t", source="test", text=text, language=lang), ms)
    assert quotes and quotes[0]["speaker"] == (expect or city_id)


# Written for this test: counted people right after an Arabic verb or verbal
# noun were acted on (an unvoweled passive), so a name after them is no
# source; counted people with a counted object of their own acted.
@pytest.mark.parametrize("text, names, expect", [
    ("وقتل 19 مسلحا من تنظيم داعش في غارة جوية شمال المدينة.",
     [("تنظيم داعش", "ORG", "org:isis")], (None, "org:isis")),
    ("وقال إن 96 شخصا أصيبوا فيما قتل 8 أشخاص في أماكن متفرقة من المدينة، وقصفت ميليشيات الحوثي حيا سكنيا.",
     [("الحوثي", "ORG", "org:houthis")], (None, None)),
    ("وقتل مسلحو حركة الشباب 12 جنديا في هجوم انتحاري بسيارة مفخخة على قاعدة.",
     [("حركة الشباب", "ORG", "org:al-shabaab")], ("org:al-shabaab", "sec:military")),
])
def test_counted_people_after_the_verb_were_acted_on(text, names, expect):
    assault = [e for e in _facts("ar", text, names) if e["type"] == "ASSAULT"]
    assert assault and (assault[0]["source_actor"], assault[0]["target_actor"]) == expect
