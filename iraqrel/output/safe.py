"""Text made safe for a terminal: control characters shown, never obeyed."""

from __future__ import annotations

# C0 and C1 controls (ESC starts ANSI and OSC sequences, CR and BS overwrite) and the bidi
# embeddings, overrides and isolates that reorder what a terminal shows.
_UNSAFE = [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPES = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _UNSAFE}
_ESCAPES_BUT_NEWLINE = {c: e for c, e in _ESCAPES.items() if c != ord("\n")}


def visible(text: str, *, newlines: bool = False) -> str:
    """`text` safe for a terminal: every control character as a visible escape like `\\x1b`.

    Dataset strings and echoed input cannot retitle the window, move the cursor or hide
    text. With `newlines`, line breaks stay (multi-line cells and messages).
    """
    return text.translate(_ESCAPES_BUT_NEWLINE if newlines else _ESCAPES)
