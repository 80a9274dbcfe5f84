"""Read and starred marks as the list knows them, without a UI (reader.session.marks): content
keys per row, which rows are read or starred, counts, the hide-read pin and the index's flags."""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace

import pytest

from reader.model import Article
from reader.session.marks import MarkBook, key_rows, push_flags, with_pin
from reader.state.flags import flagged
from reader.state.store import UNMARKED, Marks, StateStore, content_key
from tests.memory_index import MemoryIndex


def art(path: str, body: str) -> Article:
    return Article(path=path, title=body.title(), paragraphs=(body,), size=len(body), mtime_ns=1)


ALPHA, BETA, GAMMA = art("a.txt", "alpha story"), art("b.txt", "beta story"), art("c.txt", "gamma story")


class FakeIndex(MemoryIndex):
    """The in-memory index, with the content keys it is told (none: the rows' files are read)
    and a count of articles read, and the flags it was given kept for the test to see."""

    def __init__(self, articles: list[Article], keys: dict[str, str] | None = None) -> None:
        super().__init__(articles=articles)
        self.listed = articles
        self.keys = keys or {}
        self.flags: dict[str, list[str]] = {}
        self.reads = 0

    def content_keys(self) -> dict[str, str]:
        return dict(self.keys)

    def article(self, article_id: int) -> Article | None:
        self.reads += 1
        return self.listed[article_id]

    def set_flagged(self, flag: str, paths: Iterable[str]) -> None:
        super().set_flagged(flag, paths)
        self.flags[flag] = list(paths)


class FakeSource:
    def __init__(self, index: FakeIndex) -> None:
        self.index = index
        self.rows = [
            SimpleNamespace(id=n, path=a.path, item=a.item, size=a.size, mtime_ns=a.mtime_ns)
            for n, a in enumerate(index.listed)
        ]

    def find(self, key: object) -> int | None:
        return key if isinstance(key, int) and 0 <= key < len(self.rows) else None


@pytest.fixture
def book():
    store = StateStore.in_memory()
    yield MarkBook(lambda: store)
    store.close()


def test_rows_are_keyed_from_the_index_when_it_has_the_keys():
    index = FakeIndex([ALPHA, BETA], keys={"a.txt": "k1", "b.txt": "k2"})
    assert key_rows(FakeSource(index), {}) == ({"a.txt": "k1", "b.txt": "k2"}, {})
    assert index.reads == 0


def test_rows_are_keyed_by_reading_each_file_once_and_remembered_by_size_and_mtime():
    index = FakeIndex([ALPHA, BETA])
    keyed = key_rows(FakeSource(index), {})
    assert keyed is not None
    keys, stamps = keyed
    assert keys == {"a.txt": content_key(ALPHA), "b.txt": content_key(BETA)} and index.reads == 2
    again = key_rows(FakeSource(index), stamps)
    assert again is not None and again[0] == keys and index.reads == 2  # nothing re-read


def test_keying_gives_up_quietly_when_the_index_fails():
    class Broken(FakeIndex):
        def content_keys(self) -> dict[str, str]:
            raise OSError("closed")

    assert key_rows(FakeSource(Broken([ALPHA])), {}) is None


def test_read_and_starred_paths_go_to_the_index():
    keys = {"a.txt": "k1", "b.txt": "k2", "c.txt": "k3"}
    marks = {"k1": Marks(True, False), "k3": Marks(True, True)}
    assert flagged(keys, marks) == (["a.txt", "c.txt"], ["c.txt"])
    index = FakeIndex([])
    push_flags(FakeSource(index), keys, marks)
    assert index.flags == {"read": ["a.txt", "c.txt"], "starred": ["c.txt"]}


def test_the_pin_keeps_a_hidden_article_listed_in_order():
    source = FakeSource(FakeIndex([ALPHA, BETA, GAMMA]))
    assert with_pin(source, [0, 2], 1) == [0, 1, 2]
    assert with_pin(source, [0, 1], 1) == [0, 1]
    assert with_pin(source, [0], None) == [0]
    assert with_pin(source, [0], 7) == [0]  # gone from the source


def test_opening_an_article_keys_its_row_and_reads_its_marks(book):
    key, new = book.opened(ALPHA)
    assert key == content_key(ALPHA) and new
    assert book.path_keys == {"a.txt": key} and book.marks[key] == UNMARKED
    assert book.opened(ALPHA) == (key, False)  # known already: no redraw
    assert book.opened(None) == (None, False)
    assert book.opened(Article(path="e.txt", title="", paragraphs=())) == (None, False)  # nothing to mark


def test_marks_are_what_the_store_says_and_rows_and_counts_follow(book):
    key = content_key(BETA)
    book.keyed({"a.txt": content_key(ALPHA), "b.txt": key}, {}, {}, open_key=None)
    book.recount()
    assert book.counts == (2, 0) and book.counts_text() == " · 2 unread"
    assert book.toggle_starred(key) == Marks(False, True)
    assert book.set_read(key) == Marks(True, True)
    assert book.store.marks(key) == Marks(True, True)  # on disk too
    book.recount()
    assert book.counts == (1, 1) and book.counts_text() == " · 1 unread · 1 ★"
    assert book.row_state(SimpleNamespace(path="b.txt", item="")) == ("★", False)
    assert book.row_state(SimpleNamespace(path="a.txt", item="")) == (" ", True)
    assert book.row_state(SimpleNamespace(path="unknown.txt", item="")) == (" ", True)
    assert book.toggle_read(key) == Marks(False, True)


def test_keyed_marks_come_from_the_store_and_the_open_article_is_asked_for(book):
    key = content_key(ALPHA)
    book.store.set_read(key, True)
    keys = {"a.txt": key, "b.txt": content_key(BETA)}
    marks = book.marked(keys)
    assert marks == {key: Marks(True, False)}  # only the marked keys
    book.keyed(keys, marks, {"a.txt": (1, 1, key)}, open_key=content_key(GAMMA))
    assert book.marks[content_key(GAMMA)] == UNMARKED and book.stamps == {"a.txt": (1, 1, key)}
    assert book.key_of(ALPHA) == key
    assert book.key_of(Article(path="a.txt", title="", paragraphs=())) == key  # no body: by its row


def test_the_store_opens_on_first_use(book):
    assert not book.store_opened
    assert book.take_notices() == []
    assert book.store_opened
    assert book.counts_text() == ""  # nothing keyed yet


def test_items_of_one_file_keep_marks_of_their_own(book):
    first = Article(path="feed.digest", item="one", title="One", paragraphs=("first story",))
    second = Article(path="feed.digest", item="two", title="Two", paragraphs=("second story",))
    key_one, _ = book.opened(first)
    key_two, _ = book.opened(second)
    assert book.path_keys == {"feed.digest\0one": key_one, "feed.digest\0two": key_two}
    book.toggle_starred(key_two)
    assert book.row_state(SimpleNamespace(path="feed.digest", item="one")) == (" ", True)
    assert book.row_state(SimpleNamespace(path="feed.digest", item="two")) == ("★", True)
    assert book.key_of(Article(path="feed.digest", item="two", title="", paragraphs=())) == key_two
