"""The README's network picture is drawn from today's `iraqrel export graphml`."""

from __future__ import annotations

import re

import make_network


def test_the_committed_network_picture_matches_the_export():
    committed = make_network.PICTURE.read_text(encoding="utf-8")
    assert committed == make_network.picture(), "run: python tests/make_network.py"


def test_every_actors_latest_current_tie_is_a_line_of_its_stance(loaded):
    drawn = make_network.PICTURE.read_text(encoding="utf-8")
    latest = {}
    for rel in sorted(
        loaded.data.relationships, key=lambda r: (loaded.segments[r.segment].date.value or "", r.id)
    ):
        if rel.period == "current":
            latest[rel.actor, rel.entity] = rel
    lines = re.findall(r'stroke="(#[0-9a-f]{6})"[^>]*><title>(r[0-9]{4}):', drawn)
    assert sorted(i for _, i in lines) == sorted(r.id for r in latest.values())
    by_id = {r.id: r for r in latest.values()}
    assert all(make_network.COLORS[by_id[i].stance] == color for color, i in lines)


def test_the_picture_is_readable_at_the_readmes_width():
    drawn = make_network.PICTURE.read_text(encoding="utf-8")
    width = int(re.search(r'<svg[^>]* width="([0-9]+)"', drawn)[1])
    sizes = {int(s) for s in re.findall(r'font-size="([0-9]+)"', drawn)}
    # Shown about 860 pixels wide, text of 13 units is at least 11.6 pixels high.
    assert width <= 1000 and min(sizes) * 860 / width >= 11.5
