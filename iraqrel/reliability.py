"""Agreement between independent codings: the figures file's format, and reading it for verify.

The development tool `tests/agreement.py` computes the figures from the coding files and
writes them beside the dataset; the dataset names that file in its `agreement` key. verify
only reads it, so it stays fast, and adds the live count of contested records.
"""

from __future__ import annotations

import msgspec

from iraqrel.errors import DataError
from iraqrel.files import read_regular_file, shown
from iraqrel.records import Loaded

MAX_AGREEMENT_BYTES = 1 << 20


class Share(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """How many units were compared, and the percentage on which the two codings agree."""

    n: int
    percent: float | None  # None when n is 0


class StanceShare(Share, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Stance on the units both codings have, with chance-corrected coefficients."""

    kappa_linear: float | None  # Cohen's kappa, linear weights; None where undefined
    alpha_ordinal: float | None  # Krippendorff's alpha, ordinal metric; None where undefined
    alpha_ci95: list[float] | None  # bootstrap 95% interval of alpha: [low, high]


class Pair(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Two codings compared: stance and basis per unit, period per triple, existence."""

    codings: list[str]  # the two coding files, relative to the figures file
    stance: StanceShare
    period: Share  # triples both coded: the same set of periods
    basis: Share  # units both coded: the same basis
    existence: Share  # units either coded: both coded it


class Method(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    scale: list[str]  # the stance scale in its order, strongest first (ordinal)
    resamples: int  # bootstrap resamples of the units both coded
    seed: int  # the bootstrap's fixed seed


class Agreement(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The figures file: one entry per pair of codings that exist."""

    method: Method
    pairs: list[Pair]


class Summary(msgspec.Struct, frozen=True):
    """What verify says of agreement: the file, its figures, the records still contested."""

    file: str | None  # the dataset's `agreement` key, relative to the dataset file
    figures: Agreement | None
    contested: int


NOT_READ = Summary(None, None, 0)


def decode(raw: bytes) -> Agreement:
    return msgspec.json.decode(raw, type=Agreement)


def read_agreement(loaded: Loaded) -> tuple[Summary, str | None]:
    """The dataset's agreement figures and contested count, and what is wrong with the file."""
    contested = sum(1 for rel in loaded.data.relationships if rel.contested)
    name = loaded.data.agreement
    if name is None:
        return Summary(None, None, contested), None
    path = loaded.path.parent / name
    try:
        figures = decode(read_regular_file(path, "figures file", MAX_AGREEMENT_BYTES))
    except DataError as exc:
        return Summary(name, None, contested), str(exc)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        return Summary(name, None, contested), f"{shown(path)}: not agreement figures: {exc}"
    return Summary(name, figures, contested), None
