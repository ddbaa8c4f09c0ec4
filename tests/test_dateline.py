"""Datelines in Arabic, Persian, English and Russian (examples written for these tests)."""

from __future__ import annotations

import pytest

from khabar import dateline


@pytest.mark.parametrize("line, place, date, agency", [
    ("القاهرة 14 مارس 2023 (رويترز) - قال مسؤولون إن الاجتماع انتهى.", "Cairo", "2023-03-14", "Reuters"),
    ("دمشق 3 كانون الثاني 2023 (سانا) أعلنت الحكومة عن خطة جديدة.", "Damascus", "2023-01-03", "SANA"),
    ("الرياض ١٢ أبريل ٢٠٢٣ (واس) - أعلنت الوزارة", "Riyadh", "2023-04-12", "Saudi Press Agency"),
    ("تهران - ۲۳ اسفند ۱۴۰۱ (ایرنا) - وزیر امور خارجه گفت", "Tehran", "2023-03-14", "IRNA"),
    ("CAIRO, March 14, 2023 (Reuters) - Egypt said on Tuesday", "Cairo", "2023-03-14", "Reuters"),
    ("MOSCOW, Jan. 9 (Xinhua) -- Russia said", "Moscow", "2023-01-09", "Xinhua"),
    ("МОСКВА, 14 марта. /ТАСС/. Министр заявил", "Moscow", "2023-03-14", "TASS"),
])
def test_datelines(line, place, date, agency):
    dl = dateline.parse(line, default_year=2023)
    assert dl is not None, line
    assert (dl.place, dl.date, dl.agency) == (place, date, agency)
    rest = line[dl.end:]
    assert rest and not rest[0].isspace() and rest[0] not in "-–—(/"


def test_place_and_agency_without_date():
    dl = dateline.parse("BEIJING (Reuters) - China said on Monday it would", default_year=None)
    assert dl and dl.place == "Beijing" and dl.agency == "Reuters" and dl.date is None


def test_unknown_agency_is_kept_raw():
    dl = dateline.parse("الرياض 5 مايو 2023 (وكالة الخليج المتخيلة) - خبر", default_year=None)
    assert dl and dl.agency == "وكالة الخليج المتخيلة" and dl.date == "2023-05-05"


@pytest.mark.parametrize("line", [
    "في 11 يناير 2022 أجرى الوزير اتصالا هاتفيا مع نظيره.",
    "The minister said on Monday that 12 people were hurt.",
    "قتل 12 شخصا في حادث سير.",
    "Officials met on March 3 to discuss the budget.",
    "",
])
def test_not_a_dateline(line):
    assert dateline.parse(line, default_year=2023) is None


def test_no_year_and_no_default_gives_no_date():
    dl = dateline.parse("CAIRO, March 14 (Reuters) - text", default_year=None)
    assert dl and dl.date is None and dl.place == "Cairo"


@pytest.mark.parametrize("line, place, date, agency", [
    ("تهران - خبرگزاری آسمان - ۹ مهر ۱۴۰۲: نشست وزیران برگزار شد", "Tehran", "2023-10-01", "خبرگزاری آسمان"),
    ("القاهرة - صحيفة المساء: أعلن الوزير أمس", "Cairo", None, "صحيفة المساء"),
    ("بيروت - «النهار اليومي»: قال مسؤول", "Beirut", None, "النهار اليومي"),
    ("Бишкек, 26 октября 2023 г. — «Северный курьер». Совет одобрил", "Bishkek", "2023-10-26", "Северный курьер"),
])
def test_bare_and_quoted_sources(line, place, date, agency):
    dl = dateline.parse(line, default_year=None)
    assert dl is not None, line
    assert (dl.place, dl.date, dl.agency) == (place, date, agency)


def test_speech_after_place_is_not_a_source():
    # "London - the minister said: ..." has no medium word: not a dateline source.
    assert dateline.parse("لندن - قال الوزير: إن المحادثات مستمرة", default_year=None) is None
