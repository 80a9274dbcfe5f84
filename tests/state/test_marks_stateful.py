"""The marks store against a plain dict, over random sequences of everything a user and a crash can do.

Rules: star, unstar, read, unread, the two toggles and "mark all read" on a few keys; reopen (close
and open the same file); and kill: another process opens the same file, makes a list of changes,
reporting each one after it returns, and is killed with SIGKILL, after a random number of reports
(maybe all of them, maybe none) and a random moment more, so sometimes mid-transaction. Every change
it reported must have survived; the ones after it may or may not have, but only whole and in order
(each is one transaction), so the file must hold the model after *some* prefix of the changes no
shorter than what was reported. The database is never damaged: it passes integrity_check and the
store opens it without a notice (nothing moved aside, nothing kept in memory only).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from reader.state.store import UNMARKED, Marks, StateStore

ROOT = Path(__file__).resolve().parents[2]
KEYS = ("a", "b", "ключ", "it's", "x" * 32)  # a quote and non-ASCII: keys are bound, never spliced into SQL
keys = st.sampled_from(KEYS)

CHILD = textwrap.dedent(
    """
    import json, sys, time
    from reader.state.store import StateStore

    store = StateStore.open(sys.argv[1])
    if not store.persistent or store.notices:
        sys.exit(f"state store not usable: {store.notices}")
    print("ready", flush=True)
    for number, (action, key, on) in enumerate(json.loads(sys.argv[2])):
        if action == "star":
            store.set_starred(key, on)
        elif action == "read":
            store.set_read(key, on)
        elif action == "toggle_star":
            store.toggle_starred(key)
        elif action == "toggle_read":
            store.toggle_read(key)
        else:
            store.set_read_many(key, on)
        print(number, flush=True)
    print("done", flush=True)
    time.sleep(60)  # killed here, with everything committed
    """
)

changes = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(("star", "read", "toggle_star", "toggle_read")), keys, st.booleans()),
        st.tuples(st.just("read_many"), st.lists(keys, max_size=4), st.booleans()),
    ),
    min_size=1,
    max_size=6,
)


def apply(model: dict[str, Marks], action: str, key, on: bool) -> dict[str, Marks]:
    """The model after one change (a new dict)."""
    model = dict(model)
    if action == "read_many":
        for each in key:
            model[each] = model.get(each, UNMARKED)._replace(read=on)
        return model
    marks = model.get(key, UNMARKED)
    if action == "star":
        marks = marks._replace(starred=on)
    elif action == "read":
        marks = marks._replace(read=on)
    elif action == "toggle_star":
        marks = marks._replace(starred=not marks.starred)
    else:
        marks = marks._replace(read=not marks.read)
    model[key] = marks
    return model


class MarksMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="marks-"))
        self.path = self.folder / "state.sqlite3"
        self.store = self._open()
        self.model: dict[str, Marks] = {}

    def _open(self) -> StateStore:
        store = StateStore.open(self.path)
        assert store.persistent and store.notices == [], store.notices
        return store

    def _expect(self, action: str, key, on: bool = True) -> dict[str, Marks]:
        self.model = apply(self.model, action, key, on)
        return self.model

    # -- what the user does ---------------------------------------------------------------------

    @rule(key=keys, on=st.booleans())
    def star(self, key, on):
        assert self.store.set_starred(key, on) is on
        self._expect("star", key, on)

    @rule(key=keys, on=st.booleans())
    def read(self, key, on):
        assert self.store.set_read(key, on) is on
        self._expect("read", key, on)

    @rule(key=keys)
    def toggle_star(self, key):
        assert self.store.toggle_starred(key) is self._expect("toggle_star", key)[key].starred

    @rule(key=keys)
    def toggle_read(self, key):
        assert self.store.toggle_read(key) is self._expect("toggle_read", key)[key].read

    @rule(many=st.lists(keys, max_size=6), on=st.booleans())
    def mark_all_read(self, many, on):
        assert self.store.set_read_many(many, on) == len(set(many))
        self._expect("read_many", many, on)

    # -- what happens to the program --------------------------------------------------------------

    @rule()
    def reopen(self):
        self.store.close()
        self.store = self._open()

    @precondition(lambda self: os.name == "posix")
    @rule(planned=changes, reported=st.integers(0, 7), linger_ms=st.sampled_from((0, 0, 1, 3)), reopen=st.booleans())
    def kill(self, planned, reported, linger_ms, reopen):
        """Another reader makes changes and is killed -9 after ``reported`` of them (all, if more)."""
        reported = min(reported, len(planned))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(self.path), json.dumps(planned)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        try:
            assert child.stdout.readline().strip() == "ready", child.stderr.read()
            for number in range(reported):
                assert child.stdout.readline().strip() == str(number), child.stderr.read()
            if reported == len(planned):
                assert child.stdout.readline().strip() == "done"
            elif linger_ms:
                time.sleep(linger_ms / 1000)
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
            child.stderr.close()
        assert child.returncode == -signal.SIGKILL

        states = [self.model]
        for action, key, on in planned:
            states.append(apply(states[-1], action, key, on))
        if reopen:
            self.store.close()
            self.store = self._open()
        seen = self.store.flags(KEYS)
        possible = [{key: state.get(key, UNMARKED) for key in KEYS} for state in states[reported:]]
        assert seen in possible, f"reported {reported} of {planned}: {seen}"
        self.model = states[reported + possible.index(seen)]
        check = sqlite3.connect(self.path)
        try:
            assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            check.close()

    # -- what must hold after every step ------------------------------------------------------------

    @invariant()
    def marks_match_the_model(self):
        expected = {key: self.model.get(key, UNMARKED) for key in KEYS}
        assert {key: self.store.marks(key) for key in KEYS} == expected
        assert self.store.flags(KEYS) == expected
        assert self.store.marked(KEYS) == {key: marks for key, marks in expected.items() if marks != UNMARKED}
        assert self.store.read_keys() == {key for key, marks in expected.items() if marks.read}  # "hide read"
        assert self.store.starred_keys() == {key for key, marks in expected.items() if marks.starred}
        for key in KEYS:
            assert (self.store.read_at(key) is not None) is expected[key].read
            assert (self.store.starred_at(key) is not None) is expected[key].starred
        assert self.store.notices == []

    @invariant()
    def unmarked_articles_leave_no_row(self):
        rows = self.store._db.execute("SELECT count(*) FROM marks").fetchone()[0]
        assert rows == sum(1 for marks in self.model.values() if marks != UNMARKED)

    def teardown(self):
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)


MarksMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=20, deadline=None)
test_marks_against_a_model = MarksMachine.TestCase
