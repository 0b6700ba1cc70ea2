"""Pausing Python's cyclic garbage collector while an import builds its rows.

An import makes hundreds of thousands of small objects (cells, parsed values, tuples to
write) and drops none of them until it ends: each collection of the young generations walks
them all again and frees nothing. Reference counting still frees what is dropped; the cycles
an import leaves are collected when it ends.

The collector is one per process: a pause covers the other threads too (a threaded server's
other requests), which only delays the freeing of their cycles. Pauses nest and overlap
(two imports in two threads): the collector runs again when the last one ends, and never
when it had been disabled before the first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
