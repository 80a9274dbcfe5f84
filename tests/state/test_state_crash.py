"""kill -9 of a process writing stars loses nothing it had reported done.

A separate Python process stars keys one by one and prints each key only after
``set_starred`` has returned; it is killed with SIGKILL mid-way, twice (the second
time on top of the WAL the first left behind). Every reported key must be starred
and the database must pass ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.state.store import StateStore

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import sys
    from reader.state.store import StateStore

    store = StateStore.open()
    if not store.persistent or store.notices:
        sys.exit(f"state store not usable: {store.notices}")
    prefix = sys.argv[1]
    print("ready", flush=True)
    for i in range(1_000_000):
        key = f"{prefix}{i}"
        assert store.set_starred(key, True)
        if i % 3 == 0:
            store.toggle_read(key)
        print(key, flush=True)
    """
)


def _write_then_kill(prefix: str, after: int, data_home: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(data_home)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, prefix],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    reported: list[str] = []
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        while len(reported) < after:
            line = writer.stdout.readline()
            if not line:
                pytest.fail(f"writer stopped early: {writer.stderr.read()}")
            reported.append(line.strip())
        writer.send_signal(signal.SIGKILL)  # mid-way: it is still writing
        writer.wait(timeout=30)
        reported += [line.strip() for line in writer.stdout.read().splitlines() if line.strip()]
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
        writer.stdout.close()
        writer.stderr.close()
    assert writer.returncode == -signal.SIGKILL
    return reported


def test_kill_9_mid_way_loses_no_reported_star(data_home, state_path):
    done = _write_then_kill("first-", 150, data_home)
    done += _write_then_kill("second-", 80, data_home)
    assert len(done) >= 230

    db = sqlite3.connect(state_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        starred = {row[0] for row in db.execute("SELECT key FROM marks WHERE starred_at IS NOT NULL")}
    finally:
        db.close()
    missing = [key for key in done if key not in starred]
    assert missing == []

    with StateStore.open() as store:
        assert store.notices == []
        assert set(done) <= store.starred_keys()
        read = [k for k in done if int(k.split("-")[1]) % 3 == 0]
        assert all(store.flags(read)[k].read for k in read)
