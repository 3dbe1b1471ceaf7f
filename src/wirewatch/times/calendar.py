"""Calendar arithmetic at TimeML granularities: a day, an ISO week, a month, a quarter, a year...

Every function takes the anchor (a ``datetime.date``) and gives a TimeML value string.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta

__all__ = ["day_value", "week_value", "month_value", "quarter_of", "shift", "shift_months",
           "nth_weekday", "easter", "nearest_year_for_month", "weekday_date", "weekend_value"]


def day_value(d: date) -> str:
    return d.isoformat()


def week_value(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def quarter_of(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def shift_months(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + by
    return index // 4, index % 4 + 1


def shift(anchor: date, unit: str, by: int) -> str:
    """The value of the ``unit`` that lies ``by`` units from the anchor's ("two days ago": -2 days)."""
    if unit == "day":
        return day_value(anchor + timedelta(days=by))
    if unit in ("week", "weekend"):
        moved = anchor + timedelta(weeks=by)
        return week_value(moved) + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        return month_value(*shift_months(anchor.year, anchor.month, by))
    if unit == "quarter":
        year, quarter = shift_quarter(*quarter_of(anchor), by)
        return f"{year:04d}-Q{quarter}"
    if unit == "year":
        return f"{anchor.year + by:04d}"
    if unit == "decade":
        return f"{(anchor.year // 10 + by):03d}"
    if unit == "century":
        return f"{(anchor.year // 100 + by):02d}"
    if unit == "hour":
        return day_value(anchor)
    raise ValueError(unit)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The nth ISO ``weekday`` of a month (n = -1: the last one)."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).isoweekday() == weekday]
    return date(year, month, days[n - 1] if n > 0 else days[n])


def easter(year: int) -> date:
    """Western Easter Sunday of ``year`` (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


def nearest_year_for_month(anchor: date, month: int, day: int | None, tense: str, near_days: int = 0) -> int:
    """The year of a month (and day) named without one: by tense, else the nearer one.

    Past tense puts it at or before the anchor, future at or after; the anchor's own month is this
    year's whatever the tense; without a tense the occurrence nearest the anchor wins.
    """
    if day is None and month == anchor.month:
        return anchor.year
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        last = calendar.monthrange(year, month)[1]
        when = date(year, month, min(day, last)) if day else date(year, month, 15)
        candidates.append((year, when))
    nearest = min(candidates, key=lambda c: abs((c[1] - anchor).days))
    if abs((nearest[1] - anchor).days) <= near_days:
        # close to the document date, the nearer reading beats a tense that often belongs to "said"
        return nearest[0]
    if tense == "past":
        before = [c for c in candidates if c[1] <= anchor]
        if before:
            return max(before, key=lambda c: c[1])[0]
    if tense == "future":
        after = [c for c in candidates if c[1] >= anchor]
        if after:
            return min(after, key=lambda c: c[1])[0]
    return min(candidates, key=lambda c: abs((c[1] - anchor).days))[0]


def weekday_date(anchor: date, weekday: int, tense: str, relation: str | None = None) -> date:
    """The date of a weekday named in an article of ``anchor``, by news convention.

    The anchor's own weekday is the anchor itself ("said on Monday" in a Monday paper); otherwise past
    tense looks back, future forward; "last"/"next" force the direction and skip the anchor's own day.
    """
    ahead = (weekday - anchor.isoweekday()) % 7
    behind = (anchor.isoweekday() - weekday) % 7
    if relation == "last":
        return anchor - timedelta(days=behind or 7)
    if relation == "next":
        # "next Tuesday" is the Tuesday of next week, not tomorrow
        return anchor + timedelta(days=7 - anchor.isoweekday() + weekday)
    if relation in ("this", "coming"):
        return anchor + timedelta(days=ahead) if tense != "past" else anchor - timedelta(days=behind)
    if relation == "past":
        return anchor - timedelta(days=behind or 7)
    if ahead == 0:
        return anchor
    if tense in ("future",):
        # news writes arrangements in the present: "the ministers meet Thursday"
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=behind)


def weekend_value(anchor: date, tense: str, relation: str | None = None) -> str:
    """The ISO week of the weekend meant: the one before the anchor unless the text looks ahead."""
    on_weekend = anchor.isoweekday() >= 6
    saturday = anchor - timedelta(days=anchor.isoweekday() - 6) if on_weekend else None
    ahead = relation in ("next", "this", "coming") or (relation is None and tense == "future")
    if ahead:
        if relation == "next":
            base = (saturday or anchor) + timedelta(days=7 if on_weekend else (6 - anchor.isoweekday()) + 7)
        else:
            base = saturday or anchor + timedelta(days=6 - anchor.isoweekday())
    elif relation in ("last", "past"):
        base = (saturday - timedelta(days=7)) if on_weekend else anchor - timedelta(days=anchor.isoweekday() + 1)
    else:
        base = saturday or anchor - timedelta(days=anchor.isoweekday() + 1)
    return week_value(base) + "-WE"
