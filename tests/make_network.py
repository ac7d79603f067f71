"""Draw the README's network picture from `iraqrel export graphml`.

    python tests/make_network.py          # rewrite data/network.svg
    python tests/make_network.py --check  # exit 1 when the committed picture is stale

Iraq's actors sit in the centre; each counterpart is placed by the stance of its latest
current tie (with the federal government where it has one): ally and partner on the left,
mixed, strained and adversary on the right. A line is an actor's latest current tie with a
counterpart, coloured by its stance. Counterparts with no current tie are listed below.
The picture depends on the export alone, which a real process writes.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
PICTURE = ROOT / "data" / "network.svg"
NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
COLORS = {
    "ally": "#1a7f37",
    "partner": "#2da44e",
    "mixed": "#8c959f",
    "strained": "#d4a72c",
    "adversary": "#cf222e",
}
LEFT, RIGHT = ("ally", "partner"), ("mixed", "strained", "adversary")
WIDTH, ROW, BOX = 960, 30, 230  # the SVG's width; a row's height; a counterpart box's width
ACTOR_X, ACTOR_W = 370, 220
FONT = 'font-family="Helvetica, Arial, sans-serif"'


class Tie(NamedTuple):
    id: str
    actor: str
    counterpart: str
    stance: str
    date: str


def exported() -> str:
    """The GraphML export, as a user gets it."""
    done = subprocess.run(
        [sys.executable, "-m", "iraqrel", "export", "graphml"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=True,
    )
    return done.stdout


def read(graphml: str) -> tuple[dict[str, dict[str, str]], list[Tie], str]:
    """The nodes' attributes, the current ties, and the data version, from GraphML."""
    root = ET.fromstring(graphml)
    names = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", NS)}
    graph = root.find("g:graph", NS)
    assert graph is not None

    def data(element: ET.Element) -> dict[str, str]:
        return {names[d.get("key")]: d.text or "" for d in element.findall("g:data", NS)}

    nodes = {n.get("id", ""): data(n) for n in graph.findall("g:node", NS)}
    ties = []
    for e in graph.findall("g:edge", NS):
        found = data(e)
        if found["period"] == "current":
            ties.append(
                Tie(
                    found["id"],
                    e.get("source", ""),
                    e.get("target", ""),
                    found["stance"],
                    found.get("date", ""),
                )
            )
    return nodes, ties, data(graph)["data_version"]


def latest(ties: list[Tie]) -> dict[tuple[str, str], Tie]:
    """Each actor's latest current tie with each counterpart (undated counts as oldest)."""
    found: dict[tuple[str, str], Tie] = {}
    for tie in sorted(ties, key=lambda t: (t.date, t.id)):
        found[tie.actor, tie.counterpart] = tie
    return found


def placement(pairs: dict[tuple[str, str], Tie]) -> dict[str, str]:
    """Each counterpart's stance for placing it: its latest tie with Baghdad, else with
    another actor (later ties are read last, Baghdad's after every other)."""
    ordered = sorted(pairs.items(), key=lambda p: (p[0][0] == "baghdad", p[1].date, p[1].id))
    return {counterpart: tie.stance for (_, counterpart), tie in ordered}


def _text(
    x: float,
    y: float,
    words: str,
    size: int = 13,
    anchor: str = "start",
    weight: str = "normal",
    fill: str = "#1f2328",
) -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}" {FONT}>{escape(words)}</text>'
    )


def _label(name: str) -> list[str]:
    """A name in at most two lines that fit a box."""
    lines = textwrap.wrap(name, 30)
    return lines if len(lines) <= 2 else [lines[0], textwrap.shorten(" ".join(lines[1:]), 30)]


def _column(stances: tuple[str, ...], placed: dict[str, str], nodes, x: float):
    """Each stance's heading, then its counterparts' boxes: SVG and each box's anchor point."""
    parts, anchors, y = [], {}, 70.0
    for stance in stances:
        members = sorted(
            (c for c, s in placed.items() if s == stance),
            key=lambda c: nodes[c]["label"].casefold(),
        )
        parts.append(
            _text(
                x,
                y,
                f"{stance} ({len(members)})" if members else f"{stance}: none",
                size=14,
                weight="bold",
                fill=COLORS[stance],
            )
        )
        y += 12
        for c in members:
            lines = _label(nodes[c]["label"])
            high = ROW + 14 * (len(lines) - 1)
            parts.append(
                f'<rect x="{x}" y="{y:.0f}" width="{BOX}" height="{high - 6}" rx="5" '
                f'fill="#ffffff" stroke="{COLORS[stance]}" stroke-width="2"/>'
            )
            for n, line in enumerate(lines):
                parts.append(_text(x + 8, y + 17 + 14 * n, line))
            anchors[c] = (x + (BOX if x < ACTOR_X else 0), y + (high - 6) / 2)
            y += high
        y += 22
    return parts, anchors, y


def picture(graphml: str | None = None) -> str:
    nodes, ties, version = read(graphml if graphml is not None else exported())
    pairs = latest(ties)
    placed = placement(pairs)
    left, left_at, left_end = _column(LEFT, placed, nodes, 20)
    right, right_at, right_end = _column(RIGHT, placed, nodes, WIDTH - 20 - BOX)
    at = left_at | right_at
    actors = [n for n, a in nodes.items() if a["kind"] == "iraqi-actor"]
    middle = max(left_end, right_end) / 2
    actor_at, boxes = {}, []
    for n, actor in enumerate(actors):
        y = middle - 40 * len(actors) + 80 * n + 20
        actor_at[actor] = y + 20
        boxes.append(
            f'<rect x="{ACTOR_X}" y="{y:.0f}" width="{ACTOR_W}" height="40" rx="20" '
            f'fill="#f6f8fa" stroke="#1f2328" stroke-width="2"/>'
        )
        boxes.append(
            _text(
                ACTOR_X + ACTOR_W / 2, y + 25, nodes[actor]["label"], anchor="middle", weight="bold"
            )
        )
    lines = []
    for (actor, counterpart), tie in sorted(pairs.items()):
        x2, y2 = at[counterpart]
        x1 = ACTOR_X if x2 < ACTOR_X else ACTOR_X + ACTOR_W
        lines.append(
            f'<line x1="{x1}" y1="{actor_at[actor]:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" '
            f'stroke="{COLORS[tie.stance]}" stroke-width="2.5" stroke-opacity="0.8">'
            f"<title>{tie.id}: {escape(nodes[actor]['label'])} – "
            f"{escape(nodes[counterpart]['label'])}, {tie.stance}</title></line>"
        )
    bottom = max(left_end, right_end)
    untied = sorted(
        nodes[c]["label"]
        for c, a in nodes.items()
        if a["kind"] != "iraqi-actor" and c not in placed
    )
    notes = [
        _text(
            20,
            30,
            f"Iraq's current ties, from iraqrel export graphml (data {version})",
            size=16,
            weight="bold",
        ),
        _text(
            20,
            50,
            "A line is an Iraqi actor's latest current tie, coloured by stance; a "
            "counterpart sits by its latest current tie with the federal government.",
        ),
        _text(
            20,
            bottom + 4,
            "No current tie (only a past or an outlook, or only its parts'): " + ", ".join(untied),
        ),
    ]
    height = bottom + 24
    body = "\n".join([*lines, *boxes, *left, *right, *notes])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}">\n<rect width="100%" height="100%" '
        f'fill="#ffffff"/>\n{body}\n</svg>\n'
    )


def main() -> int:
    drawn = picture()
    if "--check" in sys.argv[1:]:
        stale = not PICTURE.exists() or PICTURE.read_text(encoding="utf-8") != drawn
        if stale:
            print(f"{PICTURE.name} is stale: run python tests/make_network.py", file=sys.stderr)
        return int(stale)
    PICTURE.write_text(drawn, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
