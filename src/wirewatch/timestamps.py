"""ISO 8601 at the precision the input gives ("2020-08-31T15:37", "2020-08-31", "2020-08")."""
from __future__ import annotations

import re
from datetime import datetime, timezone

__all__ = ["normalise_date", "parse_cli_date"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                  r"(Z|[+-]\d{2}:?\d{2})?)?)?)?$")


def normalise_date(value: str | datetime | None) -> str | None:
    """An ISO 8601 string with no more precision than ``value`` has; None when it is not a date.

    A time given with an offset is kept as the local wall-clock time the article states (news
    convention: the dateline's own time), without the offset.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.hour == value.minute == value.second == 0 and value.tzinfo is None:
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%dT%H:%M")
    text = str(value).strip()
    match = _ISO.match(text)
    if not match:
        try:
            from dateutil import parser

            parsed = parser.parse(text)
        except (ValueError, OverflowError, TypeError):
            return None
        return normalise_date(parsed)
    year, month, day, hour, minute = match.groups()[:5]
    out = year
    if month:
        out += f"-{month}"
    if day:
        out += f"-{day}"
    if hour is not None:
        out += f"T{hour}:{minute}"
    return out


def parse_cli_date(value: str | None) -> str | None:
    """Validate a ``--date`` argument (YYYY-MM-DD or YYYY-MM-DDTHH:MM)."""
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?", value):
        raise ValueError(value)
    datetime.strptime(value[:10], "%Y-%m-%d").replace(tzinfo=timezone.utc)
    return value
