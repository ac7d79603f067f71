"""The shipped dataset scaled up, for the benchmark (tests/bench.py) and the tests that need
a larger dataset of the same shape (tests/test_checked.py)."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

from mint_ids import mint, renumber_copies

from iraqrel.records import shipped_data_path

ROOT = Path(__file__).resolve().parent.parent


def synthetic(factor: int, where: Path) -> Path:
    """The shipped dataset `factor` times over: same shape, entities renamed per copy."""
    raw = json.loads(shipped_data_path().read_text(encoding="utf-8"))
    entities, relationships = [], []
    for k in range(factor):
        rename = {e["id"]: e["id"] + (f"-{k}" if k else "") for e in raw["entities"]}
        tag = f" {k}" if k else ""
        entities += [
            {**e, "id": rename[e["id"]], "name": e["name"] + tag,
             "aliases": [a + tag for a in e["aliases"]],
             "part_of": rename.get(e.get("part_of") or "")}
            for e in raw["entities"]
        ]  # fmt: skip
        relationships += [
            {**copy.deepcopy(r), "entity": rename[r["entity"]]} for r in raw["relationships"]
        ]
    raw["entities"], raw["relationships"] = entities, relationships
    renumber_copies(raw)  # each copy's records and quotes get ids of their own
    mint(raw)
    shutil.copytree(ROOT / "seeds", where / "seeds", dirs_exist_ok=True)
    (where / "data").mkdir(parents=True, exist_ok=True)
    shutil.copy(shipped_data_path().parent / raw["codebook"], where / "data" / raw["codebook"])
    path = where / "data" / "iraqrel.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path
