"""Shell completion of NAME: what `show` answers, from the first letters typed."""

from __future__ import annotations

import os
import re

import typer

from iraqrel.cli.dataset import dataset_named
from iraqrel.records import Loaded, load

COMPLETE_VAR = "_IRAQREL_COMPLETE"  # set by the shell completion script
# What Typer 0.28 answers in COMPLETE_VAR ("complete_bash"); test_completion runs each of them.
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
INSTRUCTIONS = ("complete", "source")


def completion_problem() -> str:
    """Why COMPLETE_VAR cannot be answered ("" when it is unset or sound): Typer would print
    its own line and exit 1, which means "name not found" here."""
    value = os.environ.get(COMPLETE_VAR)
    if not value:
        return ""
    instruction, _, shell = value.partition("_")
    if instruction in INSTRUCTIONS and shell in SHELLS:
        return ""
    return (
        f"shell completion: {COMPLETE_VAR}={value!r} is not '<instruction>_<shell>' "
        f"(instruction: {' or '.join(INSTRUCTIONS)}; shell: {', '.join(SHELLS)}); "
        "reinstall it with 'iraqrel --install-completion'"
    )


def _completion_forms(loaded: Loaded, world: bool) -> list[tuple[str, list[str]]]:
    """Each name's label and the forms a person may start typing: name, aliases, id.

    Counterparts, Iraq itself and Iraq's own actors; with `world`, every other country by
    its common name too (`show` answers them all; the world's names come from their cache)."""
    named = [*loaded.data.entities, loaded.data.subject, *loaded.data.actors]
    forms = [(f"{e.name} ({e.id})", [e.name, *e.aliases, e.id]) for e in named]
    if world:
        from iraqrel.names.index import world_index

        ours = {e.id for e in named}
        forms += [
            (f"{name} ({ident})", [name])
            for ident, name in world_index().display.items()
            if ident not in ours
        ]
    return forms


def _for_shell(value: str, typed: str) -> str:
    """bash inserts a completion as it is: escape its spaces, past what was typed (which the
    value must start with, as typed); zsh and fish escape their own."""
    if not os.environ.get(COMPLETE_VAR, "").endswith("bash"):
        return value
    kept = typed if value.startswith(typed) else ""
    return kept + re.sub(r"([^\w.,@%+=:/-])", r"\\\1", value[len(kept) :])


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
    what was typed, ignoring case, accents and punctuation (Arabic names too). Unquoted words
    are one name, so after `united k` it offers the word `kingdom`, and the rest of the name."""
    try:
        loaded = load(dataset_named(ctx.find_root().params.get("data"))[0])
    except Exception:  # completion must never print a traceback into the shell
        return []
    before = " ".join(ctx.params.get("name") or ())
    typed = f"{before} {incomplete}" if before else incomplete
    found = []
    for label, forms in _completion_forms(loaded, world=bool(typed.strip())):
        match = next(filter(None, (_completed(typed, f) for f in forms)), None)
        if match is not None:
            rest = match[len(before) :].lstrip() if before else match
            found.append((_for_shell(rest, incomplete), label))
    return sorted(found, key=lambda item: item[0].casefold())


def _actors(ctx: typer.Context) -> list[str]:
    try:
        loaded = load(dataset_named(ctx.find_root().params.get("data"))[0])
    except Exception:  # completion must never print a traceback into the shell
        return []
    return [a.id for a in loaded.data.actors]


def complete_actor(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for --actor: Iraq's actors in the dataset, from the letters typed."""
    return [a for a in _actors(ctx) if a.startswith(incomplete.casefold())]


def complete_whose(ctx: typer.Context, incomplete: str) -> list[str]:
    """who-allies' --actor: the actors, and `all`."""
    return [a for a in [*_actors(ctx), "all"] if a.startswith(incomplete.casefold())]
