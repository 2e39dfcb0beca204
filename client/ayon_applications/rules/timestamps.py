"""The project timestamp (``project_overrides/timestamp``), read one way.

The server validates the text and the client resolves with it, so both
read it here; the grammar is written out rather than left to
``datetime.fromisoformat``, whose accepted forms differ between the
Python of the server and that of the launcher (3.9 refuses a trailing
``Z``, 3.11 takes many more forms).

Accepted, surrounding spaces ignored:

- epoch seconds: ``1718000000``, or with a fraction, ``1718000000.5``
  (rez's package timestamps are whole seconds, so the fraction never
  changes which packages a resolve sees; it is dropped);
- ISO 8601 (RFC 3339 style): ``2024-06-10``, ``2024-06-10T12:00``,
  ``2024-06-10T12:00:00``, ``2024-06-10T12:00:00.250``, with ``T``,
  ``t`` or a space between date and time, and an offset ``Z``, ``z``,
  ``+02:00``, ``+0200`` or ``+02``; without an offset the time is UTC.
"""
import datetime
import math
import re
from typing import Any, Optional

__all__ = ["parse_timestamp", "TIMESTAMP_EXAMPLES"]

#: What a message about an unreadable timestamp suggests instead.
TIMESTAMP_EXAMPLES = '"2024-06-10", "2024-06-10T12:00:00Z" or 1718000000'

_EPOCH = re.compile(r"\d+(?:\.\d+)?\Z")
_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[Tt ](?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"(?P<offset>[Zz]"
    r"|(?P<sign>[+-])(?P<off_h>\d{2})(?::?(?P<off_m>\d{2}))?)?"
    r")?\Z"
)


def _fail(value: Any) -> ValueError:
    return ValueError(f"{value!r} is neither ISO 8601 nor epoch seconds")


def _offset(match: "re.Match[str]") -> datetime.timezone:
    if not match.group("sign"):
        return datetime.timezone.utc
    hours, minutes = int(match.group("off_h")), int(match.group("off_m") or 0)
    if hours > 23 or minutes > 59:
        raise ValueError("offset out of range")
    delta = datetime.timedelta(hours=hours, minutes=minutes)
    if match.group("sign") == "-":
        delta = -delta
    return datetime.timezone(delta)


def parse_timestamp(value: Any) -> Optional[int]:
    """Return the epoch seconds of a settings timestamp.

    Args:
        value: The setting's text; None, "" or spaces give None. A number
            (not a bool) is taken as epoch seconds.

    Raises:
        ValueError: The value is neither form (see the module docstring),
            or names a date or time that does not exist.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise _fail(value)
    if isinstance(value, (int, float)):
        if value < 0 or not math.isfinite(value):
            raise _fail(value)
        return int(value)
    if not isinstance(value, str):
        raise _fail(value)
    text = value.strip()
    if not text:
        return None
    if _EPOCH.match(text):
        return int(text.split(".")[0])
    match = _ISO.match(text)
    if match is None:
        raise _fail(value)
    fraction = (match.group("fraction") or "0")[:6].ljust(6, "0")
    try:
        moment = datetime.datetime(
            int(match.group("year")),
            int(match.group("month")),
            int(match.group("day")),
            int(match.group("hour") or 0),
            int(match.group("minute") or 0),
            int(match.group("second") or 0),
            int(fraction),
            tzinfo=_offset(match),
        )
    except ValueError as exc:
        raise ValueError(
            f"{value!r} is not a valid date-time: {exc}"
        ) from None
    return math.floor(moment.timestamp())
