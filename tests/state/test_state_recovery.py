"""Damaged, read-only, locked and newer databases: never a crash, never a silent delete."""

from __future__ import annotations

import os
import sqlite3

import reader.state.store as state
from reader.state.store import SCHEMA_VERSION, StateStore


def _store_with_marks(path, n=2000):
    with StateStore.open(path) as store:
        store.set_read_many(f"key-{i:05d}-" + "x" * 40 for i in range(n))
        store.set_starred("star")


def _corrupt_files(path):
    return sorted(p.name for p in path.parent.iterdir() if ".corrupt" in p.name)


def test_garbage_file_is_moved_aside_not_deleted(state_path):
    state_path.parent.mkdir(parents=True)
    garbage = b"this is not a database\n" * 100
    state_path.write_bytes(garbage)
    with StateStore.open() as store:
        assert store.persistent
        assert store.toggle_starred("a") is True
        [moved] = _corrupt_files(state_path)
        assert moved.startswith("state.sqlite3.") and moved.endswith(".corrupt")
        assert (state_path.parent / moved).read_bytes() == garbage
        [notice] = store.notices
        assert "damaged" in notice and moved in notice and "fresh" in notice
    with StateStore.open() as store:
        assert store.starred_keys() == {"a"} and store.notices == []


def test_damaged_page_is_detected_and_moved_aside(state_path):
    _store_with_marks(state_path)
    data = bytearray(state_path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[3 * page : 5 * page] = b"\xa5" * (2 * page)  # smash b-tree pages, keep the header
    state_path.write_bytes(bytes(data))
    with StateStore.open() as store:
        assert len(_corrupt_files(state_path)) == 1
        assert "damaged" in store.notices[0]
        assert store.persistent and store.starred_keys() == set()
        assert store.set_starred("new") is True


def test_truncated_database_is_moved_aside(state_path):
    _store_with_marks(state_path)
    data = state_path.read_bytes()
    state_path.write_bytes(data[: len(data) // 3])
    with StateStore.open() as store:
        assert _corrupt_files(state_path), store.notices
        assert store.persistent


def test_missing_table_counts_as_damaged(state_path):
    _store_with_marks(state_path, 10)
    db = sqlite3.connect(state_path)
    db.execute("DROP TABLE marks")
    db.commit()
    db.close()
    with StateStore.open() as store:
        assert len(_corrupt_files(state_path)) == 1
        assert "marks table" in store.notices[0]


def test_wal_and_shm_move_with_the_database(state_path):
    state_path.parent.mkdir(parents=True)
    state_path.write_bytes(b"junk" * 1000)
    wal = state_path.with_name("state.sqlite3-wal")
    wal.write_bytes(b"old wal")
    with StateStore.open():
        names = _corrupt_files(state_path)
    assert len(names) == 2 and any(n.endswith(".corrupt-wal") for n in names)
    assert not wal.exists() or wal.read_bytes() != b"old wal"


def test_two_corruptions_in_the_same_second_keep_both_files(state_path, monkeypatch):
    monkeypatch.setattr(state.time, "strftime", lambda fmt: "20240101-000000")
    state_path.parent.mkdir(parents=True)
    for text in (b"first " * 100, b"second " * 100):
        state_path.write_bytes(text)
        StateStore.open().close()
    names = _corrupt_files(state_path)
    assert names == ["state.sqlite3.20240101-000000-1.corrupt", "state.sqlite3.20240101-000000.corrupt"]


def test_cannot_move_aside_leaves_file_and_works_in_memory(state_path, monkeypatch):
    state_path.parent.mkdir(parents=True)
    state_path.write_bytes(b"junk" * 1000)

    def refuse(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(state.os, "rename", refuse)
    with StateStore.open() as store:
        assert not store.persistent
        assert "left untouched" in store.notices[0] and "memory only" in store.notices[0]
        assert store.toggle_starred("a") is True
    assert state_path.read_bytes() == b"junk" * 1000


def test_unwritable_data_dir_falls_back_to_memory(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with StateStore.open(blocker / "reader" / "state.sqlite3") as store:
        assert not store.persistent
        assert "cannot create" in store.notices[0] and "memory only" in store.notices[0]
        assert store.toggle_starred("a") is True and store.marks("a").starred


def test_read_only_database_keeps_marks_visible_in_memory(state_path, monkeypatch):
    _store_with_marks(state_path, 3)
    before = state_path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(state.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    with StateStore.open() as store:
        assert not store.persistent
        assert "read-only" in store.notices[0] and "memory only" in store.notices[0]
        assert store.marks("star").starred
        assert store.toggle_starred("other") is True
    assert state_path.read_bytes() == before


def test_read_only_fallback_creates_no_files(state_path, monkeypatch):
    """A read-only -shm left behind would block writing once permissions are fixed."""
    _store_with_marks(state_path, 3)
    before = sorted(p.name for p in state_path.parent.iterdir())
    monkeypatch.setattr(state.os, "access", lambda p, mode: mode != os.W_OK)
    with StateStore.open() as store:
        assert store.marks("star").starred
    assert sorted(p.name for p in state_path.parent.iterdir()) == before == ["state.sqlite3"]


def test_read_only_fallback_sees_a_crashed_writers_wal(state_path, monkeypatch):
    writer = StateStore.open()
    writer.set_starred("in-wal-only")
    assert state_path.with_name("state.sqlite3-wal").stat().st_size > 0
    monkeypatch.setattr(state.os, "access", lambda p, mode: mode != os.W_OK)
    with StateStore.open() as store:
        assert store.marks("in-wal-only").starred and not store.persistent
    writer.close()


def test_unreadable_database_is_left_untouched(state_path, monkeypatch):
    _store_with_marks(state_path, 3)
    monkeypatch.setattr(state.os, "access", lambda p, mode: False)
    with StateStore.open() as store:
        assert not store.persistent
        assert store.notices == [
            f"{state_path} cannot be read (permission denied) and is left untouched; "
            "read and starred marks are kept in memory only and will be lost on exit"
        ]
    assert _corrupt_files(state_path) == []


def test_read_only_folder_without_database(state_path, monkeypatch):
    state_path.parent.mkdir(parents=True)
    monkeypatch.setattr(state.os, "access", lambda p, mode: mode != os.W_OK)
    with StateStore.open() as store:
        assert not store.persistent and "read-only" in store.notices[0]
        assert store.set_starred("a") is True
    assert not state_path.exists()


def test_locked_database_is_not_mistaken_for_damage(state_path, monkeypatch):
    _store_with_marks(state_path, 3)
    monkeypatch.setattr(state, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(state_path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with StateStore.open() as store:
            assert not store.persistent
            assert "memory only" in store.notices[0]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _corrupt_files(state_path) == []
    with StateStore.open() as store:
        assert store.marks("star").starred and store.notices == []


def test_a_directory_in_the_way_is_left_alone(state_path):
    state_path.mkdir(parents=True)
    with StateStore.open() as store:
        assert not store.persistent and "cannot open" in store.notices[0]
    assert state_path.is_dir() and _corrupt_files(state_path) == []


def test_new_database_has_the_current_schema_version(state_path):
    StateStore.open().close()
    db = sqlite3.connect(state_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_database_from_a_newer_reader_is_left_untouched(state_path):
    _store_with_marks(state_path, 3)
    db = sqlite3.connect(state_path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with StateStore.open() as store:
        assert not store.persistent
        assert "newer version" in store.notices[0]
        assert store.marks("star").starred  # still shown
        store.set_starred("x")
    db = sqlite3.connect(state_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert db.execute("SELECT count(*) FROM marks WHERE key = 'x'").fetchone()[0] == 0
    db.close()
    assert _corrupt_files(state_path) == []


def test_migration_path_upgrades_in_place(state_path, monkeypatch):
    _store_with_marks(state_path, 3)
    monkeypatch.setattr(state, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(state.MIGRATIONS, SCHEMA_VERSION + 1, ("ALTER TABLE marks ADD COLUMN note TEXT",))
    with StateStore.open() as store:
        assert store.notices == []
        assert store.schema_version == SCHEMA_VERSION + 1
        assert store.marks("star").starred
        columns = {row[1] for row in store._db.execute("PRAGMA table_info(marks)")}
        assert "note" in columns
    with StateStore.open() as store:  # a second open does not run the step again
        assert store.schema_version == SCHEMA_VERSION + 1 and store.notices == []


def test_failed_migration_changes_nothing(state_path, monkeypatch):
    _store_with_marks(state_path, 3)
    monkeypatch.setattr(state, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(
        state.MIGRATIONS, SCHEMA_VERSION + 1, ("ALTER TABLE marks ADD COLUMN note TEXT", "THIS IS NOT SQL")
    )
    with StateStore.open() as store:
        assert not store.persistent and "cannot open" in store.notices[0]
    db = sqlite3.connect(state_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "note" not in {row[1] for row in db.execute("PRAGMA table_info(marks)")}
    db.close()


def _damaged_with_wal(state_path):
    state_path.parent.mkdir(parents=True)
    state_path.write_bytes(b"junk" * 1000)
    wal = state_path.with_name(state_path.name + "-wal")
    wal.write_bytes(b"wal pages")
    return wal


def test_a_wal_that_cannot_be_moved_keeps_everything_where_it_was(state_path, monkeypatch):
    wal = _damaged_with_wal(state_path)
    real_rename = os.rename

    def refuse_the_wal(source, destination):
        if str(source).endswith("-wal"):
            raise PermissionError(13, "Permission denied")
        real_rename(source, destination)

    monkeypatch.setattr(state.os, "rename", refuse_the_wal)
    with StateStore.open() as store:
        assert not store.persistent
        assert "left untouched" in store.notices[0]
    assert state_path.read_bytes() == b"junk" * 1000 and wal.read_bytes() == b"wal pages"
    assert _corrupt_files(state_path) == []


def test_a_failed_move_is_undone_so_the_notice_tells_the_truth(state_path, monkeypatch):
    wal = _damaged_with_wal(state_path)
    real_rename = os.rename

    def refuse_the_database(source, destination):
        if str(source) == str(state_path):
            raise PermissionError(13, "Permission denied")
        real_rename(source, destination)

    monkeypatch.setattr(state.os, "rename", refuse_the_database)
    with StateStore.open() as store:
        assert "left untouched" in store.notices[0]
    assert state_path.read_bytes() == b"junk" * 1000 and wal.read_bytes() == b"wal pages"
    assert _corrupt_files(state_path) == []


def test_when_even_the_undo_fails_the_notice_says_where_the_file_is(state_path, monkeypatch):
    _damaged_with_wal(state_path)
    real_rename = os.rename

    def one_way(source, destination):
        if str(source) == str(state_path) or str(source).endswith(".corrupt-wal"):
            raise PermissionError(13, "Permission denied")
        real_rename(source, destination)

    monkeypatch.setattr(state.os, "rename", one_way)
    with StateStore.open() as store:
        [moved] = [name for name in _corrupt_files(state_path) if name.endswith("-wal")]
        assert "left untouched" not in store.notices[0] and moved in store.notices[0]
    assert state_path.read_bytes() == b"junk" * 1000
