"""PLOVER event detection: triggers, modes, negation and hypothetical flags per
language (sentences written for these tests), offsets, and the evaluation
gate on the shared Arabic dev files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.event_detect import Detection, detect, detect_many
from khabar.evaluation.events import evaluate_events, main as eval_main

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "events"


def found(text: str, lang: str, typ: str, **flags) -> list[Detection]:
    """Detections of one type, optionally with given flag values."""
    out = [d for d in detect(text, lang) if d.type == typ]
    return [d for d in out if all(getattr(d, k) == v for k, v in flags.items())]


def modes(text: str, lang: str, typ: str) -> set:
    return {d.mode for d in found(text, lang, typ)}


# ---------------------------------------------------------------------------
# Arabic
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,typ,mode", [
    ("أجرى وزير الخارجية السعودي اتصالا هاتفيا مع نظيره الأردني بحثا خلاله العلاقات الثنائية.",
     "CONSULT", "phone"),
    ("وتلقى الرئيس مكالمة هاتفية من رئيس الوزراء الهندي.", "CONSULT", "phone"),
    ("واستقبل ولي العهد في مكتبه أمس السفير الفرنسي لدى المملكة.", "CONSULT", "host"),
    ("والتقى الأمين العام للجامعة العربية وزير الخارجية المصري في القاهرة.", "CONSULT", "meet"),
    ("بعث خادم الحرمين الشريفين برقية تهنئة إلى رئيس الجمهورية.", "CONSULT", "message"),
    ("ويقوم رئيس الوزراء بزيارة رسمية إلى اليابان تستمر ثلاثة أيام.", "CONSULT", "visit"),
    ("وأعلنت الحكومة نشر قوات إضافية على الحدود الشمالية.", "MOBILIZE", "troops"),
    ("واعتقلت الشرطة أمس خمسة أشخاص في العاصمة.", "COERCE", "arrest"),
    ("وفرضت السلطات حظر التجول في المدينة ليلا.", "COERCE", "curfew"),
    ("وأعلن الرئيس حالة الطوارئ في البلاد لمدة شهر.", "COERCE", "martial-law"),
    ("وقدم رئيس الوزراء استقالة حكومته إلى رئيس الجمهورية.", "CONCEDE", "resign"),
    ("وأفرجت السلطات عن عشرين معتقلا بعد انتهاء التحقيق.", "RETREAT", "release"),
    ("وأعلن الطرفان وقف إطلاق النار اعتبارا من منتصف الليل.", "RETREAT", "ceasefire"),
    ("وفرضت الولايات المتحدة عقوبات اقتصادية جديدة على الشركة.", "SANCTION", "restrict"),
    ("وندد البيان بالهجوم واتهم الجماعة بالوقوف وراءه.", "ACCUSE", "disapprove"),
])
def test_arabic_triggers_and_modes(text, typ, mode):
    assert mode in modes(text, "ar", typ), detect(text, "ar")


def test_arabic_ceasefire_is_not_shooting():
    """The longer pattern wins: وقف إطلاق النار is RETREAT, not ASSAULT firearms."""
    text = "وأعلن الطرفان وقف إطلاق النار اعتبارا من منتصف الليل."
    assert not any(d.mode == "firearms" for d in detect(text, "ar", min_score=0))


def test_arabic_assault_and_protest_pass_the_classifier():
    assault = "وقتل خمسة أشخاص وأصيب عشرة آخرون أمس في انفجار سيارة مفخخة استهدف سوقا شعبية وسط المدينة."
    got = found(assault, "ar", "ASSAULT", negated=False, hypothetical=False)
    assert {"kill", "explosives"} <= {d.mode for d in got}
    protest = "وتظاهر آلاف الطلاب أمس أمام مقر البرلمان احتجاجا على رفع الرسوم الدراسية."
    got = found(protest, "ar", "PROTEST", negated=False, hypothetical=False)
    assert "demo" in {d.mode for d in got}


def test_arabic_proclitics_and_inflections():
    # و + ال + plural; imperfect; feminine perfect.
    assert found("وانطلقت والمظاهرات في الشوارع الرئيسية للمدينة أمس احتجاجا على الغلاء.",
                 "ar", "PROTEST")
    assert found("ويلتقي الرئيس نظيره الفرنسي غدا.", "ar", "CONSULT")
    assert found("واعتقلت قوات الأمن عددا من المطلوبين.", "ar", "COERCE")


def test_arabic_negation():
    text = "ولم تعتقل الشرطة أحدا من المشاركين."
    (d,) = found(text, "ar", "COERCE")
    assert d.negated and not d.hypothetical
    text = "ونفت الوزارة أي اعتقال للصحفيين."
    assert all(d.negated for d in found(text, "ar", "COERCE"))


def test_arabic_hypothetical():
    text = "وقد تفرض الحكومة حظر التجول إذا استمرت الاضطرابات."
    (d,) = found(text, "ar", "COERCE")
    assert d.hypothetical and d.mode == "curfew"
    text = "وهدد الاتحاد بتنظيم إضراب عام الأسبوع المقبل."
    assert found(text, "ar", "THREATEN")
    assert all(d.hypothetical for d in found(text, "ar", "PROTEST", ))
    # قد before a perfect verb is past, not hypothetical.
    text = "وكان وزير الخارجية قد استقبل السفير أمس."
    (d,) = found(text, "ar", "CONSULT")
    assert not d.hypothetical


# "Any attempt to stir unrest" names no protest that happened; the protest
# itself, in a plain sentence, stays factual.  Sentences written for this test.
@pytest.mark.parametrize("lang, text, plain", [
    ("ar", "وأكدت الوزارة رفضها لأي محاولة لإثارة الاحتجاجات في البلاد.",
     "وتظاهر آلاف المحتجين في وسط العاصمة يوم السبت."),
    ("fa", "دولت هرگونه تلاش برای ایجاد اعتراضات خیابانی را محکوم کرد.",
     "اعتراضات خیابانی در پایتخت ادامه یافت."),
    ("en", "The ministry condemned any attempt to organize protests in the capital.",
     "Thousands joined protests in the capital on Saturday."),
    ("ru", "Министерство осудило любые попытки организовать протесты в столице.",
     "В столице прошли протесты."),
])
def test_any_attempt_is_hypothetical(lang, text, plain):
    assert not found(text, lang, "PROTEST", hypothetical=False), found(text, lang, "PROTEST")
    assert found(plain, lang, "PROTEST", hypothetical=False)


def test_clause_boundary_stops_negation():
    text = "لم يتضح عدد الجرحى، واعتقلت الشرطة ثلاثة رجال."
    (d,) = found(text, "ar", "COERCE")
    assert not d.negated


def test_arabic_institution_is_not_an_event():
    text = "وعقد مجلس التعاون الخليجي دورته العادية."
    assert not found(text, "ar", "COOPERATE")


# ---------------------------------------------------------------------------
# Persian
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,typ,mode", [
    ("وزیر امور خارجه در یک گفت‌وگوی تلفنی با همتای روس خود درباره تحولات منطقه رایزنی کرد.",
     "CONSULT", "phone"),
    ("رئیس‌جمهور با نخست‌وزیر عراق دیدار و گفتگو کرد.", "CONSULT", "meet"),
    ("رئیس‌جمهور در پیامی به همتای خود این پیروزی را تبریک گفت.", "CONSULT", "message"),
    ("این کشور برای مقابله با ناآرامی‌ها نیرو اعزام کرد و اعزام نیرو ادامه دارد.",
     "MOBILIZE", "troops"),
    ("پلیس ده نفر را در جریان ناآرامی‌ها بازداشت کرد.", "COERCE", "arrest"),
    ("دولت در پایتخت وضعیت اضطراری اعلام کرد.", "COERCE", "martial-law"),
    ("مقامات در شهر منع رفت و آمد شبانه برقرار کردند.", "COERCE", "curfew"),
    ("هزاران نفر در مرکز شهر دست به تظاهرات زدند.", "PROTEST", "demo"),
    ("کارگران کارخانه برای سومین روز اعتصاب کردند.", "PROTEST", "strike"),
    ("در این انفجار دست‌کم هفت نفر کشته شدند.", "ASSAULT", "kill"),
    ("یک بمب‌گذار انتحاری خود را در نزدیکی مسجد منفجر کرد.", "ASSAULT", "suicide-attack"),
    ("نخست‌وزیر پس از هفته‌ها اعتراض استعفا داد.", "CONCEDE", "resign"),
    ("دو طرف بر سر آتش‌بس توافق کردند.", "RETREAT", "ceasefire"),
])
def test_persian_triggers_and_modes(text, typ, mode):
    assert mode in modes(text, "fa", typ), detect(text, "fa")


def test_persian_negated_light_verb():
    (d,) = found("وزیر خارجه با سفیر آمریکا دیدار نکرد.", "fa", "CONSULT")
    assert d.negated and not d.hypothetical
    (d,) = found("هیچ کس بازداشت نشد.", "fa", "COERCE")
    assert d.negated


def test_persian_hypothetical():
    (d,) = found("رئیس‌جمهور هفته آینده با همتای ترکیه‌ای خود دیدار خواهد کرد.", "fa", "CONSULT")
    assert d.hypothetical and not d.negated
    assert all(d.hypothetical for d in found("اگر دولت قیمت‌ها را بالا ببرد، تظاهرات خواهد شد.",
                                             "fa", "PROTEST"))


def test_persian_zwnj_variants_match_alike():
    a = found("تحریم‌های تازه اعمال شد.", "fa", "SANCTION")
    b = found("تحریمهای تازه اعمال شد.", "fa", "SANCTION")
    assert a and b


# ---------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,typ,mode", [
    ("The foreign minister held a phone call with his Russian counterpart on Monday.",
     "CONSULT", "phone"),
    ("The two leaders met in Geneva for talks on the crisis.", "CONSULT", "meet"),
    ("Xi sent a congratulatory message to the new president.", "CONSULT", "message"),
    ("The prime minister visited Tokyo last week.", "CONSULT", "visit"),
    ("The alliance deployed 2,000 troops to the capital.", "MOBILIZE", "troops"),
    ("Police arrested dozens of people overnight.", "COERCE", "arrest"),
    ("Authorities imposed a curfew in the city.", "COERCE", "curfew"),
    ("The president declared a state of emergency.", "COERCE", "martial-law"),
    ("Thousands of protesters took to the streets of the capital.", "PROTEST", "demo"),
    ("Workers staged a sit-in outside the ministry.", "PROTEST", "sit-in"),
    ("Rioters set cars on fire as riots spread.", "PROTEST", "riot"),
    ("A car bomb killed twelve people in the market.", "ASSAULT", "explosives"),
    ("Gunmen opened fire on a bus, killing four.", "ASSAULT", "firearms"),
    ("The government resigned after weeks of protests.", "CONCEDE", "resign"),
    ("The rebels released three hostages on Sunday.", "RETREAT", "release"),
])
def test_english_triggers_and_modes(text, typ, mode):
    assert mode in modes(text, "en", typ), detect(text, "en")


def test_english_negation_and_hypothetical():
    (d,) = found("Police did not arrest anyone.", "en", "COERCE")
    assert d.negated
    (d,) = found("The ministry denied that any arrests had taken place.", "en", "COERCE")
    assert d.negated
    (d,) = found("The leaders will meet in Paris next week.", "en", "CONSULT")
    assert d.hypothetical and not d.negated
    ds = found("The militia threatened to attack the city if talks failed.", "en", "ASSAULT")
    assert ds and all(d.hypothetical for d in ds)


def test_english_idioms_are_not_events():
    assert not found("He was rushed to hospital after a heart attack.", "en", "ASSAULT")
    assert not found("The Protestant church held a service.", "en", "PROTEST")
    assert not found("The ministry released a statement on Monday.", "en", "RETREAT")


# ---------------------------------------------------------------------------
# Russian
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,typ,mode", [
    ("Министры иностранных дел провели телефонный разговор в понедельник.", "CONSULT", "phone"),
    ("Лидеры двух стран встретились в Женеве для переговоров.", "CONSULT", "meet"),
    ("Президент направил соболезнования семьям погибших.", "CONSULT", "message"),
    ("Премьер-министр посетил Токио на прошлой неделе.", "CONSULT", "visit"),
    ("Альянс начал переброску войск в столицу.", "MOBILIZE", "troops"),
    ("Полиция задержала десятки человек ночью.", "COERCE", "arrest"),
    ("Власти ввели комендантский час в городе.", "COERCE", "curfew"),
    ("Президент объявил режим чрезвычайного положения.", "COERCE", "martial-law"),
    ("Тысячи демонстрантов вышли на улицы столицы.", "PROTEST", "demo"),
    ("Рабочие объявили забастовку у здания министерства.", "PROTEST", "strike"),
    ("В результате взрыва на рынке погибли двенадцать человек.", "ASSAULT", "explosives"),
    ("Неизвестные открыли огонь по автобусу.", "ASSAULT", "firearms"),
    ("Правительство ушло в отставку после недели протестов.", "CONCEDE", "resign"),
    ("Повстанцы освободили трех заложников в воскресенье.", "RETREAT", "release"),
    ("Евросоюз ввел новые санкции против банков.", "SANCTION", "restrict"),
])
def test_russian_triggers_and_modes(text, typ, mode):
    assert mode in modes(text, "ru", typ), detect(text, "ru")


def test_russian_case_endings_and_yo():
    assert found("ПЕРЕГОВОРЫ завершились; переговорах участвовали обе стороны.", "ru", "CONSULT")
    assert found("Вооружённые люди атаковали блокпост.", "ru", "ASSAULT")


def test_russian_negation_and_hypothetical():
    (d,) = found("Полиция никого не задержала.", "ru", "COERCE")
    assert d.negated
    (d,) = found("Лидеры планируют встречу в Париже.", "ru", "CONSULT")
    assert d.hypothetical and not d.negated
    ds = found("Группировка пригрозила атаковать город, если переговоры сорвутся.", "ru", "ASSAULT")
    assert ds and all(d.hypothetical for d in ds)


def test_russian_words_that_only_look_like_events():
    assert not found("Помощник министра подготовил доклад.", "ru", "AID")
    assert not found("Штурман доложил о погоде.", "ru", "ASSAULT")
    assert not found("Компания получила прибыль в размере миллиона.", "ru", "CONSULT")
    assert not found("Бомбардировщики остались на аэродроме.", "ru", "ASSAULT")
    assert not found("Он пытался скрыться от журналистов.", "ru", "ASSAULT")
    assert not found("Мэрия санкционировала шествие.", "ru", "SANCTION")


# ---------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------

# Written for these tests: words that look like an event of a type, next to
# the same event told plainly.  Deaths from an earthquake, a flood, a road
# accident or an epidemic are no ASSAULT; a danger to stability or lives is
# no threat made; a statement released is no release.
@pytest.mark.parametrize("lang, typ, look_alike, event", [
    ("en", "ASSAULT", "A strong quake killed at least 12 people in the east of the country.",
     "Gunmen killed at least 12 people in the east of the country after the quake."),
    ("ar", "ASSAULT", "لقي 12 شخصا حتفهم وأصيب العشرات جراء زلزال ضرب شرق البلاد.",
     "قتل مسلحون 12 شخصا في هجوم على قرية في شرق البلاد."),
    ("fa", "ASSAULT", "دست کم ۱۲ نفر در سیل روز جمعه جان باختند.",
     "دست کم ۱۲ نفر در حمله مسلحانه روز جمعه کشته شدند."),
    ("ru", "ASSAULT", "Три человека погибли в ДТП на трассе под Алматы.",
     "Три человека погибли в результате обстрела на трассе под Алматы."),
    ("en", "ASSAULT", "The cholera outbreak has killed 40 people in two weeks.",
     "Soldiers shot dead 40 people in two weeks."),
    ("en", "THREATEN", "Continued fighting threatens the stability of the whole region.",
     "The rebels threatened to attack the capital."),
    ("ar", "THREATEN", "وقال إن استمرار القتال يهدد استقرار المنطقة بأسرها.",
     "وهدد المتمردون بمهاجمة العاصمة."),
    ("fa", "THREATEN", "ادامه درگیری‌ها ثبات منطقه را تهدید می‌کند.",
     "شورشیان تهدید کردند به پایتخت حمله می‌کنند."),
    ("ru", "THREATEN", "Продолжение боёв ставит под угрозу жизни мирных жителей.",
     "Повстанцы пригрозили штурмом столицы."),
    ("en", "RETREAT", "The statement, released by the secretariat, said members would meet again.",
     "Rebels released two hostages."),
])
def test_look_alikes_are_no_events(lang, typ, look_alike, event):
    types = lambda t: {d.type for d in detect(t, lang, min_score=0)}  # noqa: E731
    assert typ not in types(look_alike)
    assert typ in types(event)


def test_a_natural_cause_far_from_the_killing_does_not_excuse_it():
    text = ("Police killed three protesters in the capital on Monday, as thousands marched "
            "for a second week against the government's handling of the economy and of the "
            "new virus.")
    assert "ASSAULT" in {d.type for d in detect(text, "en", min_score=0)}


# Written for this test: a meeting announced for later is no meeting held.
@pytest.mark.parametrize("lang, announced, held", [
    ("en", "Its next heads of government meeting will be held in Pakistan.",
     "The next day, police arrested 20 protesters."),
    ("ar", "وأعلن الأمين العام أن الاجتماع المقبل سيعقد في باكستان.",
     "وعقد الاجتماع في بيشكك يوم الخميس."),
    ("fa", "نشست بعدی سران در پاکستان برگزار می‌شود.",
     "نشست سران روز پنجشنبه در بیشکک برگزار شد."),
    ("ru", "Следующая встреча глав правительств пройдёт в Пакистане.",
     "На следующий день полиция задержала 20 человек."),
])
def test_announced_events_are_hypothetical(lang, announced, held):
    a = detect(announced, lang, min_score=0)
    assert a and all(d.hypothetical for d in a)
    h = detect(held, lang, min_score=0)
    assert h and not any(d.hypothetical for d in h)


def test_offsets_point_into_the_given_text():
    first = "مقدمة لا حدث فيها."
    second = "واعتقلت الشرطة خمسة أشخاص."
    text = first + " " + second
    start = len(first) + 1
    ds = detect(text, "ar", start, len(text))
    assert ds
    for d in ds:
        assert text[d.start:d.end] == d.trigger
        assert start <= d.start < d.end <= len(text)
    assert not [d for d in detect(text, "ar", 0, len(first)) if d.type == "COERCE"]


def test_trigger_span_leaves_out_punctuation():
    (d,) = found("وأكد الجانبان أهمية التعاون الأمني.", "ar", "COOPERATE")
    assert d.trigger == "التعاون الأمني" and d.mode == "military"
    (d,) = found("The two sides met.", "en", "CONSULT")
    assert d.trigger == "met"


def test_detect_many_and_language_tags():
    items = [("Police arrested two men.", "en", 0, None),
             ("پلیس دو نفر را بازداشت کرد.", "fa-IR", 0, None),
             ("", "ar", 0, None)]
    out = detect_many(items)
    assert [bool(x) for x in out] == [True, True, False]


def test_unknown_language():
    with pytest.raises(ValueError, match="ar, fa, en, ru"):
        detect("Die Polizei nahm zwei Männer fest.", "de")


def test_min_score_zero_returns_weak_hits():
    text = "Protesters gathered."   # a weak trigger alone stays below MIN_SCORE
    assert not found(text, "en", "PROTEST")
    assert [d for d in detect(text, "en", min_score=0) if d.type == "PROTEST"]


# ---------------------------------------------------------------------------
# Evaluation gate (in-sample for the shipped classifiers: see docs/models/events.md)
# ---------------------------------------------------------------------------

# Pinned slightly below the measured in-sample figures (PROTEST 0.882,
# ASSAULT 0.892); floors only go up.
FLOORS = {"protest": 0.88, "assault": 0.89}
# Grouped, nested cross-validation of the training recipe (the honest
# estimate; measured PROTEST 0.500, ASSAULT 0.635 with seed 0).
CV_FLOORS = {"PROTEST": 0.45, "ASSAULT": 0.60}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_evaluate_events_floor(name):
    path = SHARED / f"arabic_{name}_gsr_dev.csv"
    if not path.exists():
        pytest.skip(f"{path} not available")
    r = evaluate_events(path)
    assert r["event_type"] == name.upper()
    assert r["n"] == sum(total for _, total in r["by_label"].values())
    assert r["f1"] >= FLOORS[name], r


def test_eval_main_prints_json_last(tmp_path, capsys):
    path = tmp_path / "mini.csv"
    path.write_text(
        "accept,event_type,id,label,reject,text,total\n"
        "3,PROTEST,d1_1,yes,0,وتظاهر آلاف الطلاب أمس أمام مقر البرلمان احتجاجا على رفع الرسوم.,3\n"
        "0,PROTEST,d2_1,easy no,3,وارتفعت أسعار النفط في الأسواق العالمية.,3\n"
        "1,PROTEST,d3_1,ambiguous,1,نص غامض.,2\n", encoding="utf-8")
    assert eval_main([str(path)]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["event_type"] == "PROTEST" and result["n"] == 2
    assert result["tp"] == 1 and result["fp"] == 0


def test_eval_rejects_mixed_types(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("accept,event_type,id,label,reject,text,total\n"
                    "3,PROTEST,a_1,yes,0,x,3\n3,ASSAULT,b_1,yes,0,y,3\n", encoding="utf-8")
    assert eval_main([str(path)]) == 1


@pytest.mark.slow
@pytest.mark.parametrize("typ", sorted(CV_FLOORS))
def test_cross_validated_floor(typ):
    """Retrains the classifier in grouped folds (about 10 s per type)."""
    import importlib.util
    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("train_events", root / "scripts" / "train_events.py")
    te = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(te)
    if not te.FILES[typ].exists():
        pytest.skip(f"{te.FILES[typ]} not available")
    cv = te.nested_cv(te.prepare(typ, te.read(te.FILES[typ])))
    assert cv["f1"] >= CV_FLOORS[typ], cv


# Written for these tests: a sports report, and political news that names a
# sport once.
SPORTS_REPORT = {
    "en": ("Hosts Uzbekistan beat Oman 2-1 in the opening match of the regional football "
           "tournament on Friday. The winning goal came from a free kick in the second half. "
           "The two coaches met after the game."),
    "ar": ("تغلب المنتخب على ضيفه بهدفين مقابل هدف في مباراة الافتتاح. وسجل اللاعب هدف الفوز "
           "من ركلة حرة في الشوط الثاني. واستقبل النادي ضيوفه في الملعب الجديد."),
    "fa": ("تیم ملی فوتبال ایران در دیدار افتتاحیه مسابقات آسیایی میزبان عمان بود. "
           "بازیکنان ایران در نیمه دوم دو گل زدند و سرمربی تیم از هواداران تشکر کرد."),
    "ru": ("Хозяева турнира обыграли гостей в первом матче чемпионата по волейболу. "
           "Тренер команды поблагодарил болельщиков после встречи на стадионе."),
}
POLITICS = {
    "en": ("The foreign ministers met in Beijing on Monday. They discussed trade and the "
           "coming Winter Olympics, and agreed to meet again. A football match between the "
           "two capitals was also mentioned. The talks lasted two hours."),
    "ar": ("التقى وزير الخارجية نظيره في بكين يوم الاثنين. وبحث الجانبان العلاقات الثنائية "
           "والتعاون الاقتصادي. وأشار الوزير إلى دورة الألعاب الأولمبية الشتوية. واتفقا على "
           "مواصلة التشاور."),
}


def _spans(text: str, lang: str):
    from khabar.sentences import split

    return split(text, lang=lang)


@pytest.mark.parametrize("lang", sorted(SPORTS_REPORT))
def test_a_sports_report_is_recognised(lang):
    from khabar.event_detect import sports_report

    text = SPORTS_REPORT[lang]
    assert sports_report(text, lang, _spans(text, lang))


@pytest.mark.parametrize("lang", sorted(POLITICS))
def test_political_news_naming_a_sport_is_no_sports_report(lang):
    from khabar.event_detect import sports_report

    text = POLITICS[lang]
    assert not sports_report(text, lang, _spans(text, lang))


def test_one_sports_word_alone_is_no_sports_report():
    from khabar.event_detect import sports_report

    text = "The match was played. The match ended."
    assert not sports_report(text, "en", _spans(text, "en"))
    assert not sports_report(text, "xx", _spans(text, "en"))


def test_sport_keeps_crimes_and_violence_only():
    from khabar.event_detect import kept_in_sports_report

    arrest = Detection("COERCE", "arrest", "arrested", 0, 8, False, False, 0.8)
    host = Detection("CONSULT", "host", "hosts", 0, 5, False, False, 0.8)
    kill = Detection("ASSAULT", "kill", "killed", 0, 6, False, False, 0.8)
    attack = Detection("ASSAULT", None, "attack", 0, 6, False, False, 0.8)
    assert kept_in_sports_report(arrest) and kept_in_sports_report(kill)
    assert not kept_in_sports_report(host) and not kept_in_sports_report(attack)


# Written for these tests: a ceasefire called for, or said to be needed, has
# not happened.
@pytest.mark.parametrize("lang, text", [
    ("ar", "ودعت منظمة التعاون الإسلامي والاتحاد الأفريقي إلى هدنة فورية."),
    ("ar", "وأكد الوزير ضرورة وقف إطلاق النار فورا."),
    ("fa", "وزیر خارجه بر ضرورت برقراری فوری آتش‌بس تأکید کرد."),
    ("ru", "Министры высказались за немедленное прекращение огня."),
    ("ru", "Обе страны выступают за скорейшее прекращение огня."),
    ("en", "He stressed the need for an immediate ceasefire."),
])
def test_a_ceasefire_called_for_is_hypothetical(lang, text):
    found = [d for d in detect(text, lang, min_score=0) if d.type == "RETREAT"]
    assert found and all(d.hypothetical for d in found)


# Written for this test: the public visiting an exhibition is no CONSULT.
@pytest.mark.parametrize("lang, text", [
    ("fa", "این نمایشگاه تا پایان ماه هر روز برای بازدید عموم دایر است."),
    ("ar", "ويتيح المعرض للأسر فرصة زيارة المعرض طوال أيام العيد."),
    ("en", "Families can visit the exhibition every day until the end of the month."),
])
def test_the_public_visiting_an_exhibition_is_no_consult(lang, text):
    assert "CONSULT" not in {d.type for d in detect(text, lang, min_score=0)}


def test_russian_requires_is_no_request_but_demands_is():
    text = "Расширение организации требует более чёткой координации между странами."
    assert "REQUEST" not in {d.type for d in detect(text, "ru")}
    assert "REQUEST" in {d.type for d in detect("Оппозиция потребовала отставки правительства.", "ru")}
