"""Dates from metadata and written text, in several calendars."""

from __future__ import annotations

from datetime import date

import pytest

from khabar import dates


@pytest.mark.parametrize("value, expected", [
    ("2015-07-21 02:51:32", "2015-07-21T02:51:32"),
    ("2023-03-14", "2023-03-14"),
    ("2023-03-14T08:30:00Z", "2023-03-14T08:30:00+00:00"),
    ("2023-03-14T08:30:00+0330", "2023-03-14T08:30:00+03:30"),
    ("Tue, 14 Mar 2023 08:30:00 GMT", "2023-03-14T08:30:00+00:00"),
    ("14 مارس 2023", "2023-03-14"),
    ("٢٠٢٣-٠٣-١٤", "2023-03-14"),
    ("not a date", None),
    ("", None),
    ("0001-01-01", None),
    ("2023-02-30", None),
])
def test_parse_metadata_date(value, expected):
    assert dates.parse_metadata_date(value) == expected


@pytest.mark.parametrize("text, expected, cal", [
    ("11 يناير 2022", date(2022, 1, 11), "gregorian"),
    ("11 كانون الثاني 2022", date(2022, 1, 11), "gregorian"),
    ("۱۷ دی ۱۴۰۰", date(2022, 1, 7), "jalali"),
    ("7 ژانویه 2022", date(2022, 1, 7), "gregorian"),
    ("14 марта 2023", date(2023, 3, 14), "gregorian"),
    ("March 14, 2023", date(2023, 3, 14), "gregorian"),
    ("1 رمضان 1444", date(2023, 3, 23), "hijri"),
])
def test_parse_date_text(text, expected, cal):
    got = dates.parse_date_text(text)
    assert got is not None, text
    d, c = got
    assert c == cal
    # The tabular Hijri calendar may differ from sighting-based dates by a day.
    assert abs((d - expected).days) <= (1 if cal == "hijri" else 0)


def test_month_table_has_all_calendars():
    table = dates.month_lookup()
    cals = {v[0] for v in table.values()}
    assert cals == {"gregorian", "jalali", "hijri"}
    assert sum(1 for v in table.values() if v == ("gregorian", 1)) >= 10
