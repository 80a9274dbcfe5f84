"""End to end: the real `reader` command in a pseudo-terminal, screen rendered by pyte."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pyte
from pty_terminal import Home

REPO = Path(__file__).resolve().parents[2]
COLUMNS, LINES = 100, 30


class Terminal:
    """``python -m reader`` in a pseudo-terminal with a private home (pty_terminal.Home: HOME,
    config, cache and data folders of its own), everything it writes kept in ``output``."""

    def __init__(self, *args: str, home: Home) -> None:
        env = home.environ(
            {
                "COLUMNS": str(COLUMNS),
                "LINES": str(LINES),
                "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            }
        )
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.output = bytearray()  # stdout and stderr: a pseudo-terminal carries both
        self.child = pexpect.spawn(
            sys.executable, ["-m", "reader", *args], cwd=str(REPO), env=env, dimensions=(LINES, COLUMNS)
        )

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, seconds: float = 0.05) -> None:
        try:
            data = self.child.read_nonblocking(65536, timeout=seconds)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            return
        self.output += data
        self.stream.feed(data)

    def wait_for(self, *needles: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            text = self.text()
            if all(needle in text for needle in needles):
                return text
            if not self.child.isalive():
                break
        raise AssertionError(f"never saw {needles!r} on screen:\n{self.text()}")

    def send(self, keys: str) -> None:
        self.child.send(keys)


def test_reader_in_a_real_terminal(tmp_path):
    from reader.ingest.files import load_corpus

    articles = load_corpus([]).articles
    newest, oldest_dated = articles[0], [a for a in articles if a.date][-1]
    term = Terminal(home=Home(tmp_path))
    try:
        screen = term.wait_for(newest.title[:15], "5 articles")
        assert f"{newest.date.iso()[:10]} {newest.title[:12]}" in screen  # a sidebar row

        # Filter: the count follows as we type.
        from reader.query import parse_query
        from tests.article_filter import ArticleFilter

        article_filter = ArticleFilter(articles)
        words = [w for w in oldest_dated.title.split() if w.isalpha() and len(w) > 3]
        query = next(w for w in words if len(article_filter.matching(parse_query(w))) < 5)
        matches = article_filter.matching(parse_query(query))
        assert 0 < len(matches) < 5
        term.send("/")
        term.send(query)
        term.wait_for(f"{len(matches)} of 5")

        # Open the first match in the pane.
        term.send("\r")  # to the list
        time.sleep(0.2)
        term.send("\r")  # into the pane
        first = articles[matches[0]]
        screen = term.wait_for("Back to list", f"{first.words:,} words")
        assert first.title[:20] in screen

        term.send("q")
        deadline = time.monotonic() + 15
        while term.child.isalive() and time.monotonic() < deadline:
            term.pump()
        term.child.close()
        assert term.child.exitstatus == 0, term.text()
    finally:
        if term.child.isalive():
            term.child.terminate(force=True)


def settled(term: Terminal, quiet: float = 0.5, timeout: float = 10.0) -> str:
    """The screen once nothing has changed on it for ``quiet`` seconds."""
    text, since, deadline = term.text(), time.monotonic(), time.monotonic() + timeout
    while time.monotonic() - since < quiet and time.monotonic() < deadline:
        term.pump()
        if term.text() != text:
            text, since = term.text(), time.monotonic()
    return text


def on_the_main_screen(text: str) -> bool:
    """No dialog, help, problems or palette open, and the focused part quits on q."""
    overlays = ("esc to close", "esc cancel", "Open article…")
    return "q Quit" in text and not any(marker in text for marker in overlays)


def test_a_fast_key_storm_then_q_e_exits_0_without_a_traceback(tmp_path):
    """Keys sent as fast as the terminal takes them, ending with q then e (which used to mount
    a save dialog while the app quit: exit status 1 and a traceback)."""
    import random

    from reader.ui.keymap import default_keymap

    rng = random.Random(7)
    singles = sorted(
        {
            key
            for value in default_keymap().values()
            for key in value.split(",")
            if len(key) == 1 and key not in "qeEoOy"
        }
    )  # no pager/editor/save: they take the terminal
    storm = "".join(rng.choice([*singles, "j", "k", "\t"]) for _ in range(60))
    term = Terminal(home=Home(tmp_path))
    try:
        term.wait_for("5 articles")
        term.send(storm)
        for _ in range(8):  # Esc out of whatever the storm opened, until the list has the keys
            term.pump(0.3)
            term.send("\x1b")
            term.pump(0.3)
            # Esc and a key read together are Alt+key: let that be Alt+j (nothing), never Alt+q.
            term.send("j")
            text = settled(term)
            if on_the_main_screen(text):
                break
        assert on_the_main_screen(text), text
        term.send("qe" + "Eq!?i")
        deadline = time.monotonic() + 20
        while term.child.isalive() and time.monotonic() < deadline:
            term.pump()
        text = term.text()
        term.child.close()
        assert term.child.exitstatus == 0, text
        assert "Traceback" not in text and "Error" not in text, text
        # Not only the last screen: nothing the program wrote, on either stream, was a traceback.
        assert b"Traceback" not in term.output, bytes(term.output[-2000:])
    finally:
        if term.child.isalive():
            term.child.terminate(force=True)
