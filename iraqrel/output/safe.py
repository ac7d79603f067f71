"""Text made safe where it is read: a terminal, a spreadsheet, a markdown renderer.

Nothing in a cell is obeyed: control characters and invisible ones are shown as escapes, a
cell a spreadsheet would read as a formula is marked as text, and HTML in markdown is shown
as text, not rendered.
"""

from __future__ import annotations

import re

# Shown as escapes, never obeyed or hidden: the C0 and C1 controls (ESC starts ANSI and OSC
# sequences, CR and BS overwrite); the bidi embeddings, overrides and isolates that reorder
# what a terminal shows; and the characters that take no room, so that a name that looks
# like another differs visibly: the soft hyphen, the Arabic letter mark (ALM), the
# left-to-right and right-to-left marks (LRM, RLM), the zero-width space, the word joiner and
# the invisible operators, the byte order mark (BOM), the line and paragraph separators, the
# blank Hangul fillers, the Mongolian vowel separator, interlinear annotations and the tag
# characters. Kept as they are: the zero-width non-joiner and joiner (ZWNJ, ZWJ), which
# Arabic, Persian and emoji need to be written right, and every combining mark (Arabic
# vowel marks and shadda decide a name: عمّان is Amman, عُمان Oman).
_INVISIBLE = [
    0x00AD,
    0x061C,
    0x115F,
    0x1160,
    0x180E,
    0x200B,
    0x200E,
    0x200F,
    0x2028,
    0x2029,
    0x3164,
    0xFEFF,
    0xFFA0,
    *range(0x2060, 0x2065),
    *range(0x206A, 0x2070),
    *range(0xFFF9, 0xFFFC),
    *range(0xE0000, 0xE0080),
]
_UNSAFE = [
    *range(0x20),
    *range(0x7F, 0xA0),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    *_INVISIBLE,
]


def _escape(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


_ESCAPES = {c: _escape(c) for c in _UNSAFE}
_ESCAPES_BUT_NEWLINE = {c: e for c, e in _ESCAPES.items() if c != ord("\n")}


def visible(text: str, *, newlines: bool = False) -> str:
    """`text` safe for a terminal: every control or invisible character as a visible escape
    like `\\x1b` or `\\u200f`.

    Dataset strings and echoed input cannot retitle the window, move the cursor, hide text or
    pass for another name. With `newlines`, line breaks stay (multi-line cells and messages).
    """
    return text.translate(_ESCAPES_BUT_NEWLINE if newlines else _ESCAPES)


# OWASP's CSV injection guidance: a cell that begins with one of these is read as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"[+-]?[0-9]+(?:\.[0-9]+)?"  # compiled where used, by csv only


def inert(cell: str) -> str:
    """A csv cell a spreadsheet reads as text: one that would begin a formula gets a leading
    `'`, as OWASP advises; a number is left as it is (scores are negative)."""
    if cell.startswith(_FORMULA_START) and not re.fullmatch(_NUMBER, cell):
        return "'" + cell
    return cell


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def html_escaped(text: str) -> str:
    """`text` for markdown: `<script>` or `<img onerror=…>` is shown as written, not run."""
    return text.translate(_HTML)
