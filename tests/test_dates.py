"""Partial dates and the rule for "in force as of"."""

from __future__ import annotations

import pytest

from iraqrel.dates import DateError, in_force, parse_partial, sort_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014", "2014"),
        ("2014-06", "2014-06"),
        ("2014-06-10", "2014-06-10"),
        ("2016-02-29", "2016-02-29"),  # a leap year
        ("0001", "0001"),
        ("9999-12-31", "9999-12-31"),
        ("  2014-06 \n", "2014-06"),  # stripped
    ],
)
def test_valid_partial_dates_come_back_stripped(text, expected):
    assert parse_partial(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "0000",  # no year zero
        "2014-00",
        "2014-13",
        "2014-06-00",
        "2014-06-31",
        "2014-02-29",  # not a leap year
        "1900-02-29",  # a century that is not a leap year
        "14",
        "20140",
        "2014-6",
        "2014-06-1",
        "2014/06",
        "2014-06-10T00:00",
        "",
        "   ",
        "last year",
        "٢٠١٤",  # Arabic-Indic digits
        "۲۰۱۴",  # Extended Arabic-Indic (Persian) digits
        "２０１４",  # full-width digits
        "2014-٠٦",
    ],
)
def test_invalid_partial_dates_raise_a_date_error_naming_the_forms(text):
    with pytest.raises(DateError, match=r"is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"):
        parse_partial(text)


def test_a_date_error_is_a_value_error_and_quotes_the_text():
    with pytest.raises(ValueError, match="'2014-02-29'"):
        parse_partial("2014-02-29")


@pytest.mark.parametrize(
    ("dated", "as_of", "expected"),
    [
        ("2013-12-24", "2013", True),  # compared at the coarser precision: the year
        ("2013-12-24", "2013-12", True),
        ("2013-12-24", "2013-12-24", True),  # the same day counts
        ("2013-12-25", "2013-12-24", False),
        ("2013-12-24", "2013-11", False),
        ("2014", "2013-12-31", False),
        ("2024-06", "2024", True),
        ("2024-06", "2024-05-31", False),
        ("2013", "2014", True),
        ("2015", "2014", False),
        ("2024", "2024-05", False),  # "2024" may mean December: not placed before May
        ("2024", "2024-12", True),
        ("2024-05", "2024-05-31", True),
        ("2024-05", "2024-05-30", False),
    ],
)
def test_in_force_needs_the_latest_day_evidence_can_mean_by_the_as_of(dated, as_of, expected):
    assert in_force(dated, as_of) is expected


@pytest.mark.parametrize("dated", ["2013", "2013-12", "2013-12-24", None])
def test_without_as_of_everything_is_in_force(dated):
    assert in_force(dated, None) is True


@pytest.mark.parametrize("as_of", ["1000", "2014", "2014-06", "9999-12-31"])
def test_undated_is_never_in_force_under_as_of(as_of):
    assert in_force(None, as_of) is False


def test_sort_key_puts_undated_first_then_chronological():
    dates = ["2024-06-19", None, "2013-12-24", "2014"]
    assert sorted(dates, key=sort_key) == [None, "2013-12-24", "2014", "2024-06-19"]
