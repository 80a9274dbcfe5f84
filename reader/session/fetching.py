"""Fetching the feeds from inside the app: ``reader fetch`` run as a child process, its report
read line by line as each feed finishes.

A child process rather than a thread: parsing feeds and extracting pages' text is CPU work
that would hold the GIL the interface needs for keystrokes, and a child can be stopped at once
when the app quits (the items store replaces each file atomically, so a killed fetch leaves
the old items or the new ones, never half of them). The child writes into the same data folder
the app reads, so a reload after a feed with new items shows them. No Textual here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

#: The child's report on stderr is kept up to this many characters (problems with feeds.toml).
MAX_STDERR = 20_000


@dataclass(frozen=True)
class FeedResult:
    """One feed's outcome as the child reported it: "new" (``new`` items), "unchanged" or
    "failed" (``reason`` in words)."""

    url: str
    outcome: str
    new: int = 0
    reason: str = ""

    @property
    def failed(self) -> bool:
        return self.outcome == "failed"

    def status(self) -> str:
        """A few words for the sources panel ("5 new", "unchanged", "failed: timed out")."""
        if self.failed:
            return f"failed: {self.reason}"
        if self.outcome == "unchanged" or not self.new:
            return "unchanged"
        return f"{self.new:,} new"


@dataclass
class FetchReport:
    """A whole fetch: each feed's result in the order they finished, the child's exit status
    and what it said on stderr (problems with the subscriptions file)."""

    results: list[FeedResult] = field(default_factory=list)
    status: int | None = None
    said: str = ""
    stopped: bool = False

    @property
    def new(self) -> int:
        return sum(result.new for result in self.results)

    @property
    def failed(self) -> list[FeedResult]:
        return [result for result in self.results if result.failed]


def parse_result(line: str) -> FeedResult | None:
    """A line of ``reader fetch --json`` as a FeedResult; None for anything else."""
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        return None
    outcome = data.get("outcome")
    new = data.get("new", 0)
    reason = data.get("reason", "")
    if outcome not in ("new", "unchanged", "failed") or not isinstance(new, int) or not isinstance(reason, str):
        return None
    return FeedResult(data["url"], outcome, max(0, new), reason)


class FeedFetch:
    """One run of ``reader fetch`` in a child process; `run` blocks (call it from a worker
    thread), `stop` may be called from any thread."""

    def __init__(self, command: list[str] | None = None) -> None:
        self.command = command or [sys.executable, "-m", "reader", "fetch", "--json"]
        self._child: subprocess.Popen[str] | None = None
        self._stopped = threading.Event()
        self._lock = threading.Lock()

    def run(self, on_result: Callable[[FeedResult], None]) -> FetchReport:
        """Start the child and report each feed as it finishes; never raises."""
        report = FetchReport()
        try:
            with self._lock:
                if self._stopped.is_set():
                    report.stopped = True
                    return report
                self._child = subprocess.Popen(
                    self.command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    encoding="utf-8",
                    errors="replace",
                    env=os.environ | {"PYTHONIOENCODING": "utf-8"},
                    start_new_session=True,  # (the terminal's signals are the app's to handle)
                )
        except OSError as error:
            report.said = f"reader fetch could not be started ({error.strerror or error})"
            return report
        child = self._child
        said: list[str] = []
        stderr_reader = threading.Thread(target=_collect, args=(child.stderr, said), daemon=True)
        stderr_reader.start()
        assert child.stdout is not None
        for line in child.stdout:
            result = parse_result(line)
            if result is not None:
                report.results.append(result)
                on_result(result)
        report.status = child.wait()
        stderr_reader.join(timeout=5)
        report.said = "".join(said)[:MAX_STDERR]
        report.stopped = self._stopped.is_set()
        return report

    def stop(self) -> None:
        """Stop the child now (the app is quitting)."""
        with self._lock:
            self._stopped.set()
            child = self._child
        if child is not None and child.poll() is None:
            try:
                child.kill()
            except OSError:
                pass


def _collect(stream: object, into: list[str]) -> None:
    size = 0
    for line in stream:  # type: ignore[attr-defined]
        if size < MAX_STDERR:
            into.append(line)
            size += len(line)
