"""Equal dates are ordered by path, and undated articles come last by path: the loader and the
index give the very same order."""

import os

from reader.index import Index
from reader.ingest.files import load_corpus
from tests.index.conftest import write_article

NAMES = ["b.txt", "a.txt", "A.txt", "a b.txt", "a-b.txt", "sub/a.txt", "sub.txt", "é.txt", "z.txt", "10.txt", "9.txt"]
# Python's str order and SQLite's (UTF-8 bytes) agree: code points, capitals before small letters,
# " " < "-" < "." < "/" < digits, "10" before "9", accented letters after "z".
BY_PATH = ["10.txt", "9.txt", "A.txt", "a b.txt", "a-b.txt", "a.txt", "b.txt", "sub.txt", "sub/a.txt", "z.txt", "é.txt"]


def orders(folder):
    loaded = [os.path.relpath(a.path, folder) for a in load_corpus([folder]).articles]
    with Index.open([folder], no_cache=True) as index:
        index.sync(workers=1)
        indexed = [os.path.relpath(a.path, folder) for a in index.articles()]
    return loaded, indexed


def test_ties_and_undated_articles_are_ordered_by_path_alike(tmp_path):
    folder = tmp_path / "news"
    for name in NAMES:
        write_article(folder, f"day/{name}", f"Date: 2024-03-05\n\nSame day {name}\n\nBody.\n")
        write_article(folder, f"year/{name}", f"Date: 2024\n\nSame year {name}\n\nBody.\n")
        write_article(folder, f"none/{name}", f"Undated {name}\n\nBody without a date.\n")
    write_article(folder, "late.txt", "Date: 2024-03-06\n\nNext day\n\nBody.\n")
    loaded, indexed = orders(folder)
    expected = (
        ["late.txt"] + [f"day/{n}" for n in BY_PATH] + [f"year/{n}" for n in BY_PATH] + [f"none/{n}" for n in BY_PATH]
    )
    assert loaded == expected
    assert indexed == expected


def test_same_minute_ties_with_times_are_ordered_by_path_alike(tmp_path):
    folder = tmp_path / "news"
    for name in ("c.txt", "a.txt", "b.txt"):
        write_article(folder, name, f"Date: 2024-03-05 10:30\n\nTimed {name}\n\nBody.\n")
    write_article(folder, "d.txt", "Date: 2024-03-05 10:31\n\nA minute later\n\nBody.\n")
    write_article(folder, "e.txt", "Date: 2024-03-05\n\nNo time\n\nBody.\n")  # a day without a time: after them
    loaded, indexed = orders(folder)
    assert loaded == indexed == ["d.txt", "a.txt", "b.txt", "c.txt", "e.txt"]


def test_a_file_name_that_is_not_utf8_sorts_alike(tmp_path):
    """Two undated files, one named in bytes that are not UTF-8, beside names from U+E000 up."""
    folder = tmp_path / "news"
    folder.mkdir()
    names = (
        b"caf\xe9.txt",
        "caf\ue000.txt".encode(),
        "caf\uff46.txt".encode(),
        b"cafe.txt",
        "caf\U0001f600.txt".encode(),
    )
    for raw in names:
        with open(os.path.join(os.fsencode(folder), raw), "w") as handle:
            handle.write("Undated\n\nBody.\n")
    loaded, indexed = orders(folder)
    # The index stores the bad byte escaped as U+FFFF + hex (records.db_path) and sorts it there;
    # the loader used to sort the raw surrogate (U+DCE9), before U+E000 and U+FF46.
    assert loaded == indexed == ["cafe.txt", "caf\ue000.txt", "caf\uff46.txt", "caf\udce9.txt", "caf\U0001f600.txt"]
