"""Marks: toggling, persistence, bulk lookups, two stores and threads at once."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime

from reader.state.store import SCHEMA_VERSION, UNMARKED, Marks, StateStore, default_state_path


def test_default_location_is_the_xdg_data_dir(data_home, state_path):
    assert default_state_path() == state_path
    with StateStore.open() as store:
        assert store.path == state_path and store.persistent
        assert store.notices == []
    assert state_path.is_file()


def test_toggles_return_the_new_state():
    with StateStore.open() as store:
        assert (store.marks("a").read, store.marks("a").starred) == (False, False)
        assert store.toggle_starred("a") is True
        assert store.marks("a").starred and not store.marks("a").read
        assert store.toggle_read("a") is True
        assert store.marks("a") == Marks(read=True, starred=True)
        assert store.toggle_starred("a") is False
        assert store.toggle_read("a") is False
        assert store.marks("a") == UNMARKED


def test_set_is_idempotent_and_keeps_the_first_read_time():
    with StateStore.open() as store:
        before = datetime.now(UTC).replace(microsecond=0)
        assert store.set_read("a", True) is True
        first = store.read_at("a")
        assert first is not None and first >= before
        store._db.execute("UPDATE marks SET read_at = 1000 WHERE key = 'a'")
        assert store.set_read("a") is True
        assert store.read_at("a") == datetime.fromtimestamp(1000, UTC)
        assert store.set_read("a", False) is False and store.read_at("a") is None
        assert store.set_starred("a", True) is True and store.set_starred("a", True) is True
        assert store.starred_at("a") is not None
        assert store.set_starred("a", False) is False and store.starred_at("a") is None


def test_unmarked_rows_are_removed():
    with StateStore.open() as store:
        store.set_read("a")
        store.set_starred("a")
        store.set_read("a", False)
        store.set_starred("a", False)
        assert store._db.execute("SELECT count(*) FROM marks").fetchone()[0] == 0


def test_marks_persist_across_reopen(state_path):
    with StateStore.open() as store:
        store.set_starred("s")
        store.set_read("r")
        store.set_read_many(["m1", "m2", "m2"])
    with StateStore.open(state_path) as store:
        assert store.starred_keys() == {"s"}
        assert store.read_keys() == {"r", "m1", "m2"}
        assert store.notices == []


def test_explicit_path(tmp_path):
    path = tmp_path / "nested" / "mine.db"
    with StateStore.open(path) as store:
        store.set_starred("x")
    with StateStore.open(str(path)) as store:
        assert store.marks("x").starred


def test_bulk_flags_for_100000_keys_is_one_fast_query():
    keys = [f"{i:032x}" for i in range(100_000)]
    with StateStore.open() as store:
        store.set_read_many(keys[::3])
        store.set_starred(keys[1])
        store.set_starred(keys[3])
        statements = []
        store._db.set_trace_callback(statements.append)
        flags = store.flags(keys)
        store._db.set_trace_callback(None)
        assert len(statements) == 1
        assert len(flags) == len(keys)
        assert sum(m.read for m in flags.values()) == len(keys[::3])
        assert flags[keys[1]] == Marks(False, True)
        assert flags[keys[3]] == Marks(True, True)
        assert flags[keys[2]] == UNMARKED
        few = store.flags([keys[3], "unknown", keys[3]])  # the indexed path, duplicates once
        assert few == {keys[3]: Marks(True, True), "unknown": UNMARKED}
        assert store.flags([]) == {}


def test_marked_keeps_only_read_or_starred_keys():
    with StateStore.open() as store:
        store.set_read_many(["a"])
        store.set_starred("b")
        assert store.marked(["a", "b", "c"]) == {"a": Marks(True, False), "b": Marks(False, True)}
        assert store.marked([]) == {}


def test_two_stores_at_once_see_each_other(state_path):
    first = StateStore.open()
    second = StateStore.open(state_path)
    try:
        first.set_starred("a")
        assert second.marks("a").starred
        assert second.toggle_starred("a") is False
        assert first.marks("a").starred is False
        assert first.notices == second.notices == []
    finally:
        first.close()
        second.close()


def test_two_stores_writing_from_threads_lose_nothing(state_path):
    stores = [StateStore.open(), StateStore.open(state_path)]
    shared = stores[0]  # also one store from two threads

    def write(store, prefix):
        for i in range(60):
            store.set_starred(f"{prefix}{i}")
            store.toggle_read(f"{prefix}{i}")

    threads = [
        threading.Thread(target=write, args=(stores[0], "a")),
        threading.Thread(target=write, args=(stores[1], "b")),
        threading.Thread(target=write, args=(shared, "c")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    with StateStore.open() as store:
        expected = {f"{p}{i}" for p in "abc" for i in range(60)}
        assert store.starred_keys() == expected
        assert store.read_keys() == expected
        assert store.notices == []


def test_durability_settings(state_path):
    with StateStore.open() as store:
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store._db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert store._db.in_transaction is False  # every change is committed at once
        store.set_starred("a")
        assert store._db.in_transaction is False
        assert store.schema_version == SCHEMA_VERSION


def test_in_memory_store_works():
    store = StateStore.in_memory(["why"])
    assert not store.persistent and store.notices == ["why"]
    assert store.toggle_starred("a") is True
    assert store.starred_keys() == {"a"}


def test_take_notices_returns_each_once():
    store = StateStore.in_memory(["one"])
    assert store.take_notices() == ["one"]
    assert store.take_notices() == []
    store.notices.append("two")
    assert store.take_notices() == ["two"]


def test_database_failure_mid_session_never_raises(state_path):
    store = StateStore.open()
    store.set_starred("a")
    store._db.close()  # as if the database went away under us
    assert store.toggle_starred("b") is False
    assert store.marks("a").starred is False  # unknown now: shown as unmarked, not a crash
    assert store.flags(["a"]) == {"a": UNMARKED}
    assert store.starred_keys() == set()
    assert any("could not save" in n for n in store.notices)
    assert any("could not read" in n for n in store.notices)
    store.close()
    with StateStore.open() as again:
        assert again.starred_keys() == {"a"}


def test_file_is_a_real_sqlite_database(state_path):
    with StateStore.open() as store:
        store.set_starred("a")
    db = sqlite3.connect(state_path)
    assert db.execute("SELECT key FROM marks WHERE starred_at IS NOT NULL").fetchall() == [("a",)]
    db.close()


def test_stores_opening_a_new_database_at_the_same_moment(tmp_path):
    """Switching a new file to WAL answered "database is locked" at once, without waiting,
    in about one round in thirty: that reader kept its marks in memory only."""
    outcomes = []
    for round_number in range(60):
        path = tmp_path / f"round{round_number}" / "state.sqlite3"
        stores: list[StateStore] = []
        barrier = threading.Barrier(4)

        def open_one(stores=stores, path=path, barrier=barrier):
            barrier.wait()
            stores.append(StateStore.open(path))

        threads = [threading.Thread(target=open_one) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes += [(s.persistent, s.notices, s.schema_version) for s in stores]
        for store in stores:
            store.close()
    assert outcomes == [(True, [], SCHEMA_VERSION)] * 240


def test_impossible_path_never_raises():
    store = StateStore.open("bad\0path/state.sqlite3")
    assert not store.persistent and "cannot open the state database" in store.notices[0]
    assert store.toggle_starred("a") is True
