"""`iraqrel context`: a quote in its paragraph, from the citation tables print."""

from __future__ import annotations

import json
import re

import pytest
from conftest import fails_in_one_line


def _every_quote(loaded) -> list[tuple[str, int, int, str]]:
    quoted = [q for r in loaded.data.relationships for q in r.evidence]
    quoted += [q for x in loaded.data.exclusions for q in x.evidence]
    return sorted({(q.source, q.start, q.end, q.quote) for q in quoted})


def test_every_quote_of_the_dataset_stands_in_its_paragraph(run, loaded):
    quotes = _every_quote(loaded)
    result = run("context", *(f"{s}:{a}-{b}" for s, a, b, _ in quotes), "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == len(quotes) > 150
    texts = {s.id: loaded.source_path(s).read_text(encoding="utf-8") for s in loaded.data.sources}
    for row, (source, start, end, quote) in zip(rows, quotes, strict=True):
        assert (row["source"], row["start"], row["end"], row["quote"]) == (
            source,
            start,
            end,
            quote,
        )
        paragraph = row["paragraph"]
        assert texts[source][paragraph["start"] : paragraph["end"]] == paragraph["text"]
        assert paragraph["start"] <= start < end <= paragraph["end"]
        segment = loaded.segments[row["segment"]]
        assert segment.start <= start < segment.end and row["as_of"] == segment.date.value


def test_the_citation_a_table_prints_is_the_argument_it_takes(run):
    table = run("who-allies", "--format", "table", env={"COLUMNS": "200"}).stdout
    cited = re.findall(r"\[s\d+:\d+-\d+\]", table)
    assert len(cited) >= 10
    shown = run("context", *cited, "--format", "table", env={"COLUMNS": "100"}).stdout
    assert shown.count("[[") == len(cited) + 1  # and the title's "[[thus]]"
    two_words = run("context", "s000", "1245-1289", "--format", "plain").stdout
    assert two_words.split("\t")[:4] == [
        "s000",
        "1245",
        "1289",
        "The Iraq Reconstruction conference in Kuwait",
    ]


def test_the_table_marks_the_quote_and_colors_it(run):
    plain = run("context", "s000:1245-1289", "--format", "table", env={"COLUMNS": "200"}).stdout
    words = " ".join(re.sub(r"[│┃]", " ", plain).split())
    assert "February [[The Iraq Reconstruction conference in Kuwait]] is attended" in words
    colored = run(
        "context", "s000:1245-1289", "--format", "table", env={"COLUMNS": "200", "FORCE_COLOR": "1"}
    ).stdout
    assert re.search(r"\x1b\[[0-9;]*7m\[\[The Iraq", colored)  # reverse video


def test_a_long_paragraph_is_cut_between_words_and_marked(run):
    row = json.loads(run("context", "s002:7722-7823", "--json").stdout)[0]
    assert row["paragraph"]["end"] - row["paragraph"]["start"] < 1301  # the whole line
    shown = run("context", "s002:7722-7823", "--format", "table", env={"COLUMNS": "200"}).stdout
    words = " ".join(re.sub(r"[│┃]", " ", shown).split())
    assert "[s002:7722-7823] … outline an orderly" in words  # cut before: the line is long
    assert "pro-Iranian networks." in words and "networks. …" not in words  # its own end


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["s009:1-2"], "no source 's009'; the sources are s000, s002"),
        (["s000:1245-99999"], "is not a span of s000, whose text has"),
        (["s000:50-40"], "is not a span of s000"),
        (["foo"], "'foo' is not a citation"),
        (["s000:1-2", "and", "s002:1-2"], "is not a citation"),
    ],
)
def test_what_is_no_span_of_a_source_is_a_usage_error(run, args, needle):
    fails_in_one_line(run("context", *args), 2, needle)


def test_an_edited_source_is_refused_not_misquoted(run, dataset_copy):
    path = dataset_copy()
    seed = next((path.parent.parent / "seeds").glob("000_*.txt"))
    seed.write_text("x" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("--data", str(path), "context", "s000:1245-1289")
    warning, error = result.stderr.splitlines()  # the quick checks' warning, then the refusal
    assert result.exit_code == 4 and result.stdout == ""
    assert warning.startswith("iraqrel: warning: ") and "fails verify" in warning
    assert error.startswith("iraqrel: ") and "sha256 is not the one the dataset pins" in error
