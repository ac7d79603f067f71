"""Agreement between independent codings: the format of the figures file.

The development tool `tests/agreement.py` computes the figures from the coding files and
writes them beside the dataset.
"""

from __future__ import annotations

import msgspec


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


def decode(raw: bytes) -> Agreement:
    return msgspec.json.decode(raw, type=Agreement)
