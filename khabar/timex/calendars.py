"""Calendar arithmetic for time expressions: years and months in the Gregorian,
Solar Hijri and lunar Hijri calendars, and the year nearest an anchor."""

from __future__ import annotations

from datetime import date, timedelta

from ..dates import to_gregorian
from .expr import FUTURE_WEIGHT, YEAR_RANGES


def _year_of(cal: str, d: date) -> int:
    """The year of ``d`` in ``cal`` (lunar Hijri: within one year)."""
    if cal == "jalali":
        import jdatetime

        return jdatetime.date.fromgregorian(date=d).year
    if cal == "hijri":
        return round((d.year - 621.57) * 365.2425 / 354.367)
    return d.year


def _month_of(cal: str, d: date) -> tuple[int, int]:
    """(year, month) of ``d`` in ``cal`` (Gregorian or Solar Hijri)."""
    if cal == "jalali":
        import jdatetime

        j = jdatetime.date.fromgregorian(date=d)
        return j.year, j.month
    return d.year, d.month


def _month_start(cal: str, year: int, month: int) -> date | None:
    """The Gregorian date of the first day of a month, months counted past 12."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return to_gregorian(cal, year, month, 1)


def _score(first: date, last: date, anchor: date) -> float:
    """Distance of the period [first, last] from the anchor, future weighted."""
    if first <= anchor <= last:
        return 0.0
    if last < anchor:
        return float((anchor - last).days)
    return (first - anchor).days * FUTURE_WEIGHT


def _nearest(cal: str, month: int, day: int | None, anchor: date,
             rel: str | None = None) -> date | None:
    """The year-less date (or month, when ``day`` is None) nearest the anchor;
    with ``rel`` the last one before it, the next one after it, or the one of
    the anchor's year ("فبراير الماضي", "next March", "رمضان الحالي")."""
    best: tuple[float, date] | None = None
    y0 = _year_of(cal, anchor)
    for y in range(y0 - 2, y0 + 3):
        first = to_gregorian(cal, y, month, day or 1)
        if first is None:
            continue
        last = first
        if day is None:
            nxt = _month_start(cal, y, month + 1)
            last = nxt - timedelta(days=1) if nxt else first
        if rel == "this":
            s = 0.0 if y == y0 else None
        elif rel == "last":
            s = float((anchor - first).days) if last < anchor else None
        elif rel == "next":
            s = float((first - anchor).days) if first > anchor else None
        else:
            s = _score(first, last, anchor)
        if s is not None and (best is None or s < best[0]):
            best = (s, first)
    return best[1] if best else None


def _exists(cal: str, month: int, day: int) -> bool:
    """Whether a day of a month exists in some year (29 February does)."""
    lo = YEAR_RANGES[cal][0] + 200
    return any(to_gregorian(cal, y, month, day) for y in range(lo, lo + 5))


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())
