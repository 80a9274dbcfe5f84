"""Find article files under the user's paths and decode them, never hanging or crashing.

Every file either becomes text or a `Problem` with a one-line reason; one bad file
never stops the others.
"""

from __future__ import annotations

import codecs
import os
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO

from reader.ingest.formats import SourceFormat, UnreadableFile, bounded_item, format_for, reader_for
from reader.model import Article, Problem, path_text, sort_articles

MAX_BYTES = 32 * 1024 * 1024
_SNIFF_BYTES = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls that never occur in text; tab, LF, VT, FF, CR and ESC are not counted.
_BINARY_BYTES = bytes(set(range(32)) - {9, 10, 11, 12, 13, 27})
_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")


class UsageError(Exception):
    """A command-line mistake: reported in one line, exit status 2."""


@dataclass(slots=True)
class Corpus:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warning: str | None = None


def seeds_dir() -> Path:
    """The bundled seed articles, from an installed wheel or from a checkout."""
    from importlib.resources import files

    try:
        packaged = Path(str(files("reader") / "_seeds"))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - defensive
        packaged = None
    if packaged is not None and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "seeds"


def check_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Paths as given, or a UsageError naming the first that does not exist."""
    checked: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path):
            raise UsageError(f"{path_text(str(raw))}: no such file or directory")
        checked.append(path)
    return checked


def describe_error(error: BaseException, limit: int = 200) -> str:
    """An unexpected exception as a short, one-line reason: ``KeyError: 'title'`` (no traceback)."""
    try:
        message = str(error)
    except Exception:  # noqa: BLE001 - a broken __str__
        message = ""
    text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    text = " ".join(path_text(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_text_name(name: str) -> bool:
    """Whether a registered source format reads files of this name (reader.ingest.formats)."""
    return format_for(name) is not None


Identity = tuple[int, int]  # (device, inode): one file or folder however it is reached
Found = tuple[str, os.stat_result] | Problem  # a file to read, or why something was not read


def discover(paths: Iterable[Path]) -> Iterator[Path | Problem]:
    """Candidate files under ``paths``, each once, in a stable order (names sorted, depth first).

    Symbolic links inside the folders are followed only when they point inside one of the
    opened paths (a link elsewhere is a problem, not followed: a folder copied from someone
    else cannot make the reader show or export other files of yours); every directory is
    entered at most once (by device and inode), so symlink loops end. Any depth: the walk
    keeps its own stack. Anything that is not a regular file is reported and never opened.
    """
    for item in discover_stats(paths):
        yield item if isinstance(item, Problem) else Path(item[0])


def discover_stats(paths: Iterable[Path]) -> Iterator[Found]:
    """`discover`, with each file's path as a string and its stat result.

    One stat per file (directory entries' types come from os.scandir), so re-checking
    100,000 cached files is cheap: the index and the --watch poller use it to find what changed.
    """
    seen_dirs: set[Identity] = set()
    seen_files: set[Identity] = set()
    paths = list(paths)
    inside = _Inside(paths)
    for root in paths:
        name = str(root)
        try:
            info = os.stat(name)
        except OSError as error:
            yield from _stat_failure(name, error, partial(os.path.islink, name))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _scan(name, info, seen_dirs, seen_files, inside)
        else:
            yield from _file(name, info, seen_files)


class _Inside:
    """Whether a symbolic link's target is inside one of the opened paths (as given, resolved)."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots: list[str] = []
        for root in roots:
            try:
                self.roots.append(os.path.realpath(root))
            except (OSError, ValueError):
                continue

    def __call__(self, link: str) -> bool:
        try:
            target = os.path.realpath(link)
        except (OSError, ValueError):
            return False
        return any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in self.roots)


def _stat_failure(path: str, error: OSError, is_link: Callable[[], bool]) -> Iterator[Problem]:
    """Why a path could not be looked at; a vanished plain file is no problem, just gone."""
    if isinstance(error, FileNotFoundError):
        if is_link():
            yield Problem(path, "dangling symbolic link")
        return
    yield Problem(path, f"cannot read: {error.strerror or error}")


def _scan(
    folder: str,
    info: os.stat_result,
    seen_dirs: set[Identity],
    seen_files: set[Identity],
    inside: Callable[[str], bool],
) -> Iterator[Found]:
    """Depth first, names sorted, with an explicit stack of folder listings (no recursion:
    a folder nested thousands deep is walked like any other)."""
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _listing(folder, info, seen_dirs)
    if isinstance(listing, Problem):
        yield listing
        return
    if listing is not None:
        stack.append(listing)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if not is_dir and not is_text_name(name):
            continue
        child = entry.path
        try:
            child_info = entry.stat()
        except OSError as error:
            yield from _stat_failure(child, error, entry.is_symlink)
            continue
        try:
            is_link = entry.is_symlink()
        except OSError:
            is_link = False
        if is_link and not inside(child):
            yield Problem(child, "symbolic link to a place outside the opened folders; not followed")
            continue
        if stat.S_ISDIR(child_info.st_mode):
            listing = _listing(child, child_info, seen_dirs)
            if isinstance(listing, Problem):
                yield listing
            elif listing is not None:
                stack.append(listing)
        elif is_text_name(name):
            yield from _file(child, child_info, seen_files)


def _listing(
    folder: str, info: os.stat_result, seen_dirs: set[Identity]
) -> Iterator[os.DirEntry[str]] | Problem | None:
    """A folder's entries sorted by name; None when it was entered before (a symlink loop)."""
    key = (info.st_dev, info.st_ino)
    if key in seen_dirs:
        return None
    seen_dirs.add(key)
    try:
        with os.scandir(folder) as listing:
            return iter(sorted(listing, key=lambda entry: entry.name))
    except OSError as error:
        return Problem(folder, f"cannot list folder: {error.strerror or error}")


def _file(path: str, info: os.stat_result, seen_files: set[Identity]) -> Iterator[Found]:
    if not stat.S_ISREG(info.st_mode):
        yield Problem(path, f"not a regular file ({_kind(info.st_mode)}); not opened")
        return
    key = (info.st_dev, info.st_ino)
    if key in seen_files:
        return
    seen_files.add(key)
    yield path, info


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def read_bytes(path: Path, limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """Read a regular file without ever blocking on a FIFO swapped in behind our back."""
    limit = MAX_BYTES if limit is None else limit
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"not a regular file ({_kind(info.st_mode)}); not opened")
        if info.st_size > limit:
            raise ValueError(f"too large ({info.st_size / 1048576:.1f} MB; the limit is {limit // 1048576} MB)")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise ValueError(f"too large (over {limit // 1048576} MB)")
        return data, info
    finally:
        os.close(fd)


def decode(data: bytes) -> Decoded:
    """BOM, then UTF-8, then cp1252 (with a warning). Raises ValueError for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return Decoded(clean_text(text), encoding)
    if looks_binary(data[:_SNIFF_BYTES]):
        raise ValueError("binary file, not text")
    try:
        return Decoded(clean_text(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    multibyte = sum(1 for ch in lenient if ord(ch) > 127) - bad
    if multibyte > bad:
        return Decoded(clean_text(lenient), "utf-8", f"{bad} invalid UTF-8 byte(s) replaced with \ufffd")
    return Decoded(clean_text(data.decode("cp1252", errors="replace")), "cp1252", "not valid UTF-8; decoded as cp1252")


def looks_binary(sample: bytes) -> bool:
    """Known binary signatures, or more NULs and stray control bytes than text ever has.

    A few NULs in otherwise plain text are tolerated (and dropped later)."""
    if sample.startswith(_MAGIC):
        return True
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return sample.count(0) * 100 > len(sample) or controls * 20 > len(sample)


def clean_text(text: str) -> str:
    """One newline convention and no NULs: everything downstream can rely on that."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def gunzip(data: bytes, limit: int = MAX_BYTES) -> bytes:
    """A gzip file's content, at most ``limit`` bytes (a small file may unpack to gigabytes)."""
    unpacker = zlib.decompressobj(wbits=31)
    try:
        content = unpacker.decompress(data, limit + 1)
    except zlib.error as error:
        raise ValueError(f"not a valid gzip file ({error})") from None
    if len(content) > limit or unpacker.unconsumed_tail:
        raise ValueError(f"too large when uncompressed (over {limit // 1048576} MB)")
    return content


def load_file(path: Path) -> tuple[Article | None, list[Problem]]:
    """A one-article file to its Article (the first when the file holds several), or the problems."""
    articles, problems = load_articles(path)
    return (articles[0] if articles else None), problems


def load_articles(path: Path) -> tuple[list[Article], list[Problem]]:
    """One file to its articles (each with its item key, via its source format), or to the
    problems that keep it out: an empty list always comes with an error."""
    name = str(path)
    source_format = reader_for(name)
    gzipped = name.lower().endswith(".gz")
    try:
        separator = None if gzipped or os.stat(path).st_size <= MAX_BYTES else separator_of(name, source_format)
        if separator is not None:  # read a piece at a time
            found, left_out, info = _read_pieces(path, source_format, separator)
            return _keep(name, found, left_out, info, Decoded("", "", None))
        data, info = read_bytes(path)
    except PermissionError:
        return [], [Problem(name, "permission denied")]
    except FileNotFoundError:
        return [], [Problem(name, "file vanished while loading")]
    except UnreadableFile as error:
        return [], [Problem(name, str(error)[:300])]
    except ValueError as error:
        return [], [Problem(name, str(error))]
    except OSError as error:
        return [], [Problem(name, f"cannot read: {error.strerror or error}")]
    except Exception as error:  # noqa: BLE001 - never let one file stop the others
        return [], [Problem(name, f"cannot read: {describe_error(error)}")]
    if not data:
        return [], [Problem(name, "empty file")]
    if gzipped:
        try:
            data = gunzip(data)
        except ValueError as error:
            return [], [Problem(name, str(error))]
    if source_format.reads_bytes:  # it decodes the bytes itself (XML: by its declaration)
        decoded = Decoded("", "", None)
        if not data.strip():
            return [], [Problem(name, "only whitespace, no text")]
    else:
        try:
            decoded = decode(data)
        except ValueError as error:
            return [], [Problem(name, str(error))]
        except Exception as error:  # noqa: BLE001
            return [], [Problem(name, f"could not be decoded: {describe_error(error)}")]
        if not decoded.text.strip():
            return [], [Problem(name, "only whitespace, no text")]
    try:
        if source_format.reads_bytes:
            found, left_out = source_format.read_bytes(data, name)
        else:
            found, left_out = source_format.read(decoded.text, name)
    except UnreadableFile as error:  # the format's word on a file it cannot read ("not valid JSON")
        return [], [Problem(name, str(error)[:300])]
    except Exception as error:  # noqa: BLE001 - a parser bug on one file: a problem for that file
        return [], [Problem(name, f"could not be parsed: {describe_error(error)}")]
    if gzipped:  # offsets in the unpacked bytes are no place in the file
        for article in found:
            article.span = None
    return _keep(name, found, left_out, info, decoded)


def _keep(
    name: str, found: list[Article], left_out: list[Problem], info: os.stat_result, decoded: Decoded
) -> tuple[list[Article], list[Problem]]:
    """A file's articles as read, stamped with the file's path, size and time, each key once."""
    try:
        articles: list[Article] = []
        seen: set[str] = set()
        for article in found:
            item = bounded_item(article.item)
            if item in seen:  # a key must name one article: the first keeps it
                continue
            seen.add(item)
            article.item = item
            article.path = name
            article.encoding = decoded.encoding or article.encoding
            article.size = info.st_size
            article.mtime_ns = info.st_mtime_ns
            articles.append(article)
    except Exception as error:  # noqa: BLE001 - a format's odd article: a problem for that file
        return [], [Problem(name, f"could not be parsed: {describe_error(error)}")]
    if not articles:
        return [], [*left_out, Problem(name, "no articles in this file")]
    problems = [Problem(name, decoded.warning, "warning")] if decoded.warning else []
    problems.extend(left_out)
    if len(seen) < len(found):
        problems.append(Problem(name, f"{len(found) - len(seen)} article(s) with a repeated key left out", "warning"))
    return articles, problems


#: A big file of a format read in pieces (SourceFormat.piece_separator) is read this much at a time.
PIECE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a file that starts right after a separator: bytes ``start:end``; ``first_number``
    is one more than the separators before it (a JSON Lines piece: its first line's number).
    ``too_big``: one item longer than MAX_BYTES, left out (its bytes are never read at once)."""

    start: int
    end: int
    first_number: int
    too_big: bool = False


def pieces(path: Path | str, separator: bytes, piece_bytes: int = PIECE_BYTES) -> Iterator[Piece]:
    """A file cut into pieces of about ``piece_bytes`` that each end right after a separator
    (the last one: at the end of the file). Reads the file once, a block at a time."""
    with open(path, "rb") as file:
        start, number, carry = 0, 1, b""
        while True:
            block = file.read(piece_bytes)
            data = carry + block if carry else block
            if not block:
                if data:
                    yield Piece(start, start + len(data), number)
                return
            cut = data.rfind(separator)
            if cut < 0:
                if len(data) > MAX_BYTES:  # one item bigger than any file is read: skip to its end
                    skipped = len(data) + _skip_past(file, separator)
                    yield Piece(start, start + skipped, number, too_big=True)
                    number += 1
                    start += skipped
                    carry = b""
                else:
                    carry = data
                continue
            end = cut + len(separator)
            yield Piece(start, start + end, number)
            number += data.count(separator, 0, end)
            start += end
            carry = data[end:]


def _skip_past(file: BinaryIO, separator: bytes) -> int:
    """Read on to just after the next separator; how many bytes that was."""
    skipped = 0
    while block := file.read(1 << 20):
        found = block.find(separator)
        if found >= 0:
            file.seek(found + len(separator) - len(block), os.SEEK_CUR)
            return skipped + found + len(separator)
        skipped += len(block)
    return skipped


def read_piece(path: str, source_format: SourceFormat, piece: Piece) -> tuple[list[Article], list[Problem]]:
    """The articles of one piece of a file (its bytes read alone), with warnings."""
    if piece.too_big:
        reason = f"item {piece.first_number}: larger than {MAX_BYTES // 1048576} MB; left out"
        return [], [Problem(path, reason, "warning")]
    with open(path, "rb") as file:
        data = os.pread(file.fileno(), piece.end - piece.start, piece.start)
    return source_format.read_piece(data, path, piece.start, piece.first_number)


def read_spans(path: str, stamp: tuple[int, int], spans: Sequence[tuple[str, int, int]]) -> dict[str, Article]:
    """The articles whose items' own bytes still hold them, by item key: ``spans`` are (item,
    offset, length) as the index stored them when the file had ``stamp`` (size, mtime_ns). None
    are read when the file changed since; an item its bytes no longer hold is left out (the
    caller reads the whole file for those)."""
    from reader.ingest.formats import HEAD_BYTES

    source_format = reader_for(path)
    found: dict[str, Article] = {}
    if not source_format.seekable:
        return found
    try:
        with open(path, "rb") as file:
            info = os.fstat(file.fileno())
            if (info.st_size, info.st_mtime_ns) != stamp:
                return found
            head = os.pread(file.fileno(), min(HEAD_BYTES, info.st_size), 0)
            for item, start, length in spans:
                if length > MAX_BYTES:
                    continue
                data = os.pread(file.fileno(), length, start)
                try:
                    article = source_format.read_span(data, head[:start], path)
                except Exception:  # noqa: BLE001 - these bytes are no item now: the whole file decides
                    continue
                if article is None or (article.item and bounded_item(article.item) != item):
                    continue  # (not the item indexed there)
                article.path, article.item, article.span = path, item, (start, length)
                article.size, article.mtime_ns = info.st_size, info.st_mtime_ns
                found[item] = article
    except OSError:
        return {}
    return found


def load_piece(path: str, piece: Piece) -> tuple[list[Article], list[Problem]]:
    """The articles of one piece of a big file (none, with warnings, when it holds none), each
    key once within the piece, stamped with the file's size and time."""
    source_format = reader_for(path)
    articles, warnings = read_piece(path, source_format, piece)
    if not articles:
        return [], warnings
    kept, problems = _keep(path, articles, warnings, os.stat(path), Decoded("", "", None))
    return kept, [problem for problem in problems if problem.severity == "warning"]


def separator_of(path: str, source_format: SourceFormat) -> bytes | None:
    """Where pieces of this file start (`SourceFormat.piece_separator`), or None: read it whole."""
    from reader.ingest.formats import HEAD_BYTES

    if not source_format.reads_in_pieces:  # (no need to read its head)
        return None
    with open(path, "rb") as file:
        return source_format.piece_separator(file.read(HEAD_BYTES))


def _read_pieces(
    path: Path, source_format: SourceFormat, separator: bytes
) -> tuple[list[Article], list[Problem], os.stat_result]:
    """Every article of a big file read in pieces, and the warnings."""
    info = os.stat(path)
    found: list[Article] = []
    left_out: list[Problem] = []
    for piece in pieces(path, separator):
        articles, warnings = read_piece(str(path), source_format, piece)
        found.extend(articles)
        left_out.extend(warnings)
    return found, left_out, info


def load_corpus(
    paths: Iterable[str | os.PathLike[str]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Corpus:
    """Load every article under ``paths`` (the bundled seeds when empty), sorted newest first.

    ``progress(done, total)`` is called as files are read, for a progress bar.
    """
    roots = check_paths(paths) if paths else [seeds_dir()]
    corpus = Corpus()
    found: list[Path] = []
    for item in discover(roots):
        if isinstance(item, Problem):
            corpus.problems.append(item)
        else:
            found.append(item)
    total = len(found)
    for done, path in enumerate(found, 1):
        articles, problems = load_articles(path)
        corpus.articles.extend(articles)
        corpus.problems.extend(problems)
        if progress is not None:
            progress(done, total)
    corpus.articles = sort_articles(corpus.articles)
    return corpus
