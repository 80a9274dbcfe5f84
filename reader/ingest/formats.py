"""Source formats: how one decoded file becomes its articles, each with a key within the file.

An article's identity is (source file, item key). A plain text or Markdown file holds one article
whose item key is ""; a feed, a mailbox or a dataset holds many, each keyed by something stable in
the text (an id, a message id), so that re-reading the file finds the same item again.

Every path that turns a file into articles goes through `format_for` (discovery's suffixes, the
loader, the index's sync and `Index.article`), so a format registered here is read everywhere.

Worker processes (reader.processes, forkserver) import modules afresh: they know only the formats
registered when `reader.ingest.formats` is imported, the built-in ones. A format registered later
at run time (a test's, say) is still read correctly, because the passes that use workers (the
index's sync and entity pass) run in this process while such a format is registered
(`workers_know_every_format`).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import threading
from collections.abc import Callable, Mapping, Sequence

from reader.model import Article, Problem

#: Item keys longer than this (characters) are cut and given a hash of the whole key, so that any
#: key a file holds is stored, shown and compared in bounded space and stays unique.
MAX_ITEM_CHARS = 200


class UnreadableFile(ValueError):
    """A format's word that a file is not what its name says ("not valid JSON"): the message is
    shown as the file's problem, as it is."""


#: The start of a file `SourceFormat.read_span` is given, at the most.
HEAD_BYTES = 64 * 1024

#: Warnings about the parts of one file left out, at the most; how many more follows.
MAX_WARNINGS = 20


def left_out(path: str, reasons: list[str], what: str) -> list[Problem]:
    """Warnings for the parts of a file left out ("line 3: not valid JSON"): the first
    MAX_WARNINGS, then how many more ``what`` ("records") were left out."""
    shown = [Problem(path, reason, "warning") for reason in reasons[:MAX_WARNINGS]]
    if len(reasons) > MAX_WARNINGS:
        shown.append(Problem(path, f"{len(reasons) - MAX_WARNINGS} more {what} left out", "warning"))
    return shown


class SourceFormat:
    """A kind of source file: the suffixes it reads and how one decoded file becomes articles."""

    #: Lower-case file suffixes with the dot (".txt").
    suffixes: frozenset[str] = frozenset()

    def articles(self, text: str, path: str) -> list[Article]:
        """The articles of one file's text (LF line endings, no NULs), each with ``path`` and its ``item``.

        Item keys must be unique within the file and stable across re-reads; a one-article format
        uses "". May raise: the file then becomes a Problem and the other files carry on. A format
        overrides this, or `read` (it leaves parts of a file out, with warnings), or `read_bytes`.
        """
        raise NotImplementedError

    #: Whether reading its files costs much more than storing their articles (a feed, a web page):
    #: the index then parses them on every core, not on all but the one that stores.
    costly: bool = False

    #: Whether the format decodes the file's bytes itself (`read_bytes`), as XML does by its declaration.
    reads_bytes: bool = False

    def read_bytes(self, data: bytes, path: str) -> tuple[list[Article], list[Problem]]:
        """The articles of the file's raw bytes (only called when ``reads_bytes``)."""
        raise NotImplementedError

    def read(self, text: str, path: str) -> tuple[list[Article], list[Problem]]:
        """The articles, and warnings about parts of the file left out (a broken record of a
        dataset, say). Formats with such parts override this; the others give `articles`."""
        return self.articles(text, path), []

    #: Whether each article it reads knows its item's bytes in the file (``Article.span``) and
    #: `read_span` reads the item back from them alone: opening one record of a big file then
    #: reads those bytes, never the whole file. (Only for files read as they are, not gzipped.)
    seekable: bool = False

    def read_span(self, data: bytes, head: bytes, path: str) -> Article | None:
        """The article in ``data``, one item's bytes as its span gave them (None: no article
        there now). ``head`` is the start of the file (up to HEAD_BYTES, before the span), for
        formats whose items need what the file states once (a feed's title, a CSV's header)."""
        raise NotImplementedError

    def piece_separator(self, head: bytes) -> bytes | None:
        """For a file that can be read in pieces, what each piece starts right after (a JSON Lines
        file: a newline; a feed: an item's end tag), given the file's first HEAD_BYTES; None
        when it can't be. A big file is then read, and indexed, a piece at a time."""
        return None

    @property
    def reads_in_pieces(self) -> bool:
        """Whether the format can read a file in pieces (`piece_separator`; the file's head decides)."""
        return type(self).piece_separator is not SourceFormat.piece_separator

    def read_piece(self, data: bytes, path: str, offset: int, first_number: int) -> tuple[list[Article], list[Problem]]:
        """The articles of one piece of a file (``offset``: where it starts in the file;
        ``first_number``: how many separators come before it, plus one: a JSON Lines piece's
        first line number). Their spans are offsets in the whole file."""
        raise NotImplementedError


class PlainText(SourceFormat):
    """A text file: one article, item ""."""

    suffixes = frozenset({".txt", ".text"})

    def articles(self, text: str, path: str) -> list[Article]:
        from reader.ingest.parse import parse_article

        return [parse_article(text, path=path)]


class Markdown(PlainText):
    """A Markdown file: one article, item "" (read as text: the markup is shown as written)."""

    suffixes = frozenset({".md"})


_FORMATS: dict[str, SourceFormat] = {}


def register(source_format: SourceFormat) -> None:
    """Read files with these suffixes with ``source_format`` (replacing any format they had)."""
    for suffix in source_format.suffixes:
        _FORMATS[suffix.lower()] = source_format


def unregister(source_format: SourceFormat) -> None:
    """Stop reading the suffixes ``source_format`` was registered for (tests clean up with this)."""
    for suffix, registered in list(_FORMATS.items()):
        if registered is source_format:
            del _FORMATS[suffix]


def suffix_of(name: str) -> str:
    """ ".txt" for "a.TXT"; a compressed file keeps its inner suffix: ".jsonl.gz"."""
    stem, suffix = os.path.splitext(name)
    suffix = suffix.lower()
    if suffix == ".gz":
        suffix = os.path.splitext(stem)[1].lower() + suffix
    return suffix


def format_for(path: str) -> SourceFormat | None:
    """The format that reads this file name, or None (not an article file)."""
    suffix = suffix_of(path)
    found = _FORMATS.get(suffix)
    if found is None and suffix in _ON_FIRST_USE:
        found = _load_built_in(suffix)
    return found


def _load_built_in(suffix: str) -> SourceFormat | None:
    """Import a built-in format the first time a file of its kind is met (start-up never pays for it)."""
    with _LOADING:  # the loader thread and the UI may meet such a file at once
        spec = _ON_FIRST_USE.get(suffix)
        if spec is not None:
            module, name = spec.split(":")
            source_format: SourceFormat = getattr(importlib.import_module(module), name)()
            for its_suffix in source_format.suffixes:
                _ON_FIRST_USE.pop(its_suffix, None)
                _BUILT_IN.setdefault(its_suffix, source_format)
                _FORMATS.setdefault(its_suffix, source_format)
        return _FORMATS.get(suffix)


def reader_for(path: str) -> SourceFormat:
    """The format to read a file with: its registered one, else plain text (a file named
    explicitly is read whatever its suffix; discovery in a folder keeps to `format_for`)."""
    return format_for(path) or _PLAIN_TEXT


def workers_know_every_format() -> bool:
    """Whether a fresh process (a worker) reads every file as this one does: no format was
    registered or replaced after import. Passes that hand files to workers check this first."""
    return _FORMATS == _BUILT_IN


# ----- the user's settings for the formats (the config file's [fields]) ------------------------

#: Field names the user added for each role of a dataset record ("title": ("hed",)), tried first.
_FIELD_NAMES: dict[str, tuple[str, ...]] = {}


def configure(field_names: Mapping[str, Sequence[str]]) -> None:
    """Use these dataset field names (role -> names, before the built-in ones) from now on, in
    this process. Passes that read files in worker processes give each worker the same
    (`worker_settings`)."""
    _FIELD_NAMES.clear()
    _FIELD_NAMES.update({role: tuple(names) for role, names in field_names.items() if names})


def field_names() -> dict[str, tuple[str, ...]]:
    """The dataset field names the user added, by role."""
    return dict(_FIELD_NAMES)


def worker_settings() -> tuple[Callable[..., object], tuple[object, ...]]:
    """(function, arguments) that give a worker process this process's settings (a pool's initializer)."""
    return configure, (field_names(),)


def settings_key() -> int:
    """A number that changes when the settings that change how files read change (0: none set):
    the index reads every file again when it differs from the one it was built with."""
    if not _FIELD_NAMES:
        return 0
    text = json.dumps(sorted(_FIELD_NAMES.items()))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:7], "big")


def bounded_item(key: str) -> str:
    """An item key as stored: valid Unicode, at most MAX_ITEM_CHARS characters (a long key keeps
    its start and gets a hash of the whole, so two long keys stay apart)."""
    if not isinstance(key, str):
        key = str(key)
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: SQLite and JSON cannot carry them
        key = key.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if len(key) <= MAX_ITEM_CHARS:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{key[: MAX_ITEM_CHARS - 17]}~{digest}"


_PLAIN_TEXT = PlainText()
for _built_in in (_PLAIN_TEXT, Markdown()):
    register(_built_in)
_BUILT_IN: dict[str, SourceFormat] = dict(_FORMATS)
_LOADING = threading.Lock()
#: Built-in formats whose modules load on first use: suffix -> "module:class".
_ON_FIRST_USE: dict[str, str] = {
    **{suffix + gz: "reader.ingest.datasets:Dataset" for suffix in (".json", ".csv", ".tsv") for gz in ("", ".gz")},
    **{suffix + gz: "reader.ingest.datasets:JsonLines" for suffix in (".jsonl", ".ndjson") for gz in ("", ".gz")},
    **dict.fromkeys((".eml", ".mbox", ".mbx"), "reader.ingest.mail:Mail"),
    **dict.fromkeys((".rss", ".atom", ".rdf", ".feed", ".xml"), "reader.ingest.feeds:Feed"),
    **dict.fromkeys((".html", ".htm", ".xhtml"), "reader.ingest.web_pages:WebPage"),
}
