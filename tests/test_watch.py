"""The --watch poller: sees what discover() would see change, and nothing else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.ingest.files import discover
from reader.model import Problem
from reader.session.watch import BUDGET, FolderWatcher, tree_signature


def write(path: Path, text: str = "Title\n\nBody.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    write(root / "a.txt")
    write(root / "sub" / "b.md")
    write(root / "sub" / "deeper" / "c.text")
    return root


@pytest.fixture
def watcher(tree: Path) -> FolderWatcher:
    watcher = FolderWatcher([tree])
    assert watcher.poll() is False  # the baseline
    return watcher


def bump_mtime(path: Path, seconds: int = 10) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + seconds * 1_000_000_000))


def test_nothing_changed(watcher):
    assert watcher.poll() is False
    assert watcher.poll() is False
    assert watcher.signature.files == 3


def test_new_file_is_seen(watcher, tree):
    write(tree / "sub" / "new.txt")
    assert watcher.poll() is True
    assert watcher.poll() is False  # reported once


def test_new_file_in_a_new_folder_is_seen(watcher, tree):
    write(tree / "brand" / "new" / "d.md")
    assert watcher.poll() is True


def test_changed_content_is_seen(watcher, tree):
    (tree / "a.txt").write_text("Title\n\nA longer body than before.\n")
    assert watcher.poll() is True


def test_same_size_rewrite_is_seen_by_its_mtime(watcher, tree):
    path = tree / "sub" / "b.md"
    path.write_text("Title\n\nBODY.\n")
    bump_mtime(path)  # coarse file system clocks: make sure the time moved
    assert watcher.poll() is True


def test_touch_is_seen(watcher, tree):
    bump_mtime(tree / "sub" / "deeper" / "c.text")
    assert watcher.poll() is True


def test_deleted_file_and_folder_are_seen(watcher, tree):
    (tree / "a.txt").unlink()
    assert watcher.poll() is True
    (tree / "sub" / "deeper" / "c.text").unlink()
    (tree / "sub" / "deeper").rmdir()
    assert watcher.poll() is True
    assert watcher.signature.files == 1


def test_rename_is_seen(watcher, tree):
    (tree / "a.txt").rename(tree / "renamed.txt")
    assert watcher.poll() is True


def test_files_discover_ignores_are_ignored(watcher, tree):
    write(tree / "picture.png", "not an article")
    write(tree / ".hidden.txt")
    write(tree / ".git" / "notes.txt")
    write(tree / "notes.txt.swp")
    assert watcher.poll() is False


def test_dangling_link_appearing_is_a_change(watcher, tree):
    (tree / "gone.txt").symlink_to(tree / "nowhere.txt")
    assert watcher.poll() is True
    assert watcher.signature.problems == 1


def test_counts_match_discover_on_a_tricky_tree(tree):
    write(tree / ".hidden" / "x.txt")
    write(tree / "image.jpg")
    (tree / "loop").symlink_to(tree)  # a folder loop: entered once
    (tree / "twin.txt").symlink_to(tree / "a.txt")  # the same file twice: counted once
    (tree / "dangling.md").symlink_to(tree / "missing.md")
    (tree / "dangling.png").symlink_to(tree / "missing.png")  # not a text name: ignored
    os.mkfifo(tree / "pipe.txt")
    outside = write(tree.parent / "outside" / "e.txt")
    explicit = write(tree.parent / "README")  # an explicitly named file needs no text suffix
    roots = [tree, outside.parent, explicit, tree / "sub"]
    found = list(discover(roots))
    signature = tree_signature(roots)
    assert signature.files == sum(1 for item in found if not isinstance(item, Problem))
    assert signature.problems == sum(1 for item in found if isinstance(item, Problem))
    assert signature.files == 5


def test_missing_root_is_no_crash(tmp_path):
    watcher = FolderWatcher([tmp_path / "not-yet"])
    assert watcher.poll() is False
    write(tmp_path / "not-yet" / "a.txt")
    assert watcher.poll() is True


def test_interval_backs_off_for_slow_scans():
    now = [100.0]
    watcher = FolderWatcher([], interval=2.0, max_interval=30.0, clock=lambda: now[0])
    assert watcher.due()
    watcher.poll()
    assert watcher.interval == 2.0
    assert not watcher.due()
    now[0] += 2.0
    assert watcher.due()
    watcher.last_scan_seconds = 0.5  # as if the tree had grown large
    assert watcher.interval == 0.5 * BUDGET
    watcher.last_scan_seconds = 10.0
    assert watcher.interval == 30.0


def test_check_polls_only_when_due(tree):
    now = [0.0]
    watcher = FolderWatcher([tree], interval=5.0, clock=lambda: now[0])
    assert watcher.check() is False  # baseline
    write(tree / "late.txt")
    now[0] += 1.0
    assert watcher.check() is False  # not due yet: not even looked
    now[0] += 5.0
    assert watcher.check() is True


def test_reset_takes_the_current_state(watcher, tree):
    write(tree / "new.txt")
    watcher.reset()
    assert watcher.poll() is False
