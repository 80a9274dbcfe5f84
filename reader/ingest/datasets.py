"""Datasets of news records: JSON Lines (``.jsonl``, ``.ndjson``), JSON (an array of records, or an
object holding one, such as an API's ``{"articles": [...]}``) and CSV/TSV, each also gzip-compressed.

One record is one article. Fields are found by their common names, whatever their case or
punctuation (``headline``, ``maintext``, ``date_publish``, ``publishedAt``…): see FIELDS. The
stated metadata is used as it is (no guessing from the text, except a title from the lead
sentence when a record has none). A record that cannot be used is a warning naming its line
(or row, or position); the other records load.

An article's item key is the record's id (``id``, ``guid``, ``uuid``), else its URL, else its
place in the file ("line 12", "record 3" of a JSON array), so that re-reading a file finds the same items again.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from reader.ingest.formats import SourceFormat, UnreadableFile, field_names, left_out
from reader.ingest.html_text import html_to_text, looks_like_html, text_paragraphs
from reader.model import Article, ArticleDate, Problem

#: Field names (folded: lower case, letters and digits only) in the order they are preferred.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),  # (not "name": too many JSON files have one)
    "text": (
        "text",
        "body",
        "content",
        "maintext",
        "article",
        "articletext",
        "articlebody",
        "fulltext",
        "contenttext",
        "contenthtml",
        "description",
        "summary",
    ),
    "date": (
        "date",
        "published",
        "datepublished",
        "datepublish",
        "publishdate",
        "publisheddate",
        "publishedat",
        "pubdate",
        "datetime",
        "timestamp",
        "created",
        "createdat",
    ),
    "url": ("url", "link", "canonicalurl", "sourceurl"),
    "author": ("author", "authors", "byline", "creator"),
    "source": (
        "source",
        "publication",
        "publisher",
        "sourcename",
        "sitename",
        "sourcedomain",
        "domain",
        "site",
        "feed",
    ),
    "language": ("language", "lang", "languagecode"),
    "feed": ("feed", "feedurl", "feedlink"),  # (a record naming only its feed has it as its source too)
    "id": ("id", "guid", "uuid", "articleid"),
}
DATASET_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv")
#: A record's text longer than this many characters is cut (a dataset may hold anything).
MAX_TEXT_CHARS = 2_000_000

_FOLD = re.compile(r"[\W_]++")


def fold(name: str) -> str:
    """A field name as matched: case folded, letters and digits only ("Date_Publish" -> "datepublish")."""
    return _FOLD.sub("", name.casefold())


class Dataset(SourceFormat):
    """JSON and CSV/TSV files of records (also ``.gz``)."""

    suffixes = frozenset({".json", ".csv", ".tsv"} | {f"{s}.gz" for s in (".json", ".csv", ".tsv")})

    def read(self, text: str, path: str) -> tuple[list[Article], list[Problem]]:
        """The articles of one dataset file, and a warning for each record left out."""
        name = path.lower().removesuffix(".gz")
        if name.endswith(".json"):
            records = _json_records(text)
        else:
            records = _csv_records(text, "\t" if name.endswith(".tsv") else ",")
        articles: list[Article] = []
        problems: list[str] = []
        for place, record in records:
            article = _article_at(place, record, path, problems)
            if article is not None:
                articles.append(article)
        return articles, left_out(path, problems, "records")


Records = Iterator[tuple[str, Mapping[str, Any] | str]]


def _article_at(place: str, record: Mapping[str, Any] | str, path: str, problems: list[str]) -> Article | None:
    """The article of the record at ``place`` ("line 3"), or None with the reason added to ``problems``."""
    if isinstance(record, str):  # a record that could not be read: the reason
        problems.append(f"{place}: {record}")
        return None
    article = article_from_record(record, path)
    if article is None:
        problems.append(f"{place}: no title and no text")
        return None
    if not article.item:
        article.item = place
    return article


class JsonLines(SourceFormat):
    """JSON Lines (``.jsonl``, ``.ndjson``; also ``.gz``): one record a line, UTF-8.

    Each article knows its line's bytes (``span``), so that opening one record of a big file
    reads that line alone, and a big file is read a piece at a time (pieces start at a line).
    A line that is not UTF-8 is read as cp1252, with a warning.
    """

    suffixes = frozenset({".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"})
    reads_bytes = True
    seekable = True

    def piece_separator(self, head: bytes) -> bytes | None:
        return b"\n"

    def read_bytes(self, data: bytes, path: str) -> tuple[list[Article], list[Problem]]:
        return self.read_piece(data, path, 0, 1)

    def read_piece(self, data: bytes, path: str, offset: int, first_number: int) -> tuple[list[Article], list[Problem]]:
        articles: list[Article] = []
        problems: list[str] = []
        misread = 0
        start = 0
        spans = True
        if offset == 0:
            data, start, spans = _utf8_start(data)
        number = first_number
        size = len(data)
        while start < size:
            end = data.find(b"\n", start)
            if end < 0:
                end = size
            line = data[start:end]
            if line.strip():
                record, cp1252 = _json_line(line)
                misread += cp1252
                article = _article_at(f"line {number}", record, path, problems)
                if article is not None:
                    article.span = (offset + start, end - start) if spans else None
                    articles.append(article)
            number += 1
            start = end + 1
        warnings = left_out(path, problems, "records")
        if misread:
            warnings.append(Problem(path, f"{misread} line(s) not valid UTF-8; read as cp1252", "warning"))
        return articles, warnings

    def read_span(self, data: bytes, head: bytes, path: str) -> Article | None:
        record, _ = _json_line(data)
        return None if isinstance(record, str) else article_from_record(record, path)


def _utf8_start(data: bytes) -> tuple[bytes, int, bool]:
    """A file's bytes as UTF-8, where its first line starts, and whether offsets in them are the
    file's: a UTF-8 BOM is skipped; a UTF-16/32 file (its BOM says so) is re-encoded, without spans.
    Raises UnreadableFile for a binary file."""
    from reader.ingest.files import decode, looks_binary

    if data.startswith(b"\xef\xbb\xbf"):
        return data, 3, True
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # (also the UTF-32 marks)
        return decode(data).text.encode("utf-8"), 0, False
    if looks_binary(data[:8192]):
        raise UnreadableFile("binary file, not text")
    return data, 0, True


def _json_line(line: bytes) -> tuple[Mapping[str, Any] | str, bool]:
    """One line's record, or why it is none; and whether it had to be read as cp1252."""
    cp1252 = False
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text, cp1252 = line.decode("cp1252", errors="replace"), True
    try:
        record = json.loads(text)
    except (ValueError, RecursionError) as error:
        return f"not valid JSON ({_short(error)})", cp1252
    return (record if isinstance(record, dict) else "not a JSON object"), cp1252


def _json_records(text: str) -> Records:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise UnreadableFile(f"not valid JSON ({_short(error)})") from None
    defaults: dict[str, Any] = {}
    if isinstance(data, dict):  # {"articles": [...]}, a JSON Feed's {"items": [...]}, or one record
        if "jsonfeed.org" in str(data.get("version", "")):  # the feed's title is its items' source
            defaults = {key: data[key] for key in ("title", "language") if isinstance(data.get(key), str)}
            defaults["source"] = defaults.pop("title", None)
            data = data.get("items")
        else:
            lists = [v for v in data.values() if isinstance(v, list) and any(isinstance(item, dict) for item in v)]
            data = lists[0] if lists else [data]
    if not isinstance(data, list):
        raise UnreadableFile("not a list of records")
    for number, record in enumerate(data, 1):
        if isinstance(record, dict) and defaults:
            record = {**{k: v for k, v in defaults.items() if v}, **record}
        yield f"record {number}", record if isinstance(record, dict) else "not a JSON object"


def _csv_records(text: str, delimiter: str) -> Records:
    csv.field_size_limit(MAX_TEXT_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as error:
        raise UnreadableFile(f"not valid CSV ({_short(error)})") from None
    while True:
        number = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield f"line {number}", f"not valid CSV ({_short(error)})"
            continue
        if not any(cell.strip() for cell in row):
            continue
        yield f"line {number}", dict(zip(header, row, strict=False))


def _short(error: BaseException) -> str:
    return str(error).splitlines()[0][:120] if str(error) else type(error).__name__


def article_from_record(record: Mapping[str, Any], path: str) -> Article | None:
    """One record as an Article (item: its id or URL, "" when it has neither), or None when it
    has neither a title nor any text."""
    from reader.ingest.parse import count_words, derive_title

    fields = _fields(record)
    text = _text(fields.get("text"))
    title = " ".join(_plain(fields.get("title")).split())
    paragraphs = tuple(text_paragraphs(text))
    if not title and not paragraphs:
        return None
    derived = False
    if not title:
        title, derived = derive_title(paragraphs[0]), True
    author = _names(fields.get("author"))
    url = " ".join(_plain(fields.get("url")).split()) or None
    key = _plain(fields.get("id")).strip() or (url or "")
    return Article(
        path=path,
        title=title,
        paragraphs=paragraphs,
        date=parse_date(fields.get("date")),
        byline=author or None,
        words=count_words(" ".join(paragraphs)),
        title_derived=derived,
        item=key,
        url=url,
        source=" ".join(_names(fields.get("source")).split()) or None,
        language=_plain(fields.get("language")).strip()[:35] or None,
        feed=" ".join(_plain(fields.get("feed")).split()) or None,
    )


def _roles() -> dict[str, tuple[str, ...]]:
    """FIELDS with the names the user added (config [fields]) first, folded."""
    added = field_names()
    return _with_added(tuple(sorted(added.items()))) if added else FIELDS


@functools.lru_cache(maxsize=4)
def _with_added(added: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, tuple[str, ...]]:
    extra = dict(added)
    return {role: (*(fold(name) for name in extra.get(role, ())), *names) for role, names in FIELDS.items()}


def _fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record's value for each of FIELDS' roles (the first name present with a value)."""
    by_name: dict[str, Any] = {}
    for name, value in record.items():
        if isinstance(name, str) and value not in (None, "", [], {}):
            by_name.setdefault(fold(name), value)
    found: dict[str, Any] = {}
    for role, names in _roles().items():
        for name in names:
            if name in by_name:
                found[role] = by_name[name]
                if role == "text" and name.endswith("html"):
                    found[role] = {"html": by_name[name]}
                break
    return found


def _plain(value: Any) -> str:
    """A scalar field as text (a number's digits; a list's or mapping's first plain value)."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value[:MAX_TEXT_CHARS].replace("\x00", "")
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        for key in ("name", "value", "text", "href", "url", "title"):
            if key in value:
                return _plain(value[key])
        return ""
    if isinstance(value, list):
        return next((text for text in map(_plain, value) if text), "")
    return ""


def _names(value: Any) -> str:
    """An author or source field: names joined with commas (a list, or mappings with "name")."""
    if isinstance(value, list):
        names = [" ".join(_plain(v).split()) for v in value[:50]]
        return ", ".join(name for name in names if name)
    return " ".join(_plain(value).split())


def _text(value: Any) -> str:
    if isinstance(value, Mapping) and set(value) == {"html"}:
        return html_to_text(_plain(value["html"]))
    text = _plain(value)
    if "<" in text and looks_like_html(text):
        return html_to_text(text)
    return text


def parse_date(value: Any) -> ArticleDate | None:
    """A record's date: ISO 8601 at its precision, RFC 2822, a Unix time in seconds or
    milliseconds, or any date the text parser finds ("5 March 2024"). None when there is none."""
    from reader.ingest.dates import date_from_timestamp, stated_date

    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return date_from_timestamp(float(value), str(value))
    return stated_date(_plain(value))
