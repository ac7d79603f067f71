"""Every command's output is byte for byte its golden file (tests/goldens.py writes them)."""

from __future__ import annotations

import difflib

import goldens
import pytest

CASES = goldens.cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_output_is_the_golden_file_byte_for_byte(case: goldens.Case):
    expected = goldens.path_of(case).read_bytes()
    actual = goldens.golden(case)
    if actual != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8", "backslashreplace").splitlines(),
            actual.decode("utf-8", "backslashreplace").splitlines(),
            "golden",
            "now",
            lineterm="",
        )
        pytest.fail("\n".join(list(diff)[:60]) + "\n(rewrite with: python tests/goldens.py)")


def test_every_golden_file_belongs_to_a_case():
    wanted = {goldens.path_of(c).name for c in CASES}
    assert {p.name for p in goldens.GOLDEN.glob("*.txt")} == wanted
