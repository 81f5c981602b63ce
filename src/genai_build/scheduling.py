"""A hint from a writer to the pipeline's scheduler: "my heavy work now runs outside this process".

The pipeline starts the writers of its BACKGROUND table first, each in a thread, and waits for
this hint (or the writer's end) before starting the next, so that their child processes (layout
workers, pandoc) get going before the other writers' Python competes for the cores. Outside a
build, or for a writer the pipeline runs in the foreground, handed_off() does nothing.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator

_listener: ContextVar[Callable[[], None] | None] = ContextVar("handed_off_listener", default=None)


def handed_off() -> None:
    """Say that this writer's heavy work now runs in other processes."""
    listener = _listener.get()
    if listener is not None:
        listener()


@contextmanager
def listening(callback: Callable[[], None]) -> Iterator[None]:
    """Call `callback` when the code run inside says handed_off(), and once more on leaving."""
    token = _listener.set(callback)
    try:
        yield
    finally:
        _listener.reset(token)
        callback()  # a writer that fails or never says so does not hold the others up
