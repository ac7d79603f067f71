"""Damaged copies of a sound file, for the tests that fuzz the caches."""

from __future__ import annotations

from hypothesis import strategies as st


def damaged(honest: bytes) -> st.SearchStrategy[bytes]:
    """Random bytes, or `honest` with one byte changed, cut short, or with bytes added."""
    return st.one_of(
        st.binary(max_size=512),
        st.builds(
            lambda at, byte: honest[:at] + bytes([byte]) + honest[at + 1 :],
            st.integers(0, len(honest) - 1),
            st.integers(0, 255),
        ),
        st.integers(0, len(honest)).map(lambda n: honest[:n]),
        st.binary(min_size=1, max_size=64).map(lambda extra: honest + extra),
    )
