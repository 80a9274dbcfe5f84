"""The cache and the marks are readable by their owner only, whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reader.index import Index
from reader.state.store import StateStore
from reader.storage.private_files import private_database, private_folder


@pytest.fixture
def open_umask():
    """The most permissive umask a user might have: without care, files would be 0666."""
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def sqlite_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".sqlite3" in p.name)


def test_state_folder_and_files_are_private(tmp_path, open_umask):
    path = tmp_path / "data" / "reader" / "state.sqlite3"
    with StateStore.open(path) as store:
        store.set_starred("some article")
        assert store.persistent
        files = sqlite_files(path.parent)
        assert {p.name for p in files} >= {"state.sqlite3", "state.sqlite3-wal"}
        assert mode(path.parent) == 0o700
        assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_cache_folder_and_files_are_private(tmp_path, open_umask):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("A headline\n\nSome body text for the article.\n")
    cache = tmp_path / "cache" / "reader"
    index = Index.open([folder], cache_dir=cache)
    try:
        index.sync()
        files = sqlite_files(cache)
        assert files and mode(cache) == 0o700
        assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    finally:
        index.close()


def test_files_an_older_version_left_readable_are_tightened(tmp_path):
    folder = tmp_path / "reader"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    database = folder / "state.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").write_bytes(b"")
        os.chmod(f"{database}{suffix}", 0o644)
    private_folder(folder)
    private_database(database)
    assert mode(folder) == 0o700
    assert [mode(Path(f"{database}{suffix}")) for suffix in ("", "-wal", "-shm")] == [0o600] * 3


def test_a_symlinked_database_is_not_chmodded_through(tmp_path):
    target = tmp_path / "elsewhere"
    target.write_bytes(b"")
    os.chmod(target, 0o644)
    link = tmp_path / "state.sqlite3"
    link.symlink_to(target)
    private_database(link)
    assert mode(target) == 0o644
