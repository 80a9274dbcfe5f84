"""A hang guard that measures CPU time, not the clock on the wall.

Tests that must prove "this never hangs" (a regular expression on crafted text, a fetch of a
server that never answers, a timer on a busy event loop) raise ``Hang`` once the process has used
``seconds`` of CPU time (user and system: ITIMER_PROF, SIGPROF). Time spent waiting for a core on a
loaded machine, or sleeping on a socket, does not count, so a slow CI runner cannot fail the test,
while a busy loop or runaway backtracking still does. Python checks for signals between bytecodes
and the regex engine as it runs, so the guarded code is interrupted where it spins.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


class Hang(Exception):
    """The guarded code used its whole CPU budget."""


@contextlib.contextmanager
def hang_budget(what: str, seconds: float) -> Iterator[None]:
    def alarm(_signum: int, _frame: object) -> None:
        raise Hang(f"{what}: still running after {seconds} s of CPU time")

    previous = signal.signal(signal.SIGPROF, alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
