"""A pseudo-terminal running the installed `reader` console script, for end-to-end tests.

The screen is rendered by pyte; every byte the program wrote is kept too (`raw`), for what pyte
does not show (OSC 52). Each run gets its own HOME and XDG folders, so the user's config, cache
and marks are never read or written. Nothing here sleeps for a fixed time to decide anything:
`wait_for` and `wait_until` poll the screen until a generous deadline.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Self

import pexpect
import pyte

READER = Path(sys.executable).parent / "reader"  # the console script the package installs
COLUMNS, LINES = 120, 32
DEADLINE = 20.0  # seconds: machines running these are slow and busy
#: Variables that would change what the program does, taken from the environment of the test run.
_CLEARED = (
    "READER_CONFIG",
    "PAGER",
    "EDITOR",
    "VISUAL",
    "NO_COLOR",
    "TEXTUAL",
    "TEXTUAL_FPS",
    "LESSOPEN",
    "LESSCLOSE",
    "PYTHONPATH",
)


class Home:
    """A private home: HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_DATA_HOME under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root / "home"
        self.config = root / "config"
        self.cache = root / "cache"
        self.data = root / "data"
        for folder in (self.home, self.config, self.cache, self.data):
            folder.mkdir(parents=True, exist_ok=True)

    @property
    def config_file(self) -> Path:
        return self.config / "reader" / "config.toml"

    def write_config(self, text: str) -> Path:
        self.config_file.parent.mkdir(parents=True, exist_ok=True)
        self.config_file.write_text(text, encoding="utf-8")
        return self.config_file

    def environ(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key not in _CLEARED}
        env.update(
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.config),
            XDG_CACHE_HOME=str(self.cache),
            XDG_DATA_HOME=str(self.data),
            TERM="xterm-256color",
            COLUMNS=str(COLUMNS),
            LINES=str(LINES),
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
        )
        env.update(extra or {})
        return env


def toml_string(text: str) -> str:
    """A TOML basic string (for paths in a test's config file)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_script(path: Path, body: str) -> Path:
    """An executable /bin/sh script."""
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


class Terminal:
    """`reader ARGS` in a pty of COLUMNS x LINES. Use as a context manager: the program is
    killed on the way out if the test left it running."""

    def __init__(self, *args: str, home: Home, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> None:
        assert READER.is_file(), f"the console script is not installed at {READER}"
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()  # everything the program wrote, escape sequences included
        self.eof = False
        self.child = pexpect.spawn(
            str(READER), list(args), cwd=str(cwd or home.home), env=home.environ(env), dimensions=(LINES, COLUMNS)
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)
        self.child.close()

    # -- reading the screen ----------------------------------------------------------------------

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, seconds: float = 0.05) -> None:
        """Read what the program wrote within ``seconds`` (or until it ended)."""
        if self.eof:
            time.sleep(seconds)
            return
        try:
            data = self.child.read_nonblocking(65536, timeout=seconds)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            self.eof = True
            return
        self.raw += data
        self.stream.feed(data)

    def wait_until(self, condition: Callable[[str], bool], what: str, timeout: float = DEADLINE) -> str:
        """The screen once ``condition(screen text)`` holds; fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            self.pump()
            text = self.text()
            if condition(text):
                return text
            if time.monotonic() > deadline or self.eof:
                raise AssertionError(f"never saw {what} on screen (program ended: {self.eof}):\n{text}")

    def wait_for(self, *needles: str, absent: tuple[str, ...] = (), timeout: float = DEADLINE) -> str:
        """The screen once every needle is on it and nothing in ``absent`` is."""
        return self.wait_until(
            lambda text: all(n in text for n in needles) and not any(a in text for a in absent),
            f"{needles!r} without {absent!r}",
            timeout,
        )

    def wait_raw(self, needle: bytes, start: int = 0, timeout: float = DEADLINE) -> int:
        """The offset in `raw` where ``needle`` was first written at or after ``start``."""
        deadline = time.monotonic() + timeout
        while (at := self.raw.find(needle, start)) < 0:
            if time.monotonic() > deadline or self.eof:
                raise AssertionError(f"the program never wrote {needle!r}")
            self.pump()
        return at

    def wait_raw_match(self, pattern: re.Pattern[bytes], start: int = 0, timeout: float = DEADLINE) -> re.Match:
        """The first match of ``pattern`` in what the program wrote at or after ``start``."""
        deadline = time.monotonic() + timeout
        while (match := pattern.search(self.raw, start)) is None:
            if time.monotonic() > deadline or self.eof:
                raise AssertionError(f"the program never wrote {pattern.pattern!r}")
            self.pump()
        return match

    # -- typing and quitting ---------------------------------------------------------------------

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def quit(self, timeout: float = DEADLINE) -> int:
        """Press q; the exit status once the program has ended."""
        self.send("q")
        return self.wait_exit(timeout)

    def wait_exit(self, timeout: float = DEADLINE) -> int:
        deadline = time.monotonic() + timeout
        while not self.eof and time.monotonic() < deadline:
            self.pump()
        while self.child.isalive() and time.monotonic() < deadline:
            self.pump()
        assert not self.child.isalive(), f"the program did not exit:\n{self.text()}"
        self.child.close()
        assert self.child.signalstatus is None, f"killed by signal {self.child.signalstatus}:\n{self.text()}"
        return self.child.exitstatus
