"""Give the dataset's new records their stable ids: the curator's tool, run after an edit.

    python tests/mint_ids.py [DATASET]   # default: data/iraqrel.json

A relationship or quote without an `id`, and a mention (exclusion) without a `record_id`,
gets the next id of its kind from the dataset's `next_ids`, which then rises. Ids already
given are never changed, and a counter is never lowered, so the id of a record that was
removed is never given again (see iraqrel/ids.py; the minting is iraqrel/minting.py, which
`iraqrel add` uses too). The file is written as the house writes
it: json.dumps(indent=2, ensure_ascii=False) and a newline. A record copied with its id
keeps the id in its first place in the file; the copies get new ones.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iraqrel.minting import Json, mint, renumber_copies  # noqa: E402


def dumped(raw: Json) -> str:
    return json.dumps(raw, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "iraqrel.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    copies = renumber_copies(raw)
    given = mint(raw)
    path.write_text(dumped(raw), encoding="utf-8")
    if copies:
        print(f"copies of {', '.join(copies)} get new ids", file=sys.stderr)
    print(f"minted {len(given)} id(s): {', '.join(given) or 'none'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
