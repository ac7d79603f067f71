"""The garbage collector around the start-up's imports and the dataset's load: paused while
they run, then told that what they made lives until the process ends.

The modules (Typer's, msgspec's, ours) and a dataset are tens of thousands of objects and
none of them is garbage; a collection that walks them, during the imports or the load or
during every later step, finds nothing (the imports alone set off some thirty collections,
about 4 ms). The process leaves by `os._exit`, so nothing frozen ever needs collecting.
Collections go on for what the query makes after the load (`resolve -` on millions of names
stays bounded).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading() -> Iterator[None]:
    """Collect nothing while the body runs; then move every object alive into the
    collector's permanent generation, which no collection walks, and let collections
    resume."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
