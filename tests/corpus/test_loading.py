"""Loading folders full of hostile files: every problem named, nothing hangs, the rest loads."""

import codecs
import os
import socket
import threading

import pytest

from reader.ingest import files as loading
from reader.ingest.files import UsageError, decode, load_corpus

GOOD = "Headline\n\nA body paragraph.\n"


def reasons(corpus):
    return {os.path.basename(p.path): p.reason for p in corpus.problems}


def titles(corpus):
    return sorted(a.title for a in corpus.articles)


def test_text_extensions_case_insensitive_and_recursive(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    for name in ("a.txt", "b.TXT", "c.md", "d.Text", "sub/deeper/e.MD", "f.docx", "g.txt.bak"):
        (tmp_path / name).write_text(f"{name}\n\nBody.\n")
    corpus = load_corpus([tmp_path])
    assert titles(corpus) == ["a.txt", "b.TXT", "c.md", "d.Text", "sub/deeper/e.MD"]


def test_explicit_file_loads_whatever_its_extension(tmp_path):
    path = tmp_path / "notes.log"
    path.write_text(GOOD)
    assert titles(load_corpus([path])) == ["Headline"]


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        load_corpus([tmp_path / "nope"])


def test_problem_files_are_named_and_the_rest_loads(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\t\n\n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "does-not-exist.txt")
    corpus = load_corpus([tmp_path])
    assert titles(corpus) == ["Headline"]
    assert reasons(corpus) == {
        "empty.txt": "empty file",
        "blank.txt": "only whitespace, no text",
        "binary.txt": "binary file, not text",
        "dangling.txt": "dangling symbolic link",
    }


def test_oversized_file_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "MAX_BYTES", 1000)
    (tmp_path / "big.txt").write_text("word " * 1000)
    (tmp_path / "small.txt").write_text(GOOD)
    corpus = load_corpus([tmp_path])
    assert titles(corpus) == ["Headline"]
    assert reasons(corpus)["big.txt"].startswith("too large")


def test_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_text(GOOD)
    (tmp_path / "open.txt").write_text("Other\n\nText.\n")
    real_open = os.open

    def deny(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(loading.os, "open", deny)
    corpus = load_corpus([tmp_path])
    assert titles(corpus) == ["Other"]
    assert reasons(corpus) == {"locked.txt": "permission denied"}


def test_named_pipe_is_never_opened(tmp_path):
    os.mkfifo(tmp_path / "x.txt")
    (tmp_path / "good.txt").write_text(GOOD)
    result = {}
    worker = threading.Thread(target=lambda: result.setdefault("corpus", load_corpus([tmp_path])), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "loading hung on a named pipe"
    corpus = result["corpus"]
    assert titles(corpus) == ["Headline"]
    assert "named pipe" in reasons(corpus)["x.txt"]


def test_named_pipe_given_explicitly_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    corpus = load_corpus([tmp_path / "pipe.txt"])
    assert corpus.articles == [] and "named pipe" in reasons(corpus)["pipe.txt"]


def test_socket_and_device_are_not_opened(tmp_path):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.txt"))
        corpus = load_corpus([tmp_path, "/dev/null"])
    finally:
        server.close()
    problems = reasons(corpus)
    assert "socket" in problems["s.txt"]
    assert "device" in problems["null"]


def test_directory_symlink_loops_end(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text(GOOD)
    (tmp_path / "a" / "loop").symlink_to(tmp_path)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a")
    corpus = load_corpus([tmp_path])
    assert titles(corpus) == ["Headline"]


def test_same_file_through_two_links_loads_once(tmp_path):
    (tmp_path / "story.txt").write_text(GOOD)
    (tmp_path / "alias.txt").symlink_to(tmp_path / "story.txt")
    assert len(load_corpus([tmp_path]).articles) == 1


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks(bom, encoding):
    decoded = decode(bom + "Заголовок — ü\n".encode(encoding))
    assert decoded.text == "Заголовок — ü\n"
    assert decoded.warning is None


def test_cp1252_fallback_is_a_warning(tmp_path):
    (tmp_path / "old.txt").write_bytes("Caf\u00e9 \u201cquoted\u201d news\n\nBody \u2013 text.\n".encode("cp1252"))
    corpus = load_corpus([tmp_path])
    assert corpus.articles[0].title == "Café “quoted” news"
    assert corpus.articles[0].encoding == "cp1252"
    assert [(p.severity, p.reason) for p in corpus.problems] == [("warning", "not valid UTF-8; decoded as cp1252")]


def test_mostly_utf8_with_a_bad_byte_stays_utf8():
    decoded = decode("Привет мир, ".encode() + b"\xff" + " ещё".encode())
    assert decoded.encoding == "utf-8"
    assert decoded.text == "Привет мир, \ufffd ещё"
    assert "replaced" in decoded.warning


def test_nul_bytes_are_dropped_not_fatal(tmp_path):
    (tmp_path / "nul.txt").write_bytes(b"Head\x00line\n\n" + b"Body text goes on. " * 20 + b"\x00 end.\n")
    corpus = load_corpus([tmp_path])
    assert corpus.articles[0].title == "Headline"
    assert corpus.problems == []


def test_progress_is_reported(tmp_path):
    for index in range(3):
        (tmp_path / f"{index}.txt").write_text(GOOD)
    calls = []
    load_corpus([tmp_path], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize(
    ("content", "words", "title"),
    [
        # a 5 MB single line: one word, the title cut to 90 characters and an ellipsis
        ("x" * 5_000_000, 1, "x" * 90 + "…"),
        # hard-wrapped lines in lower case are one paragraph; the title is its start, cut at a word
        ("line of text here\n" * 200_000, 800_000, ("line of text here " * 5).rstrip() + "…"),
        ("Headline\n\n" + "y" * 100_000 + " end.\n", 2, "Headline"),  # a 100,000-character word
    ],
    ids=["5MB-single-line", "200k-lines", "100k-char-word"],
)
def test_huge_files_load(tmp_path, content, words, title):
    (tmp_path / "huge.txt").write_text(content)
    corpus = load_corpus([tmp_path])
    assert corpus.problems == [] and len(corpus.articles) == 1
    article = corpus.articles[0]
    assert article.words == words
    assert article.title == title
    assert len(article.paragraphs) == 1


def _recursive_reference(folder):
    """The walk as it was written before (recursive): sorted names, depth first, dot-names skipped."""
    found = []
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            found.extend(_recursive_reference(entry.path))
        elif loading.is_text_name(entry.name):
            found.append(entry.path)
    return found


def test_discovery_order_is_sorted_depth_first(tmp_path):
    for name in (
        "b/z.txt",
        "b/a/y.md",
        "a.txt",
        "c/d/e/f.txt",
        "c/a.txt",
        "b.txt",
        "ab/x.txt",
        ".hidden/h.txt",
        "c/d/b.txt",
        "b/a.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(GOOD)
    found = [str(path) for path in loading.discover([tmp_path])]
    assert found == _recursive_reference(tmp_path)
    assert found[:4] == [str(tmp_path / n) for n in ("a.txt", "ab/x.txt", "b/a/y.md", "b/a.txt")]


def _deep_folder(root, depth):
    """``depth`` nested folders (built relative to each new folder: no path gets too long to make)."""
    here = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=here)
            inner = os.open("d", os.O_RDONLY, dir_fd=here)
            os.close(here)
            here = inner
        fd = os.open("deep.txt", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=here)
        os.write(fd, b"Deep story\n\nFound at the bottom.\n")
        os.close(fd)
    finally:
        os.close(here)


def _remove_deep_folder(root, depth):
    """Undo `_deep_folder` without recursion (shutil.rmtree, and so pytest's clean-up, recurse)."""
    here = os.open(root, os.O_RDONLY)
    for _ in range(depth):
        inner = os.open("d", os.O_RDONLY, dir_fd=here)
        os.close(here)
        here = inner
    os.unlink("deep.txt", dir_fd=here)
    for _ in range(depth):
        parent = os.open("..", os.O_RDONLY, dir_fd=here)
        os.close(here)
        os.rmdir("d", dir_fd=parent)
        here = parent
    os.close(here)


@pytest.fixture
def deep_tmp_path(tmp_path):
    depth = 1100
    _deep_folder(tmp_path, depth)
    yield tmp_path, depth
    _remove_deep_folder(tmp_path, depth)


def test_a_folder_nested_deeper_than_the_recursion_limit_loads(deep_tmp_path):
    import sys

    tmp_path, depth = deep_tmp_path
    assert depth > sys.getrecursionlimit() + 50
    (tmp_path / "top.txt").write_text(GOOD)
    corpus = load_corpus([tmp_path])
    assert corpus.problems == []
    assert titles(corpus) == ["Deep story", "Headline"]
    assert [a.path for a in corpus.articles if a.title == "Deep story"] == [str(tmp_path) + "/d" * depth + "/deep.txt"]


def test_deep_folder_in_the_index_and_the_watcher(deep_tmp_path):
    from reader.index import Index
    from reader.session.watch import tree_signature

    tmp_path, _ = deep_tmp_path
    assert tree_signature([tmp_path]).files == 1
    index = Index.open([tmp_path], no_cache=True)
    assert index.sync(workers=1).added == 1


def test_symlinks_inside_the_opened_folders_are_followed(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "story.txt").write_text(GOOD)
    (tmp_path / "view").mkdir()
    (tmp_path / "view" / "folder-link").symlink_to(tmp_path / "real")
    corpus = load_corpus([tmp_path / "view", tmp_path / "real"])
    assert titles(corpus) == ["Headline"] and corpus.problems == []


def test_symlinks_leaving_the_opened_folders_are_problems_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Private notes\n\nNot for export.\n")
    opened = tmp_path / "news"
    opened.mkdir()
    (opened / "story.txt").write_text(GOOD)
    (opened / "dir-link").symlink_to(outside)
    (opened / "file-link.txt").symlink_to(outside / "secret.txt")
    (opened / "up.txt").symlink_to("../outside/secret.txt")
    corpus = load_corpus([opened])
    assert titles(corpus) == ["Headline"]
    reason = "symbolic link to a place outside the opened folders; not followed"
    assert reasons(corpus) == {"dir-link": reason, "file-link.txt": reason, "up.txt": reason}
    # opening the link itself, or its target as well, is the user's explicit choice
    assert titles(load_corpus([opened / "dir-link"])) == ["Private notes"]
    assert titles(load_corpus([opened, outside])) == ["Headline", "Private notes"]


def test_an_opened_folder_reached_through_a_symlink_still_follows_its_own_links(tmp_path):
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "sub" / "story.txt").write_text(GOOD)
    (tmp_path / "real" / "alias").symlink_to(tmp_path / "real" / "sub")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    corpus = load_corpus([tmp_path / "link"])
    assert titles(corpus) == ["Headline"] and corpus.problems == []
