"""Child processes of the build (PDF layout workers, pandoc): they die with it and stop when it is called off.

- A child asks the kernel to kill it when its parent dies (Linux: prctl PR_SET_PDEATHSIG), and
  watches its parent's pid as well (every system): `kill -9` of the build leaves no worker running.
- Layout workers ignore Ctrl-C: the build decides. When a build fails or is interrupted,
  `cancel()` kills every child it registered and refuses to start new ones, so Ctrl-C stops a
  build within a second or two and no worker starts after it.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

_cancelled = threading.Event()
_lock = threading.Lock()
_stoppers: dict[int, Callable[[], None]] = {}
PARENT_POLL_S = 0.5


class Cancelled(Exception):
    """The build was called off: no new child process may start."""


def die_with_parent(parent: int | None = None) -> None:
    """In a child: be killed when the parent process dies. Call first thing in the child."""
    parent = parent or os.getppid()
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the watchdog below does it
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def watch_parent(parent: int) -> None:
    """In a Python child: a daemon thread that ends the process once `parent` is gone.

    Covers what PR_SET_PDEATHSIG misses: other systems, and a parent whose forking thread ended."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(1)
    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C back from this thread while it forks workers.

    A forked child starts with its parent thread's signal mask: with SIGINT blocked, a Ctrl-C
    that reaches a child between the fork and worker_setup stays pending, and worker_setup
    drops it (no KeyboardInterrupt traceback from a worker still starting). The build itself
    still gets it: another thread takes it, or this one once the mask is restored."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def to_the_end(step: Callable[[], None]) -> None:
    """Run a clean-up step to its end even when Ctrl-C comes (again) meanwhile.

    Ctrl-C is ignored while it runs (main thread only); one whose handler runs just before
    that starts the step again (each clean-up step here can be repeated). A second Ctrl-C,
    or one handled late, must not cut short the wait for the writers' threads or the
    removal of the build's temporary files: both would be left behind."""
    while True:
        try:
            if threading.current_thread() is not threading.main_thread():
                step()
                return
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                step()
                return
            finally:
                signal.signal(signal.SIGINT, previous)
        except KeyboardInterrupt:
            continue


def worker_setup(parent: int) -> None:
    """What a Python worker process does before anything else."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops its workers itself
    if hasattr(signal, "pthread_sigmask"):  # a Ctrl-C held back since the fork is dropped here
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    watch_parent(parent)


def check() -> None:
    """Raise Cancelled if the build was called off (before starting any child work)."""
    if _cancelled.is_set():
        raise Cancelled("the build was called off")


def register(key: object, stop: Callable[[], None]) -> None:
    """Remember how to stop a child (or a pool of them) if the build is called off."""
    with _lock:
        if _cancelled.is_set():
            stop()
            raise Cancelled("the build was called off")
        _stoppers[id(key)] = stop


def unregister(key: object) -> None:
    with _lock:
        _stoppers.pop(id(key), None)


def cancel() -> None:
    """Call the build off: stop every registered child now, start no new one."""
    with _lock:
        _cancelled.set()
        stoppers = list(_stoppers.values())
        _stoppers.clear()
    for stop in stoppers:
        try:
            stop()
        except Exception:  # noqa: BLE001 - a child already gone
            pass


def reset() -> None:
    """A new build in the same process (tests, bench) may start children again."""
    with _lock:
        _cancelled.clear()
        _stoppers.clear()
