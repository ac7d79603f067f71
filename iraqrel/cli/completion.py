"""Shell completion of NAME: what `show` answers, from the first letters typed."""

from __future__ import annotations

import os
import re

import typer

from iraqrel.records import Loaded, load, shipped_data_path

COMPLETE_VAR = "_IRAQREL_COMPLETE"  # set by the shell completion script


def _completion_forms(loaded: Loaded) -> list[tuple[str, list[str]]]:
    """Each name's label and the forms a person may start typing: name, aliases, id.

    Counterparts, Iraq itself and Iraq's own actors: every name `show` answers."""
    named = [*loaded.data.entities, loaded.data.subject, *loaded.data.actors]
    return [(f"{e.name} ({e.id})", [e.name, *e.aliases, e.id]) for e in named]


def _for_shell(value: str) -> str:
    """bash inserts a completion as it is: escape its spaces; zsh and fish escape their own."""
    if os.environ.get(COMPLETE_VAR, "").endswith("bash"):
        return re.sub(r"([^\w.,@%+=:/-])", r"\\\1", value)
    return value


def _completed(typed: str, form: str) -> str | None:
    """`form` continued from what was typed, kept as typed (Typer keeps only values that start
    with it); None when the form does not start with it, ignoring case, accents and dots."""
    from iraqrel.names.text import fold

    wanted = fold(typed)
    if not fold(form).startswith(wanted):
        return None
    cut = next((k for k in range(len(form) + 1) if fold(form[:k]) == wanted), None)
    if cut is None:
        return None
    rest = form[cut:]
    return typed + (rest.lower() if typed.islower() else rest)


def complete_name(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for NAME: per counterpart, its first name, alias or id that starts with
    what was typed, ignoring case, accents and punctuation (Arabic names too)."""
    try:
        loaded = load(ctx.find_root().params.get("data") or shipped_data_path())
    except Exception:  # completion must never print a traceback into the shell
        return []
    found = []
    for label, forms in _completion_forms(loaded):
        match = next(filter(None, (_completed(incomplete, f) for f in forms)), None)
        if match is not None:
            found.append((_for_shell(match), label))
    return sorted(found, key=lambda item: item[0].casefold())


def _actors(ctx: typer.Context) -> list[str]:
    try:
        loaded = load(ctx.find_root().params.get("data") or shipped_data_path())
    except Exception:  # completion must never print a traceback into the shell
        return []
    return [a.id for a in loaded.data.actors]


def complete_actor(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for --actor: Iraq's actors in the dataset, from the letters typed."""
    return [a for a in _actors(ctx) if a.startswith(incomplete.casefold())]


def complete_whose(ctx: typer.Context, incomplete: str) -> list[str]:
    """who-allies' --actor: the actors, and `all`."""
    return [a for a in [*_actors(ctx), "all"] if a.startswith(incomplete.casefold())]
