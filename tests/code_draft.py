"""Code a draft of the English test document in place, as a curator would by hand.

The README's walk-through runs it as `$EDITOR` when its examples are tested
(tests/test_examples.py); the coding is tests/drafting.py's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from drafting import ENGLISH_CODING, ENGLISH_REASONS, coded


def main(path: Path) -> None:
    draft = json.loads(path.read_text(encoding="utf-8"))
    done = coded(draft, ENGLISH_CODING, ENGLISH_REASONS, "2025-03-14")
    path.write_text(json.dumps(done, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
