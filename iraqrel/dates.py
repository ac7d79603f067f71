"""Partial dates (YYYY, YYYY-MM or YYYY-MM-DD) and the rule for "in force as of"."""

from __future__ import annotations

import re

# ASCII digits only: "\d" would also take Arabic-Indic and full-width digits.
_PARTIAL = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class DateError(ValueError):
    """A text that is not a valid partial date."""


def parse_partial(text: str) -> str:
    """Validate YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date) and return it stripped."""
    match = _PARTIAL.fullmatch(text.strip())
    if match:
        import datetime  # only when a date is given

        year, month, day = (int(g) if g else 1 for g in match.groups())
        try:
            datetime.date(year, month, day)
        except ValueError:
            match = None
    if not match:
        raise DateError(f"{text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2014")
    return text.strip()


def _latest_day(dated: str) -> str:
    """The last day a partial date can mean, as text that sorts: "2024" -> "2024-12-31"."""
    return dated + "-12-31"[len(dated) - 4 :]


def in_force(dated: str | None, as_of: str | None) -> bool:
    """Whether evidence dated `dated` may be used as of `as_of`.

    With no `as_of`, everything counts. Otherwise evidence counts only when the latest day it
    can mean is not after the latest day `as_of` can mean: "2013-12-24" is in force as of
    "2013", and "2024" is not in force as of "2024-05". Undated evidence is never in force
    under `as_of`: it cannot be placed.
    """
    if as_of is None:
        return True
    if dated is None:
        return False
    return _latest_day(dated) <= _latest_day(as_of)


def sort_key(dated: str | None) -> str:
    """Chronological order, undated first: an undated stance never outranks a dated one."""
    return dated or ""
