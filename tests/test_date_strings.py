"""Date-like strings in a new document: each found with its offsets and every way it reads."""

from __future__ import annotations

import pytest

from iraqrel.curate.date_strings import GREGORIAN_MONTHS, DateReading, date_strings


def readings(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each date-like string as written, and its readings as (value, calendar)."""
    found = date_strings(text)
    for d in found:
        assert text[d.start : d.end] == d.text  # the offsets hold
    return [(d.text, [(r.value, r.calendar) for r in d.readings]) for d in found]


@pytest.mark.parametrize(
    ("text", "written", "values"),
    [
        ("Baghdad, 14 March 2025 -", "14 March 2025", ["2025-03-14"]),
        ("posted 6-19-2024 by", "6-19-2024", ["2024-06-19"]),  # 19 cannot be a month
        ("on 19/06/2024.", "19/06/2024", ["2024-06-19"]),
        ("on 2024-06-19.", "2024-06-19", ["2024-06-19"]),
        ("on June 19, 2024, the", "June 19, 2024", ["2024-06-19"]),
        ("Wednesday, 19th of June 2024", "19th of June 2024", ["2024-06-19"]),
        ("Sept. 3, 2024", "Sept. 3, 2024", ["2024-09-03"]),
        ("in December 2025 it", "December 2025", ["2025-12"]),
        ("December 24, Paper.", "December 24", ["--12-24"]),  # no year: none is added
        ("since 2014 the", "2014", ["2014"]),
    ],
)
def test_a_date_reads_as_written(text, written, values):
    assert readings(text) == [(written, [(v, "gregorian") for v in values])]


def test_a_date_that_reads_two_ways_lists_both_and_chooses_neither():
    (found,) = date_strings("on 6-7-2024 the")
    assert found.readings == (
        DateReading("2024-06-07", "gregorian", "month-day-year"),
        DateReading("2024-07-06", "gregorian", "day-month-year"),
    )


def test_arabic_indic_digits_read_as_digits_with_offsets_in_the_text():
    text = "بغداد في ١٤ آذار ٢٠٢٥ قال"
    assert readings(text) == [("١٤ آذار ٢٠٢٥", [("2025-03-14", "gregorian")])]
    assert readings("٢٠٢٤/٦/١٩ و۱۹-۰۶-۲۰۲۴") == [
        ("٢٠٢٤/٦/١٩", [("2024-06-19", "gregorian")]),
        ("۱۹-۰۶-۲۰۲۴", [("2024-06-19", "gregorian")]),
    ]


IRAQI_MONTHS = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]


@pytest.mark.parametrize(("month", "name"), list(enumerate(IRAQI_MONTHS, 1)))
def test_every_iraqi_month_name_reads_as_its_month(month, name):
    text = f"في ٣ {name} ٢٠٢٤، قال"
    assert readings(text) == [(f"٣ {name} ٢٠٢٤", [(f"2024-{month:02d}-03", "gregorian")])]


def test_the_english_and_egyptian_month_names_are_the_twelve_months():
    assert sorted(set(GREGORIAN_MONTHS.values())) == list(range(1, 13))
    assert readings("١٩ يونيو ٢٠٢٤ و حزيران/يونيو 2024") == [
        ("١٩ يونيو ٢٠٢٤", [("2024-06-19", "gregorian")]),
        ("حزيران/يونيو 2024", [("2024-06", "gregorian")]),
    ]


def test_hijri_dates_are_marked_hijri_and_never_converted():
    assert readings("الموافق ١٣ رمضان ١٤٤٦ هـ") == [("١٣ رمضان ١٤٤٦ هـ", [("1446-09-13", "hijri")])]
    assert readings("in 1 Ramadan 1445 AH") == [("1 Ramadan 1445 AH", [("1445-09-01", "hijri")])]
    assert readings("سنة ١٤٤٥هـ") == [("١٤٤٥هـ", [("1445", "hijri")])]


@pytest.mark.parametrize(
    "text",
    [
        "3000 troops and 1,950 people",  # a number, and a number with a separator
        "on 31/02/2024",  # no such day in either order
        "1.5 million in 12-13",  # no year
    ],
)
def test_what_is_not_a_date_is_not_listed(text):
    assert readings(text) == []


def test_a_month_name_in_lower_case_is_a_word_and_a_range_ends_in_a_year():
    assert readings("may 2024 be the year") == [("2024", [("2024", "gregorian")])]
    assert readings("from 2003-2011") == [
        ("2003", [("2003", "gregorian")]),
        ("2011", [("2011", "gregorian")]),
    ]
