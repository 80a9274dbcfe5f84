"""`reader fetch` as the user runs it, in its own process: killed with SIGKILL mid-way (while a
file is being written, and while other feeds are still being fetched) it leaves every items file
whole and the next fetch completes the store; two fetches at once store each item once. Waits
are polls with a deadline; the only server is local."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.cli import main
from reader.subscriptions.fetch import fetch_command
from reader.subscriptions.items import ItemStore
from reader.subscriptions.store import Subscription, save
from tests.subscriptions.local_server import rss, waiting

ROOT = Path(__file__).resolve().parents[2]
BIG = 20_000  # items in a big feed: its file takes a tenth of a second to write


@pytest.fixture
def home(tmp_path):
    """The environment of a `reader fetch` process whose every folder is in tmp_path."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path / "home"),
        "READER_FEEDS": str(tmp_path / "config" / "feeds.toml"),
    }
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(tmp_path / variable.lower())
    return env


def start_fetch(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "fetch"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def poll(condition, seconds: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {seconds:g} s: {what}")
        time.sleep(0.001)


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL


def store_of(env: dict[str, str]) -> ItemStore:
    return ItemStore(Path(env["XDG_DATA_HOME"]) / "reader")


def writing(store: ItemStore, size: int) -> bool:
    """Whether a file of at least ``size`` bytes is being written (not yet renamed into place)."""
    for new in store.folder.glob(".new-*"):
        try:
            if new.stat().st_size >= size:
                return True
        except FileNotFoundError:
            pass
    return False


def whole(store: ItemStore) -> dict[str, list[str]]:
    """Each items file's IDs, checking that every line is a JSON record (none half-written)."""
    files = {}
    for path in store.folder.glob("*.jsonl"):
        lines = path.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines]
        assert all(isinstance(record, dict) and isinstance(record["id"], str) for record in records)
        files[path.name] = [record["id"] for record in records]
    return files


def read_by_the_reader(store: ItemStore, capsys) -> int:
    capsys.readouterr()
    assert main(["export", str(store.folder)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return len(out.splitlines())


def test_a_fetch_killed_mid_way_leaves_whole_files_and_the_next_fetch_completes_it(server, home, capsys):
    slow = threading.Event()
    server.routes["/big.xml"] = (200, {}, rss(*((str(n), f"Item {n}") for n in range(BIG))))
    server.routes["/small.xml"] = (200, {}, rss(("s1", "Small one"), ("s2", "Small two")))
    server.routes["/slow.xml"] = waiting(slow, (200, {}, rss(("late", "Late item"))))
    feeds = [f"{server.base}/{name}" for name in ("big.xml", "small.xml", "slow.xml")]
    save(Path(home["READER_FEEDS"]), [Subscription(url) for url in feeds])
    store = store_of(home)
    big, small, late = (store.items_file(url).name for url in feeds)
    try:
        fetching = start_fetch(home)  # killed while it writes the big feed's file (unless that is missed)
        stored = [store.items_file(url) for url in feeds[:2]]
        poll(lambda: writing(store, 1_000_000) or all(path.exists() for path in stored), what="the big feed written")
        kill(fetching)
        assert whole(store).get(big, [str(n) for n in range(BIG)]) == [str(n) for n in range(BIG)]

        asked = server.asked("/slow.xml")
        fetching = start_fetch(home)  # killed while the slow feed has not answered
        poll(lambda: all(path.exists() for path in stored) and server.asked("/slow.xml") > asked, what="feeds stored")
        kill(fetching)
        assert len(whole(store)[big]) == BIG and whole(store)[small] == ["s1", "s2"] and late not in whole(store)
        assert read_by_the_reader(store, capsys) == BIG + 2  # (a .new- file a kill left is no article)
    finally:
        slow.set()
    finished = start_fetch(home)
    out, err = finished.communicate(timeout=120)
    assert (finished.returncode, err) == (0, "")
    assert sorted(out.splitlines()) == sorted(
        [f"{feeds[0]}: unchanged", f"{feeds[1]}: unchanged", f"{feeds[2]}: 1 new item"]
    )
    assert whole(store) == {big: [str(n) for n in range(BIG)], small: ["s1", "s2"], late: ["late"]}
    assert read_by_the_reader(store, capsys) == BIG + 3


def test_two_fetch_processes_at_once_store_and_count_each_item_once(server, home):
    server.routes["/a.xml"] = (200, {}, rss(*((f"a{n}", f"A {n}") for n in range(3000))))
    server.routes["/b.xml"] = (200, {}, rss(*((f"b{n}", f"B {n}") for n in range(50))))
    feeds = [f"{server.base}/a.xml", f"{server.base}/b.xml"]
    save(Path(home["READER_FEEDS"]), [Subscription(url) for url in feeds])
    processes = [start_fetch(home), start_fetch(home)]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    assert [err for _, err in outputs] == ["", ""]
    lines = [line for out, _ in outputs for line in out.splitlines()]
    counted = {url: 0 for url in feeds}
    for line in lines:
        url, said = line.split(": ", 1)
        counted[url] += int(said.split()[0]) if said != "unchanged" else 0
    assert counted == {feeds[0]: 3000, feeds[1]: 50}
    store = store_of(home)
    ids = whole(store)
    assert sorted(ids[store.items_file(feeds[0]).name]) == sorted(f"a{n}" for n in range(3000))
    assert sorted(ids[store.items_file(feeds[1]).name]) == sorted(f"b{n}" for n in range(50))


def test_the_leftovers_of_a_killed_write_are_removed_once_an_hour_old(server, places):
    feeds_file, data = places
    server.routes["/feed.xml"] = (200, {}, rss(("a", "Alpha")))
    save(feeds_file, [Subscription(f"{server.base}/feed.xml")])
    store = ItemStore(data)
    store.state_folder.mkdir(parents=True)
    old, fresh, old_state = store.folder / ".new-old", store.folder / ".new-fresh", store.state_folder / ".new-x"
    for leftover in (old, fresh, old_state):
        leftover.write_text('{"id": "half', encoding="utf-8")
    two_hours_ago = time.time() - 7200
    for leftover in (old, old_state):
        os.utime(leftover, (two_hours_ago, two_hours_ago))
    assert fetch_command(feeds_file, data) == 0
    assert (old.exists(), fresh.exists(), old_state.exists()) == (False, True, False)
