"""Date-like strings in a document, each with every way it can be read; none is chosen.

"14 March 2025" reads 2025-03-14, "6-19-2024" only 2024-06-19, and "6-7-2024" two ways
(2024-06-07 month first, 2024-07-06 day first), so both are listed. Arabic-Indic digits
(١٩, ۱۹) read as digits; the Iraqi month names (كانون الثاني … كانون الأول) and the Egyptian
ones (يناير … ديسمبر) as months; a Hijri month name or a year marked هـ or AH reads as a Hijri
date, marked so and never converted. A month and day without a year read "--MM-DD"
(ISO 8601's form for it), and a lone year from 1800 to 2099 as a year.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from typing import Literal

import msgspec

Calendar = Literal["gregorian", "hijri"]


class DateReading(msgspec.Struct, frozen=True):
    """One way a date-like string reads."""

    value: str  # "2024-06-19", "2024-06", "2024", or "--12-24" without a year
    calendar: Calendar
    order: str  # how it was read: "month-day-year", "day month-name year", "year", ...


class DateString(msgspec.Struct, frozen=True):
    """A date-like string at [start, end) of the text, and every way it reads."""

    start: int
    end: int
    text: str
    readings: tuple[DateReading, ...]


# Arabic-Indic and Persian digits as ASCII, and the letters whose forms vary (أ إ آ ٱ ة ى) as
# one form: every mapping is one character to one, so offsets in the copy are the text's.
_SAME_LENGTH = str.maketrans(
    {
        **{chr(0x0660 + n): str(n) for n in range(10)},
        **{chr(0x06F0 + n): str(n) for n in range(10)},
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
    }
)

GREGORIAN_MONTHS: dict[str, int] = {
    **{
        name: n
        for n, names in enumerate(
            (
                ("january", "jan"),
                ("february", "feb"),
                ("march", "mar"),
                ("april", "apr"),
                ("may",),
                ("june", "jun"),
                ("july", "jul"),
                ("august", "aug"),
                ("september", "sept", "sep"),
                ("october", "oct"),
                ("november", "nov"),
                ("december", "dec"),
            ),
            1,
        )
        for name in names
    },
    # The Iraqi (Syriac) month names, written as the copy folds them (آذار as اذار).
    "كانون الثاني": 1,
    "شباط": 2,
    "اذار": 3,
    "نيسان": 4,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "اب": 8,
    "ايلول": 9,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الاول": 12,
    # The Egyptian (Latin) ones.
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "ابريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "اغسطس": 8,
    "سبتمبر": 9,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
}
HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1,
    "صفر": 2,
    "ربيع الاول": 3,
    "ربيع الثاني": 4,
    "ربيع الاخر": 4,
    "جمادي الاولي": 5,
    "جمادي الاخره": 6,
    "جمادي الثانيه": 6,
    "رجب": 7,
    "شعبان": 8,
    "رمضان": 9,
    "شوال": 10,
    "ذو القعده": 11,
    "ذو الحجه": 12,
    "muharram": 1,
    "safar": 2,
    "rajab": 7,
    "shaban": 8,
    "sha'ban": 8,
    "ramadan": 9,
    "shawwal": 10,
}
_MONTHS = {**GREGORIAN_MONTHS, **HIJRI_MONTHS}


# A month name is a word, or two where the first word needs a second ("كانون الثاني"); what
# the word is, a reader looks up in the tables above. Matching names one by one in the
# pattern made compiling it take 30 ms.
_TWO_WORDS = ("كانون", "تشرين", "ربيع", "جمادي", "ذو")
_NAME = r"[^\W\d_]+(?:'[^\W\d_]+)?"
_MONTH = (
    rf"(?P<month>(?:{'|'.join(_TWO_WORDS)})\s+[^\W\d_]+|{_NAME})\.?"
    rf"(?:\s*/\s*(?:(?:{'|'.join(_TWO_WORDS)})\s+[^\W\d_]+|{_NAME}))?"
)
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[0-9]{4})"
_ERA = r"(?:\s*(?P<era>هـ|ه|هجري|هجريه|م|AH|A\.H\.|AD|CE)(?![^\W\d_]))?"
# A date starts a word, or follows an attached و, ف, ب or ل ("و١٩ حزيران"); it ends one.
_START, _END = r"(?:(?<![^\W_])|(?<=(?<![^\W_])[وفبل]))", r"(?![^\W_])"
_SEPARATOR = r"[,،]?\s+"


def _pattern(body: str) -> re.Pattern[str]:
    return re.compile(_START + body + _END, re.IGNORECASE)


def _date(year: int, month: int, day: int, calendar: Calendar) -> str | None:
    """YYYY-MM-DD when it is a real day of that calendar (a Hijri month has at most 30)."""
    if calendar == "hijri":
        return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 30 else None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _calendar(found: re.Match[str]) -> Calendar:
    era = (found.groupdict().get("era") or "").casefold()
    month = found.groupdict().get("month")
    hijri_month = month is not None and _month_key(month) in HIJRI_MONTHS
    return "hijri" if hijri_month or era.startswith(("ه", "a.h", "ah")) else "gregorian"


def _month_key(written: str) -> str:
    return " ".join(written.casefold().split())


def _month(found: re.Match[str]) -> int | None:
    """The month the match names, or None when its word is no month's name."""
    return _MONTHS.get(_month_key(found["month"]))


Reader = Callable[[re.Match[str]], list[DateReading]]


def _numeric_year_last(found: re.Match[str]) -> list[DateReading]:
    """ "6-19-2024": month first only; "19/06/2024": day first only; "6-7-2024": both."""
    a, b, year = int(found["a"]), int(found["b"]), int(found["year"])
    readings: dict[str, list[str]] = {}
    for month, day, order in ((a, b, "month-day-year"), (b, a, "day-month-year")):
        value = _date(year, month, day, "gregorian")
        if value:
            readings.setdefault(value, []).append(order)
    return [DateReading(v, "gregorian", " or ".join(o)) for v, o in readings.items()]


def _numeric_year_first(found: re.Match[str]) -> list[DateReading]:
    value = _date(int(found["year"]), int(found["a"]), int(found["b"]), "gregorian")
    return [DateReading(value, "gregorian", "year-month-day")] if value else []


def _named(order: str) -> Reader:
    """A reader of a date with its month named: day, month and year as `order` says."""

    def read(found: re.Match[str]) -> list[DateReading]:
        calendar, month = _calendar(found), _month(found)
        if month is None:
            return []
        fields = found.groupdict()
        if fields.get("year") is None:
            if fields.get("day") is None or calendar == "hijri":
                return []
            value = _date(2000, month, int(fields["day"]), "gregorian")  # a leap year
            return [DateReading(f"--{value[5:]}", calendar, order)] if value else []
        year = int(fields["year"])
        if fields.get("day") is None:
            return [DateReading(f"{year:04d}-{month:02d}", calendar, order)]
        value = _date(year, month, int(fields["day"]), calendar)
        return [DateReading(value, calendar, order)] if value else []

    return read


def _year(found: re.Match[str]) -> list[DateReading]:
    year, calendar = int(found["year"]), _calendar(found)
    if calendar == "gregorian" and not 1800 <= year <= 2099:
        return []
    return [DateReading(f"{year:04d}", calendar, "year")]


# A number stands alone: not inside another, not after a separator of thousands or decimals.
_NUMBER_EDGE = r"(?<![0-9,.])", r"(?![0-9]|[-/.,][0-9])"
# A year is not the end of a day and month written in figures ("31/02/2024" is no date at
# all), though it may end a range ("2003-2011").
_YEAR_END = r"(?![0-9]|[/.,][0-9]|-[0-9]{1,2}(?![0-9]))"
_NOT_AFTER_DAY = r"(?<![/.])(?<!(?<![0-9])[0-9]-)(?<!(?<![0-9])[0-9]{2}-)"
# In order of preference where two overlap at the same start and length; each tried only
# where a number or a month name starts, which is what makes the scan fast.
NUMBER, MONTH = "number", "month"
_READERS: tuple[tuple[str, re.Pattern[str], Reader], ...] = (
    (
        NUMBER,
        _pattern(
            _NUMBER_EDGE[0]
            + r"(?P<year>[0-9]{4})(?P<sep>[-/.])(?P<a>[0-9]{1,2})(?P=sep)(?P<b>[0-9]{1,2})"
            + _NUMBER_EDGE[1]
        ),
        _numeric_year_first,
    ),
    (
        NUMBER,
        _pattern(
            _NUMBER_EDGE[0]
            + r"(?P<a>[0-9]{1,2})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)(?P<year>[0-9]{4})"
            + _NUMBER_EDGE[1]
            + _ERA
        ),
        _numeric_year_last,
    ),
    (
        NUMBER,
        _pattern(_DAY + r"\s+(?:of\s+)?" + _MONTH + _SEPARATOR + _YEAR + _ERA),
        _named("day month year"),
    ),
    (
        MONTH,
        _pattern(_MONTH + r"\s+" + _DAY + _SEPARATOR + _YEAR + _ERA),
        _named("month day year"),
    ),
    (MONTH, _pattern(_MONTH + _SEPARATOR + _YEAR + _ERA), _named("month year")),
    (NUMBER, _pattern(_DAY + r"\s+(?:of\s+)?" + _MONTH), _named("day month")),
    (MONTH, _pattern(_MONTH + r"\s+" + _DAY + r"(?![0-9])"), _named("month day")),
    (NUMBER, _pattern(_NUMBER_EDGE[0] + _NOT_AFTER_DAY + _YEAR + _YEAR_END + _ERA), _year),
)
_NUMBERS = re.compile(r"[0-9]+")
_WORDS = re.compile(r"[^\W\d_]+")
# The first word of every month name, as the word pattern cuts it ("sha" of "sha'ban").
_FIRST_WORDS = frozenset(_WORDS.match(name)[0] for name in _MONTHS)  # type: ignore[index]
_ATTACHED = "وفبل"  # a prefix a month name may carry


def _starts(copy: str) -> dict[str, list[int]]:
    """Where a number starts, and where a month name may start."""
    months = []
    for word in _WORDS.finditer(copy):
        folded = word[0].casefold()
        if folded in _FIRST_WORDS:
            months.append(word.start())
        elif folded[0] in _ATTACHED and folded[1:] in _FIRST_WORDS:
            months.append(word.start() + 1)
    return {NUMBER: [m.start() for m in _NUMBERS.finditer(copy)], MONTH: months}


def _latin_month_in_lower_case(text: str, found: re.Match[str]) -> bool:
    """ "may 2024" and "march 5" are words: an English month name starts with a capital."""
    if "month" not in found.groupdict() or found["month"] is None:
        return False
    first = text[found.start("month")]
    return first.isascii() and first.islower()


def _candidates(text: str, copy: str) -> Iterator[tuple[int, int, int, list[DateReading]]]:
    starts = _starts(copy)
    for rank, (kind, pattern, read) in enumerate(_READERS):
        for at in starts[kind]:
            found = pattern.match(copy, at)
            if found is None or _latin_month_in_lower_case(text, found):
                continue
            readings = read(found)
            if readings:
                yield found.start(), found.end(), rank, readings


def date_strings(text: str) -> list[DateString]:
    """Every date-like string of `text`, in order, none inside another, each with its readings."""
    copy = text.translate(_SAME_LENGTH)
    found = sorted(_candidates(text, copy), key=lambda c: (c[0], c[0] - c[1], c[2]))
    kept: list[DateString] = []
    reached = 0
    for start, end, _, readings in found:
        if start < reached:
            continue
        kept.append(DateString(start, end, text[start:end], tuple(readings)))
        reached = end
    return kept
