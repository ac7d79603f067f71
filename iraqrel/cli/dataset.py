"""Which dataset a run reads: the one --data names, else IRAQREL_DATA's, else the shipped one."""

from __future__ import annotations

import os
from pathlib import Path

from iraqrel.records import shipped_data_path

DATA_VAR = "IRAQREL_DATA"


def dataset_named(data: Path | None) -> tuple[Path, str]:
    """The dataset --data names, else the one DATA_VAR names (set and not empty), else the
    shipped one; and which of them named it."""
    if data is not None:
        return data, "--data"
    from_env = os.environ.get(DATA_VAR)
    if from_env:
        return Path(from_env), DATA_VAR
    return shipped_data_path(), ""
