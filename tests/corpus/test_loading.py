"""Loading folders full of hostile files: every problem named, nothing hangs, the rest loads."""

import codecs
import os
import socket
import threading

import pytest

from reader import loading
from reader.loading import UsageError, decode, load_corpus

GOOD = "Headline\n\nA body paragraph.\n"


def reasons(corpus):
    return {os.path.basename(p.path): p.reason for p in corpus.problems}


def titles(corpus):
    return sorted(a.title for a in corpus.articles)


def test_text_extensions_case_insensitive_and_recursive(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    for name in ("a.txt", "b.TXT", "c.md", "d.Text", "sub/deeper/e.MD", "f.html", "g.txt.bak"):
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
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
     (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")],
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
    "content",
    [
        "x" * 5_000_000,  # a 5 MB single line
        "line of text here\n" * 200_000,
        "Headline\n\n" + "y" * 100_000 + " end.\n",  # a 100,000-character word
    ],
    ids=["5MB-single-line", "200k-lines", "100k-char-word"],
)
def test_huge_files_load(tmp_path, content):
    (tmp_path / "huge.txt").write_text(content)
    corpus = load_corpus([tmp_path])
    assert corpus.problems == [] and len(corpus.articles) == 1
    article = corpus.articles[0]
    assert article.words >= 1
    assert len(article.title) <= 91
