"""Known names in running text: exact after folding, offsets mapped back, codes in capitals,
never fuzzy, Arabic prefixes taken off. The expectations are written here, by hand."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iraqrel.curate.name_scan import NameScan, NameTables
from iraqrel.names.index import world_index
from iraqrel.names.resolver import Resolver


@pytest.fixture(scope="module")
def tables(loaded) -> NameTables:
    return NameTables(Resolver(loaded), world_index())


@pytest.fixture
def scan(tables):
    """The names found in a text as (written, prefix, ids), each checked to hold its offsets."""

    def found(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
        hits = NameScan(tables, text).hits()
        for hit in hits:
            assert text[hit.start : hit.end] == hit.text
            assert text[hit.start - len(hit.prefix) : hit.start] == hit.prefix
        return [(h.text, h.prefix, h.ids) for h in hits]

    return found


def test_it_in_us_are_words_and_us_forces_is_the_united_states(scan):
    text = "It is in us to help. In Iraq, US forces stay; it is in the U.S. interest. Us too."
    assert scan(text) == [("Iraq", "", ("IRQ",)), ("US", "", ("USA",)), ("U.S.", "", ("USA",))]


def test_codes_count_only_in_capitals_and_not_in_a_line_written_in_capitals(scan):
    assert scan("Exports to IT and IN rose; it is in.") == [
        ("IT", "", ("ITA",)),
        ("IN", "", ("IND",)),
    ]
    assert scan("Fighters of IS attacked.") == [("IS", "", ("ISIS", "ISL"))]  # ambiguous, both kept
    heading = "WHAT IS NEXT FOR IRAQ AND THE US\nThe text."
    assert scan(heading) == [("IRAQ", "", ("IRQ",))]  # no Andorra, no IS, and no US:
    assert scan("IT IS US WHO DECIDE IN IRAQ") == [("IRAQ", "", ("IRQ",))]  # it may be "us"


def test_running_text_is_never_fuzzy_matched(scan):
    text = "Prime Minister al-Sudani, in Sudan, met Rusia's envoy and the Iraqis."
    # al-Sudani is the prime minister, so the federal government (R1); never Sudan
    assert scan(text) == [("al-Sudani", "", ("baghdad",)), ("Sudan", "", ("SDN",))]


def test_a_name_written_with_a_capital_counts_only_with_one(scan):
    text = "turkey and china on the table; in western Iraq, Turkey, China and the West met."
    assert scan(text) == [
        ("Iraq", "", ("IRQ",)),
        ("Turkey", "", ("TUR",)),
        ("China", "", ("CHN",)),
        ("the West", "", ("WEST",)),
    ]


def test_a_name_the_dataset_writes_in_lower_case_counts_in_lower_case(scan):
    assert scan("the federal government and the coalition") == [
        ("federal government", "", ("baghdad",)),
        ("the coalition", "", ("COALITION",)),
    ]


def test_the_longest_name_wins_and_a_name_holds_its_punctuation(scan):
    text = (
        "Iraqi Kurds, the Kurdistan Workers’ Party and Malcolm H. Kerr Carnegie Middle East Center"
    )
    assert scan(text) == [
        ("Iraqi Kurds", "", ("erbil",)),
        ("Kurdistan Workers’ Party", "", ("mention:Kurdistan Workers' Party",)),
        (
            "Malcolm H. Kerr Carnegie Middle East Center",
            "",
            ("mention:Carnegie Middle East Center",),
        ),
    ]
    assert scan("Saudi. Arabia") == [("Saudi", "", ("SAU",))]  # a full stop ends a name


@pytest.mark.parametrize(
    ("word", "prefix", "name", "ident"),
    [
        ("وأنقرة", "و", "أنقرة", "TUR"),  # and Ankara
        ("بالعراق", "ب", "العراق", "IRQ"),  # in Iraq
        ("للعراق", "ل", "لعراق", "IRQ"),  # for Iraq: ل and the article's lam
        ("وللعراق", "ول", "لعراق", "IRQ"),
        ("فبغداد", "ف", "بغداد", "baghdad"),
        ("كالعراق", "ك", "العراق", "IRQ"),
        ("والناتو", "و", "الناتو", "NATO"),
        ("لمصر", "ل", "مصر", "EGY"),
        ("اليونامي", "ال", "يونامي", "UNAMI"),  # the article on a name written without it
        ("بكين", "", "بكين", "CHN"),  # Beijing begins with ب: the word itself comes first
        ("لبنان", "", "لبنان", "LBN"),
    ],
)
def test_arabic_prefixes_are_taken_off_and_the_span_is_the_name(scan, word, prefix, name, ident):
    assert scan(f"قال {word} اليوم") == [(name, prefix, (ident,))]


def test_an_arabic_name_of_two_words_takes_a_prefix_on_its_first(scan):
    assert scan("ووفد من وإقليم كردستان") == [("إقليم كردستان", "و", ("erbil",))]


def test_arabic_marks_decide_where_they_are_written(scan):
    assert scan("في عمّان") == [("عمّان", "", ("JOR",))]
    assert scan("في عمان") == [("عمان", "", ("JOR", "OMN"))]  # bare: Amman or Oman, both kept


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("IraqUS. ,\n-’وبالعراقلأنقرة ٱ\u064e\u0640")), max_size=60
    )
)
def test_any_text_gives_names_whose_offsets_hold_and_never_overlap(tables, text):
    hits = NameScan(tables, text).hits()
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text
    assert all(a.end <= b.start - len(b.prefix) for a, b in pairwise(hits))
