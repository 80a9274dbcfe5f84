"""``reader related`` and ``reader facets``: the story views of the app, as JSON for scripts.

* ``reader related PATH [FOLDER ...]`` prints the articles most related to the one in PATH as
  `reader export` records plus ``score`` (0 to 1), ``same_story`` (a near copy) and ``shared``
  (the names the two have in common, rarest first), best first, without the article itself.
* ``reader facets [QUERY] [PATH ...]`` prints one JSON object: how many articles match, how many
  are dated and in which months, and the entities of the matches with how many mention each,
  counted as `reader search QUERY` writes them.

Both read the index cache like `reader search` (building it when needed, entity pass included).
Exit 0; 2 for a usage mistake (a query that doesn't parse, a PATH that is not an article of the
collection), with a one-line message.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__

if TYPE_CHECKING:
    from reader.index import Index
    from reader.model import Article

EXIT_OK, EXIT_USAGE = 0, 2


def related_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader related",
        description="Print the articles most related to the one in PATH (shared people, organisations and "
        "places weighted by rarity, shared rare words, the same story retold) as JSON lines like "
        "'reader export', with a score, best first. Exit 2 when PATH is not an article of the collection.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("--no-cache", action="store_true", help="don't read or write the index cache")
    parser.add_argument("--limit", type=_positive, default=10, metavar="N", help="how many (default: 10)")
    parser.add_argument("--item", help="the article's key within its file, for a file of many (a feed, a dataset)")
    parser.add_argument("path", metavar="PATH", help="the article's file")
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="FOLDER",
        help="the collection (default: the config file's paths, else the bundled seeds, when they hold PATH; "
        "else PATH's folder); the first file named is the article, whatever the order",
    )
    return parser


def facets_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader facets",
        description="Print one JSON object about the articles matching QUERY (all, without one): matches, "
        "dated, by_month ({'2024-12': 3, ...}, summing to dated) and entities ({'PERSON': [{'name': ..., "
        "'articles': n}, ...], ...}, most articles first), as 'reader search QUERY' finds them. "
        "A first argument that names an existing file or folder is a PATH.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("--no-cache", action="store_true", help="don't read or write the index cache")
    parser.add_argument("--top", type=_positive, metavar="N", help="list only the N most mentioned of each kind")
    parser.add_argument("words", nargs="*", metavar="[QUERY] [PATH ...]")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run_related(args: list[str]) -> int:
    from reader.cli import configured_paths, usage_error
    from reader.ingest.files import UsageError, check_paths, seeds_dir

    options = related_parser().parse_args(args)
    prog = "reader related"
    try:
        paths = check_paths([options.path, *options.paths])
    except UsageError as error:
        return usage_error(prog, str(error))
    # The article is the first file named (the folders may come first too); the rest is the collection.
    article_path = next((path for path in paths if path.is_file()), None)
    if article_path is None:
        return usage_error(prog, f"{options.path}: not a file (give the article's file, then the folders)")
    given = [path for path in paths if path is not article_path]
    try:
        roots = given or check_paths(configured_paths()) or [seeds_dir()]
    except UsageError as error:
        return usage_error(prog, str(error))
    if not given and not any(_holds(root, article_path) for root in roots):
        roots = [article_path.parent]
    if not any(_holds(root, article_path) for root in roots):
        return usage_error(prog, f"{options.path}: not in the collection ({', '.join(map(str, roots))})")

    with _open_index(roots, options.no_cache) as index:
        found = index.find_file(str(article_path))
        if options.item is not None:
            found = [(article_id, item) for article_id, item in found if item == options.item]
        if not found:
            return usage_error(prog, f"{options.path}: not an article of the collection")
        if len(found) > 1:
            items = ", ".join(repr(item) for _, item in found[:5]) + (", …" if len(found) > 5 else "")
            return usage_error(prog, f"{options.path}: holds {len(found)} articles; choose one with --item ({items})")
        related = index.related(found[0][0], options.limit)
        articles = [index.article(choice.article_id) for choice in related]
        pairs = [(choice, article) for choice, article in zip(related, articles, strict=True) if article is not None]
        aliases = index.person_aliases()
    _write_with_entities(
        [article for _, article in pairs],
        aliases,
        [
            {"score": choice.score, "same_story": choice.same_story, "shared": list(choice.shared)}
            for choice, _ in pairs
        ],
    )
    return EXIT_OK


def run_facets(args: list[str]) -> int:
    from reader.cli import configured_paths, flag_from_state, query_first, usage_error
    from reader.ingest.files import UsageError, check_paths, seeds_dir
    from reader.query import QueryError, parse_query
    from reader.stories.facets import by_month

    options = facets_parser().parse_args(query_first(args, ("--top",)))
    prog = "reader facets"
    words = list(options.words)
    text = "" if not words or os.path.lexists(words[0]) else words.pop(0)
    try:
        query = parse_query(text, prefix_last=False)
    except QueryError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        roots = check_paths(configured_paths(words)) or [seeds_dir()]
    except UsageError as error:
        return usage_error(prog, str(error))

    with _open_index(roots, options.no_cache) as index:
        summaries = index.articles()
        if "is:" in text:
            flag_from_state(index)
        try:
            positions = index.search(query)
        except QueryError as error:
            print(f"{prog}: {error}", file=sys.stderr)
            return EXIT_USAGE
        counts = index.entity_counts()
    months = by_month(summaries[position][10] for position in positions)
    facets = counts.facets(positions, options.top)
    result = {
        "query": text,
        "matches": len(positions),
        "dated": sum(months.values()),
        "undated": len(positions) - sum(months.values()),
        "by_month": months,
        "entities": {
            label: [{"name": facet.name, "articles": facet.articles} for facet in listed]
            for label, listed in facets.items()
        },
    }
    sys.stdout.buffer.write(json.dumps(result, ensure_ascii=False).encode("utf-8", "replace") + b"\n")
    sys.stdout.buffer.flush()
    return EXIT_OK


def _holds(root: Path, path: Path) -> bool:
    """Whether the collection opened at ``root`` reads ``path`` (root itself, or a file under it)."""
    try:
        if root.is_file():
            return os.path.samefile(root, path)
        return path.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


def _open_index(roots: list[Path], no_cache: bool) -> Index:
    """The collection's index, synced with its files and entity pass done; notices and problems
    to stderr, as `reader search` prints them."""
    from reader.index import Index
    from reader.ingest.safe_text import make_safe_line

    index = Index.open(roots, no_cache=no_cache)
    for notice in index.notices:
        print(f"reader: {make_safe_line(notice)}", file=sys.stderr)
    index.sync()
    index.sync_entities()
    for problem in index.problems():
        print(problem, file=sys.stderr)
    return index


def _write_with_entities(articles: list[Article], aliases: dict[str, str], extras: list[dict[str, object]]) -> None:
    """`reader export` records of ``articles``, people named as the collection names them, each
    with its ``extras`` after the record's own keys."""
    from reader.entities.collection import collection_entities
    from reader.export.records import article_record

    for article, entities, extra in zip(articles, collection_entities(articles, aliases=aliases), extras, strict=True):
        line = json.dumps(article_record(article, entities) | extra, ensure_ascii=False)
        sys.stdout.buffer.write(line.encode("utf-8", "replace") + b"\n")
    sys.stdout.buffer.flush()
