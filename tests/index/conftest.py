import os

import pytest


def write_article(folder, name, text, mtime_ns=None):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


ARTICLES = {
    "a.txt": "Date: 2025-05-13\n\nPeskov hails committee\n\nTEHRAN – Dmitry Peskov said the Joint Economic "
    "Cooperation Committee was positive for Iran and Russia.\n",
    "b.txt": "Iran, Russia push strategic ties\n\n4 March 2024\n\nPresident Putin met Masoud Pezeshkian in "
    "Ashgabat to discuss energy and transit projects.\n",
    "c.txt": "Closer than ever\n\nMarch 2024\n\nMOSCOW — Sergei Lavrov and Abbas Araghchi discussed the nuclear "
    "talks, café diplomacy and sanctions.\n",
    "d.txt": "Undated piece about oil\n\nNo date here; the Foreign Ministry spoke about oil and gas exports.\n",
    "e.txt": "Year only\n\n2024\n\nA review of the year: energy, trade and the Caspian Sea corridor.\n",
}


@pytest.fixture
def collection(tmp_path):
    folder = tmp_path / "articles"
    for name, text in ARTICLES.items():
        write_article(folder, name, text)
    return folder


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


def paths_without_entities(index):
    """Articles the entity pass has not done yet, in sidebar order, read straight from the cache
    (what the pass will pick up; the app itself never needs the list)."""
    from reader.index.records import ORDER, path_from_db

    rows = index._db.execute(f"SELECT path FROM articles WHERE entities IS NULL ORDER BY {ORDER}").fetchall()
    return [path_from_db(path) for (path,) in rows]
