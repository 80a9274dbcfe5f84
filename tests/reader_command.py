"""The real ``reader`` command, run as a user runs it: a new Python process with no stdin.

It uses the checkout's package (PYTHONPATH) and the test's own XDG folders, which the autouse
fixture in conftest.py puts in the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def reader_env(**variables: str) -> dict[str, str]:
    """The environment a test's ``reader`` runs in, with ``variables`` set."""
    return {**os.environ, "PYTHONPATH": str(ROOT), **variables}


def run_reader(*args: str, text: bool = True, timeout: float = 120, **kwargs: Any) -> subprocess.CompletedProcess:
    """``reader ARGS`` to the end, its output captured (``text=False`` for the raw bytes)."""
    kwargs.setdefault("env", reader_env())
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=text,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        **kwargs,
    )
