"""content_key: the same words are the same article wherever the file goes."""

from __future__ import annotations

from pathlib import Path

from reader.ingest.files import load_file
from reader.model import Article, ArticleDate
from reader.state.store import StateStore, content_key, content_key_of_text

TEXT = "Ministers meet in Oslo\n\nBy Jane Roe\n\nMarch 5, 2024\n\nOSLO — Talks began on Tuesday.\n\nThey ended late.\n"


def _load(path: Path) -> Article:
    article, problems = load_file(path)
    assert article is not None, problems
    return article


def test_key_is_32_hex_digits_and_deterministic(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    key = content_key(_load(tmp_path / "a.txt"))
    assert len(key) == 32 and int(key, 16) >= 0
    assert content_key(_load(tmp_path / "a.txt")) == key


def test_move_and_rename_keep_the_star(tmp_path):
    first = tmp_path / "inbox" / "story.txt"
    first.parent.mkdir()
    first.write_text(TEXT)
    with StateStore.open() as store:
        store.set_starred(content_key(_load(first)))
        store.set_read(content_key(_load(first)))
    moved = tmp_path / "archive" / "2024" / "renamed.md"
    moved.parent.mkdir(parents=True)
    first.rename(moved)
    with StateStore.open() as store:
        assert store.marks(content_key(_load(moved))) == (True, True)


def test_line_endings_encoding_and_wrapping_do_not_matter(tmp_path):
    variants = {
        "lf.txt": TEXT.encode(),
        "crlf.txt": TEXT.replace("\n", "\r\n").encode(),
        "bom.txt": b"\xef\xbb\xbf" + TEXT.encode(),
        "utf16.txt": TEXT.encode("utf-16"),
        "trailing.txt": TEXT.replace("\n", "  \n").encode(),
        "rewrapped.txt": TEXT.replace("Talks began on Tuesday.", "Talks began\non   Tuesday.").encode(),
    }
    keys = set()
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        keys.add(content_key(_load(tmp_path / name)))
    assert len(keys) == 1


def test_different_words_are_a_different_article(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.txt").write_text(TEXT.replace("late", "early"))
    (tmp_path / "c.txt").write_text(TEXT.replace("Ministers meet in Oslo", "Ministers meet in Bergen"))
    keys = {content_key(_load(tmp_path / n)) for n in ("a.txt", "b.txt", "c.txt")}
    assert len(keys) == 3


def test_unicode_normal_forms_are_one_article():
    composed = Article(path="a", title="Café", paragraphs=("Zoë said so.",))
    decomposed = Article(path="b", title="Cafe\u0301", paragraphs=("Zoe\u0308 said so.",))
    assert content_key(composed) == content_key(decomposed)


def test_text_moving_between_fields_keeps_the_key():
    """A parser that starts recognising a byline must not forget the user's marks."""
    before = Article(path="a", title="T", paragraphs=("By Jane Roe", "Body text."))
    after = Article(path="a", title="T", byline="By Jane Roe", paragraphs=("Body text.",))
    assert content_key(before) == content_key(after)


def test_derived_title_is_not_hashed_twice():
    body = ("Talks began on Tuesday in Oslo.",)
    derived = Article(path="a", title="Talks began on Tuesday", paragraphs=body, title_derived=True)
    other_derivation = Article(path="a", title="Talks began", paragraphs=body, title_derived=True)
    assert content_key(derived) == content_key(other_derivation) == content_key_of_text(body[0])


def test_date_and_header_fields_are_part_of_the_key():
    base = Article(path="a", title="T", paragraphs=("Body.",))
    dated = Article(path="a", title="T", paragraphs=("Body.",), date=ArticleDate(2024, 3, 5, written="March 5, 2024"))
    assert content_key(base) != content_key(dated)


def test_key_is_memoised_on_the_article():
    article = Article(path="a", title="T", paragraphs=("Body.",))
    key = content_key(article)
    assert article.extra["content_key"] == key
    article.extra["content_key"] = "cached"
    assert content_key(article) == "cached"


def test_lone_surrogates_do_not_raise():
    assert len(content_key(Article(path="a", title="\ud800", paragraphs=("x\udfff",)))) == 32
