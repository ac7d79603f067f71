"""`iraqrel draft` on two documents it has never seen, one English and one Arabic, written for
these tests. Every expected name, offset, date and sentence is written here, by reading the
documents; none is taken from the draft's output."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import fails_in_one_line
from drafting import ARABIC, ENGLISH, HOSTILE, placed

from iraqrel.errors import ExitCode

ENGLISH_TEXT = ENGLISH.read_text(encoding="utf-8")
ARABIC_TEXT = ARABIC.read_text(encoding="utf-8")

# Every name the resolver knows, in the order the English document writes them.
ENGLISH_NAMES = [
    ("Baghdad", "baghdad"),
    ("Ankara", "TUR"),
    ("Tehran", "IRN"),
    ("Baghdad", "baghdad"),
    ("Iraq", "IRQ"),
    ("Turkey", "TUR"),
    ("Iraqi government", "baghdad"),
    ("Ankara", "TUR"),
    ("Baghdad", "baghdad"),
    ("بغداد", "baghdad"),
    ("Turkish", "TUR"),
    ("Baghdad", "baghdad"),
    ("Turkish", "TUR"),
    ("Erbil", "erbil"),
    ("Kurdistan Region", "erbil"),
    ("Ankara", "TUR"),
    ("أنقرة", "TUR"),
    ("Iran", "IRN"),
    ("Turkey", "TUR"),
    ("Iran", "IRN"),
    ("Iraqi militias", "militias"),
    ("US", "USA"),
    ("Turkish", "TUR"),
    ("Washington", "USA"),
    ("United States", "USA"),
    ("United Nations Assistance Mission for Iraq", "UNAMI"),
    ("Mohammed Shia al-Sudani", "baghdad"),  # the prime minister is the federal government (R1)
    ("Iraq", "IRQ"),
    ("Brazil", "BRA"),
    ("Qatar", "QAT"),
    ("European Union", "EU"),
    ("Saudi Arabia", "SAU"),
    ("Riyadh", "SAU"),
    ("Iraq", "IRQ"),
]
# (how the Arabic document writes it, the prefix attached, what it names)
ARABIC_NAMES = [
    ("العراق", "", "IRQ"),
    ("وتركيا", "و", "TUR"),
    ("بغداد", "", "baghdad"),
    ("العراق", "", "IRQ"),
    ("وتركيا", "و", "TUR"),
    ("الحكومة الاتحادية", "", "baghdad"),
    ("أنقرة", "", "TUR"),
    ("للعراق", "ل", "IRQ"),
    ("فالعراق", "ف", "IRQ"),
    ("الولايات المتحدة", "", "USA"),
    ("إيران", "", "IRN"),
    ("أربيل", "", "erbil"),
    ("إقليم كردستان", "", "erbil"),
    ("أنقرة", "", "TUR"),
    ("بغداد", "", "baghdad"),
    ("والرياض", "و", "SAU"),
    ("بالعراق", "ب", "IRQ"),
]
# Each sentence joining an Iraqi actor and a counterpart, with the pairs it joins.
ENGLISH_CANDIDATES = [
    (
        "Baghdad and Ankara agree on water, while Tehran watches",
        {("baghdad", "TUR"), ("baghdad", "IRN")},
    ),
    (
        "Iraq and Turkey signed an agreement on the waters of the Tigris on Thursday, the "
        "Iraqi government said.",
        {("baghdad", "TUR")},
    ),
    (
        "The deal commits Ankara to release more water in the summer months, and it sets up a "
        "joint committee that will meet in Baghdad (بغداد) every quarter.",
        {("baghdad", "TUR")},
    ),
    (
        "Turkish drones have struck targets near Sinjar several times this year, and Baghdad "
        "summoned the Turkish ambassador in protest.",
        {("baghdad", "TUR")},
    ),
    (
        "Officials in Erbil said the Kurdistan Region would keep its own channel to Ankara "
        "(أنقرة).",
        {("erbil", "TUR")},
    ),
    (
        "A spokesman for the Iraqi militias said in a statement that US forces must leave the "
        "country, and that the militias would treat any Turkish base as a target.",
        {("militias", "USA"), ("militias", "TUR")},
    ),
    ("Iraq has also bought water pumps from Brazil, the ministry said.", {("baghdad", "BRA")}),
    (
        "Last year, Riyadh announced an investment fund for Iraq, and its officials expect the "
        "water deal to help farmers in the south.",
        {("baghdad", "SAU")},
    ),
]
ARABIC_CANDIDATES = [
    ("العراق وتركيا يتفقان على مياه دجلة", {("baghdad", "TUR")}),
    (
        "وقّع العراق وتركيا اتفاقاً على مياه دجلة، وقالت الحكومة الاتحادية إن الاتفاق يخدم البلدين.",
        {("baghdad", "TUR")},
    ),
    (
        "وتعهدت أنقرة بإطلاق المزيد من المياه للعراق خلال الصيف، فالعراق يحتاج إلى المياه.",
        {("baghdad", "TUR")},
    ),
    (
        "وقال مسؤولون في أربيل إن إقليم كردستان سيحتفظ بقناته الخاصة مع أنقرة.",
        {("erbil", "TUR")},
    ),
    ("وتبادلت بغداد والرياض الوفود لبحث الاستثمار بالعراق.", {("baghdad", "SAU")}),
]
ENGLISH_UNKNOWN = {
    "Tigris",
    "Sinjar",
    "Gulf",
    "Prime Minister Mohammed Shia al-Sudani",
    "Harakat al-Nujaba",
    "حركة النجباء",
}


@pytest.fixture(scope="module")
def drafts() -> dict[str, dict]:
    """The drafts of the two documents, against the shipped dataset, as JSON."""
    from conftest import CLEAN_ENV
    from typer.testing import CliRunner

    from iraqrel.cli.app import app_for

    found = {}
    for name, path in (("english", ENGLISH), ("arabic", ARABIC)):
        args = ["draft", str(path)]
        result = CliRunner().invoke(app_for(args, CLEAN_ENV), args, env=CLEAN_ENV)
        assert result.exit_code == 0, result.stderr
        found[name] = json.loads(result.stdout)
    return found


def _occurrences(draft: dict) -> list[tuple[int, int, str, str]]:
    return sorted(
        (o["start"], o["end"], o["prefix"], "/".join(n["ids"]))
        for n in draft["draft"]["names"]
        for o in n["occurrences"]
    )


def test_every_known_name_of_the_english_document_is_found_at_its_offsets(drafts):
    expected = [(a, b, "", what) for a, b, what in placed(ENGLISH_TEXT, ENGLISH_NAMES)]
    assert _occurrences(drafts["english"]) == expected
    for name in drafts["english"]["draft"]["names"]:
        for o in name["occurrences"]:
            assert ENGLISH_TEXT[o["start"] : o["end"]] == o["text"]
            sentence = o["sentence"]
            assert ENGLISH_TEXT[sentence["start"] : sentence["end"]] == sentence["text"]
            assert sentence["start"] <= o["start"] < o["end"] <= sentence["end"]


def test_every_known_name_of_the_arabic_document_is_found_after_its_prefix(drafts):
    written = [(w, f"{p}:{what}") for w, p, what in ARABIC_NAMES]
    expected = [
        (a + len(tag.split(":")[0]), b, tag.split(":")[0], tag.split(":")[1])
        for a, b, tag in placed(ARABIC_TEXT, written)
    ]
    assert _occurrences(drafts["arabic"]) == expected


def test_the_date_the_text_states_is_found_with_its_reading(drafts):
    (date,) = drafts["english"]["draft"]["dates"]
    start = ENGLISH_TEXT.index("14 March 2025")
    assert (date["start"], date["end"], date["text"]) == (start, start + 13, "14 March 2025")
    assert [r["value"] for r in date["readings"]] == ["2025-03-14"]
    gregorian, hijri = drafts["arabic"]["draft"]["dates"]
    assert (gregorian["text"], gregorian["readings"][0]["value"]) == ("١٤ آذار ٢٠٢٥", "2025-03-14")
    assert (hijri["text"], hijri["readings"][0]) == (
        "١٣ رمضان ١٤٤٦ هـ",
        {"value": "1446-09-13", "calendar": "hijri", "order": "day month year"},
    )
    for draft in drafts.values():  # no date is chosen for the curator
        (source,) = draft["sources"]
        assert source["date"] == {"value": None, "method": "undetermined", "evidence": ""}
        assert all(s["date"]["value"] is None for s in source["segments"])


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [("english", ENGLISH_TEXT, ENGLISH_CANDIDATES), ("arabic", ARABIC_TEXT, ARABIC_CANDIDATES)],
)
def test_every_sentence_joining_an_iraqi_actor_and_a_counterpart_is_a_candidate(
    drafts, name, text, expected
):
    found = {
        (quote["quote"], (record["actor"], record["entity"]))
        for record in drafts[name]["relationships"]
        for quote in record["evidence"]
    }
    assert found == {(sentence, pair) for sentence, pairs in expected for pair in pairs}
    for record in drafts[name]["relationships"]:
        for quote in record["evidence"]:
            assert text[quote["start"] : quote["end"]] == quote["quote"]


def test_a_candidate_is_never_coded_and_a_suggestion_stays_a_note(drafts):
    for draft in drafts.values():
        for record in draft["relationships"]:
            assert (record["stance"], record["basis"], record["period"]) == (None, None, None)
            assert (record["rules"], record["domains"], record["summary"], record["when"]) == (
                [],
                [],
                "",
                "",
            )
    suggested = {
        (s["field"], s["value"], s["rule"], s["cue"])
        for record in drafts["english"]["relationships"]
        for s in record["draft"]["suggestions"]
    }
    assert {
        ("period", "past", "T1", "Last year"),
        ("stance", "strained", "S4", "protest"),
    } <= suggested
    assert ("stance", "adversary", "S5", "struck") in suggested


def test_the_proper_names_it_does_not_know_are_listed_once_each(drafts):
    unknown = drafts["english"]["draft"]["unknown_names"]
    assert {u["text"] for u in unknown} == ENGLISH_UNKNOWN
    sinjar = next(u for u in unknown if u["text"] == "Sinjar")
    start = ENGLISH_TEXT.index("Sinjar")
    assert sinjar["occurrences"] == [{"start": start, "end": start + 6, "text": "Sinjar"}]
    arabic = drafts["arabic"]["draft"]
    assert [u["text"] for u in arabic["unknown_names"]] == ["حركة النجباء"]
    assert (
        "no capitals" in arabic["arabic"] and "no capitals" in drafts["english"]["draft"]["arabic"]
    )


def test_coverage_lists_what_the_candidates_leave_out(drafts):
    coverage = drafts["english"]["draft"]["coverage"]
    assert [s["text"] for s in coverage["iraq_without_counterpart"]] == [
        "Baghdad, 14 March 2025",
        "Prime Minister Mohammed Shia al-Sudani called the deal a first step.",
    ]
    assert [s["text"] for s in coverage["counterparts_without_iraq"]] == [
        "Iran was not part of the talks.",
        "Turkey and Iran have competed for influence in the region for years, and both want a "
        "say over the water that reaches the Gulf.",
        "In Washington, an official told us that the United States supports the deal.",
        "The United Nations Assistance Mission for Iraq offered to host the first meeting of "
        "the committee.",
        "Qatar called the agreement a model for the region, and the European Union said it "
        "would pay for the committee's work.",
        "Saudi Arabia welcomed the agreement.",
    ]


def test_the_source_entry_pins_the_document_and_its_segments_tile_it(drafts):
    (source,) = drafts["english"]["sources"]
    assert source["id"] == "s003"  # after the shipped s000 and s002
    assert source["file"] == "../tests/data/drafting/english.txt"  # from the dataset's folder
    assert source["sha256"] == hashlib.sha256(ENGLISH.read_bytes()).hexdigest()
    assert source["title"] == "Baghdad and Ankara agree on water, while Tehran watches"
    assert source["language"] == "en" and drafts["arabic"]["sources"][0]["language"] == "ar"
    segments = source["segments"]
    assert [s["id"] for s in segments] == ["s003.title", "s003.byline", "s003.body"]
    assert [(s["start"], s["end"]) for s in segments] == [
        (0, ENGLISH_TEXT.index("By a")),
        (ENGLISH_TEXT.index("By a"), ENGLISH_TEXT.index("Iraq and")),
        (ENGLISH_TEXT.index("Iraq and"), len(ENGLISH_TEXT)),
    ]


def test_a_name_no_record_covers_gets_an_exclusion_to_word(drafts):
    (brazil,) = drafts["english"]["exclusions"]
    assert (brazil["name"], brazil["id"], brazil["reason"]) == ("Brazil", "BRA", "")
    assert brazil["evidence"][0]["quote"] == (
        "Iraq has also bought water pumps from Brazil, the ministry said."
    )
    assert drafts["arabic"]["exclusions"] == []


def test_the_draft_is_written_as_the_house_writes_json(run):
    result = run("draft", str(ENGLISH))
    assert (
        result.stdout == json.dumps(json.loads(result.stdout), indent=2, ensure_ascii=False) + "\n"
    )
    assert "draft of" in result.stderr and "s003" in result.stderr


def test_output_file_gets_the_same_bytes_in_one_step(run, tmp_path):
    target = tmp_path / "english.draft.json"
    result = run("draft", str(ENGLISH), "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == run("draft", str(ENGLISH)).stdout
    assert [p.name for p in tmp_path.iterdir()] == ["english.draft.json"]


def test_output_file_that_cannot_be_written_leaves_nothing_behind(run, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    fails_in_one_line(
        run("draft", str(ENGLISH), "-o", str(folder)), ExitCode.OUTPUT, "cannot write"
    )
    assert list(tmp_path.iterdir()) == [folder] and list(folder.iterdir()) == []


def test_output_file_is_never_the_dataset_or_the_document(run, dataset_copy, tmp_path):
    data = dataset_copy()
    before = data.read_bytes()
    result = run("--data", str(data), "draft", str(ENGLISH), "-o", str(data))
    fails_in_one_line(result, ExitCode.USAGE, "names the dataset")
    assert data.read_bytes() == before
    fails_in_one_line(run("draft", str(ENGLISH), "-o", str(ENGLISH)), ExitCode.USAGE, "document")
    result = run("draft", str(ENGLISH), "-o", str(tmp_path / "x.json"), "-f", "csv")
    fails_in_one_line(result, ExitCode.USAGE, "JSON")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "no text"),
        (b"  \n\t\n", "no text"),
        ("\ufeff\n".encode(), "no text"),  # a byte-order mark alone
        (b"Iraq \xff\xfe", "not UTF-8 (byte 0xff"),
        (b"Iraq. " * (2**20 // 3 + 1), "larger than 2 MiB"),  # 2 MiB and 4 bytes
    ],
    ids=["empty", "blank", "bom", "latin-1", "large"],
)
def test_a_document_without_text_or_not_utf8_is_refused_in_one_line(run, tmp_path, content, needle):
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    fails_in_one_line(run("draft", str(path)), ExitCode.BAD_DATA, needle)


def test_a_document_that_is_not_a_regular_file_is_refused_without_waiting(run, tmp_path):
    fails_in_one_line(run("draft", str(tmp_path)), ExitCode.BAD_DATA, "is a directory")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    fails_in_one_line(run("draft", str(fifo)), ExitCode.BAD_DATA, "FIFO")
    fails_in_one_line(
        run("draft", str(tmp_path / "none.txt")), ExitCode.BAD_DATA, "no such document"
    )


def test_the_table_lists_what_was_found(run):
    result = run("draft", str(ENGLISH), "--format", "plain")
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    kinds = {r[0] for r in rows}
    assert kinds == {
        "date",
        "segment",
        "name",
        "unknown name",
        "candidate",
        "Iraq, no counterpart",
        "no Iraqi actor",
    }
    assert ["unknown name", "Sinjar"] in [r[:2] for r in rows]


def test_a_draft_against_another_dataset_names_the_next_source_and_the_path_from_it(
    run_json, dataset_copy, tmp_path: Path
):
    data = dataset_copy()
    document = data.parent.parent / "seeds" / "003_english.txt"
    document.write_bytes(ENGLISH.read_bytes())
    draft = run_json("draft", str(document), data=data)
    assert draft["sources"][0]["file"] == "../seeds/003_english.txt"
    assert draft["draft"]["dataset"] == str(data)


def test_a_document_with_it_in_us_and_us_forces_names_only_the_united_states(run_json, tmp_path):
    path = tmp_path / "words.txt"
    text = "It is in us to ask why.\nUS forces left it in Kuwait's hands, as in the past. In us.\n"
    path.write_text(text, encoding="utf-8")
    draft = run_json("draft", str(path))
    found = [(o["text"], n["ids"]) for n in draft["draft"]["names"] for o in n["occurrences"]]
    assert found == [("US", ["USA"]), ("Kuwait", ["KWT"])]
    assert "arabic" not in draft["draft"]  # no Arabic script: no note on what Arabic hides


@pytest.mark.parametrize("shape", HOSTILE)
def test_a_hostile_document_drafts_and_finds_only_the_names_it_holds(loaded, shape):
    """Each shape that could make a scan backtrack or loop drafts, and finds what it holds
    (its cost against ordinary text: `python tests/bench.py draft`)."""
    from iraqrel.curate.draft import draft

    text = HOSTILE[shape]
    found = draft(loaded, ENGLISH, b"", text).names
    spans = [(hit.start, hit.end, hit.text, name.ids) for name in found for hit in name.hits]
    expected = [(0, 4, "Iraq", ("IRQ",)), (20_004, 20_008, "Iran", ("IRN",))]
    assert sorted(spans) == (expected if shape == "spaces" else [])


def test_a_code_in_a_line_all_in_capitals_is_a_word_and_elsewhere_a_name(run_json, tmp_path):
    path = tmp_path / "headline.txt"
    text = "IRAQ AND IRAN SIGN DEAL AS IT IS US WHO DECIDE\n\nUS forces left the UN compound.\n"
    path.write_text(text, encoding="utf-8")
    us, un = text.index("US forces"), text.index("UN compound")
    expected = [(0, "IRAQ", "IRQ"), (9, "IRAN", "IRN"), (us, "US", "USA"), (un, "UN", "UN")]
    assert _occurrences(run_json("draft", str(path))) == [
        (at, at + len(word), "", what) for at, word, what in expected
    ]


def test_marks_decide_an_arabic_name_with_a_prefix_attached(run_json, tmp_path):
    path = tmp_path / "marks.txt"
    text = "زار الوفد عمّان وعُمان، ثم عاد بعمّان إلى وعمّان.\n"
    path.write_text(text, encoding="utf-8")
    written = [
        ("عمّان", "", "JOR"),
        ("عُمان", "و", "OMN"),
        ("عمّان", "ب", "JOR"),
        ("عمّان", "و", "JOR"),
    ]
    places = placed(text, [(word, what) for word, _, what in written])
    assert _occurrences(run_json("draft", str(path))) == [
        (start, end, prefix, what)
        for (start, end, what), (_, prefix, _) in zip(places, written, strict=True)
    ]


def test_a_byte_order_mark_is_not_part_of_the_title(run_json, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_text("\ufeffIraq and Jordan sign a pipeline deal\n\nText.\n", encoding="utf-8")
    assert (
        run_json("draft", str(path))["sources"][0]["title"]
        == "Iraq and Jordan sign a pipeline deal"
    )


def test_an_unknown_arabic_name_after_an_introducing_noun_is_listed(run_json, tmp_path):
    path = tmp_path / "names.txt"
    text = (
        "أعلنت كتائب حزب الله وعصائب أهل الحق وائتلاف دولة القانون رفضها، "
        "وأيدها الحزب الديمقراطي.\n"
    )
    path.write_text(text, "utf-8")
    unknown = run_json("draft", str(path))["draft"]["unknown_names"]
    assert [(u["text"], u["contains"]) for u in unknown] == [
        ("كتائب حزب الله", ["حزب الله"]),  # brigades, with Hezbollah inside
        ("عصائب أهل الحق", []),  # leagues: a second word only with the article
        ("ائتلاف دولة القانون", []),  # coalition
        ("الحزب الديمقراطي", []),  # party, its article kept
    ]
