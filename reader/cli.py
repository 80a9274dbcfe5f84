"""Command line: `reader [PATH ...]` opens the app; `reader export` and `reader search` print JSON lines.

Every failure ends in a one-line message and an exit status, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from reader import __version__

if TYPE_CHECKING:
    import argparse

    from reader.index import Index
    from reader.model import Problem

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _base_parser(prog: str, description: str) -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=f"article files or folders, searched recursively for {_READ_KINDS} ({_DEFAULT_PATHS})",
    )
    return parser


_READ_KINDS = "text, Markdown, web pages, feeds, datasets and mail"
_DEFAULT_PATHS = "default: the config file's paths, else the bundled seeds, and the items fetched from feeds"


def app_parser() -> argparse.ArgumentParser:
    parser = _base_parser(
        "reader",
        "Read a folder of news articles in the terminal, offline. "
        "Subcommands: 'reader export [PATH ...]' prints every article as JSON lines; "
        "'reader search QUERY [PATH ...]' prints the matching ones; "
        "'reader related PATH' prints the articles most related to one; "
        "'reader facets [QUERY] [PATH ...]' counts the matches' months and entities; "
        "'reader feeds add|remove|list|import|export' manages the feeds followed; "
        "'reader fetch' brings their new items in (the only command that uses the network).",
    )
    parser.add_argument("--no-cache", action="store_true", help="don't read or write the index cache")
    parser.add_argument("--watch", action="store_true", help="re-scan the folders automatically when files change")
    parser.add_argument(
        "--print-config",
        action="store_true",
        help="print the effective settings as TOML and exit (status 1 if the config file has problems)",
    )
    parser.epilog = "Press ? inside the app for every key."
    return parser


def export_parser() -> argparse.ArgumentParser:
    parser = _base_parser(
        "reader export",
        "Print every article as one JSON object per line (or as one Markdown document), in the sidebar's "
        "order (newest first, undated last). Problems go to stderr as 'PATH: reason'.",
    )
    parser.add_argument(
        "--format", choices=("jsonl", "markdown"), default="jsonl", help="output format (default: jsonl)"
    )
    return parser


def search_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="reader search",
        description="Print the articles matching QUERY as JSON lines, like 'reader export', newest first. "
        "Exit 0 (also when nothing matches), 2 when the query doesn't parse.",
        epilog='Query language: words (all must match), "phrases", -word, OR, ( ), title: person: org: place: '
        "entity: dateline:, after:2024-06 before:2025 date:2025-05, is:unread is:read is:starred.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("--no-cache", action="store_true", help="don't read or write the index cache")
    parser.add_argument("query", metavar="QUERY")
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=f"files or folders ({_DEFAULT_PATHS})",
    )
    return parser


class CommandOptions(Protocol):
    """What every command's options have: an argparse namespace, or `app_options`'s stand-in."""

    paths: list[str]


class AppOptions(CommandOptions, Protocol):
    no_cache: bool
    watch: bool
    print_config: bool


Options = TypeVar("Options", bound=CommandOptions)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "export":
            return _run("reader export", export_parser().parse_args(args[1:]), run_export)
        if args and args[0] == "search":
            return _run("reader search", search_parser().parse_args(query_first(args[1:])), run_search)
        if args and args[0] in ("related", "facets"):
            from reader.stories.commands import run_facets, run_related

            run_story = run_related if args[0] == "related" else run_facets
            problem = _leave_deleted_cwd(args[1:])
            return usage_error(f"reader {args[0]}", problem) if problem is not None else run_story(args[1:])
        if args and args[0] == "feeds":
            from reader.subscriptions.commands import run_feeds

            return run_feeds(args[1:])
        if args and args[0] == "fetch":
            from reader.subscriptions.commands import run_fetch

            return run_fetch(args[1:])
        return _run("reader", app_options(args), run_app)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK


def query_first(args: list[str], taking_values: tuple[str, ...] = ()) -> list[str]:
    """``args`` with "--" before the first one that is not an option: a query such as "-iran"
    (every article without the word) is the query, not an unknown option. The options are
    the ones such commands have (--help, --version, --no-cache) and ``taking_values``."""
    plain = {"-h", "--help", "--version", "--no-cache"}
    at = 0
    while at < len(args):
        arg = args[at]
        if arg == "--":
            return args
        if arg in plain or ("=" in arg and arg.split("=", 1)[0] in taking_values):
            at += 1
        elif arg in taking_values:
            at += 2
        else:
            return [*args[:at], "--", *args[at:]] if arg.startswith("-") else args
    return args


def _run(prog: str, options: Options, run: Callable[[Options], int]) -> int:
    """``run(options)`` once the working folder is usable; else a usage error from ``prog``."""
    problem = _leave_deleted_cwd(options.paths)
    if problem is not None:
        return usage_error(prog, problem)
    return run(options)


def app_options(args: list[str]) -> AppOptions:
    """The app's options. Plain paths, the usual case, need no parser: importing argparse
    and building one would add ~2 ms to start-up. Anything like an option goes to argparse."""
    if any(arg.startswith("-") for arg in args):
        return app_parser().parse_args(args)
    from types import SimpleNamespace

    return SimpleNamespace(paths=list(args), no_cache=False, watch=False, print_config=False)


def usage_error(prog: str, message: str) -> int:
    from reader.ingest.safe_text import make_safe_line

    print(f"{prog}: error: {make_safe_line(message)}", file=sys.stderr)
    return EXIT_USAGE


def _leave_deleted_cwd(paths: Sequence[str]) -> str | None:
    """When the working directory has been deleted, move to / so that nothing that asks for it
    (multiprocessing does, to start worker processes) fails; a relative PATH would then mean
    something else, so it is a usage error instead (returned as its message)."""
    import os

    try:
        os.getcwd()
        return None
    except OSError:
        pass
    relative = next((path for path in paths if not os.path.isabs(path)), None)
    if relative is not None:
        return f"{relative}: the current folder no longer exists; give an absolute path"
    os.chdir("/")
    return None


def run_app(options: AppOptions) -> int:
    if options.print_config:
        from reader.config import print_config
        from reader.ui.keymap import default_keymap

        return print_config(binding_defaults=default_keymap())
    if options.paths:  # (reader.ingest.files is imported only when there is something to check)
        from reader.ingest.files import UsageError, check_paths

        try:
            check_paths(options.paths)
        except UsageError as error:
            return usage_error("reader", str(error))
    paths = list(options.paths) or configured_paths()
    import gc

    # Start-up allocates a few hundred thousand objects and frees almost none: collecting
    # them costs ~30 ms before the first frame. The app re-enables collection once the first
    # article is shown (reader.ui.app.ReaderApp.startup_done), freezing what start-up built.
    gc.disable()
    import os

    # Textual draws at most 60 frames a second: a change waits up to 17 ms for its frame, and
    # opening an article takes two (the list's cursor, then the pane). 120 halves that wait;
    # frames are drawn only when something changed, so an idle app costs nothing more.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    from reader.ui.app import run_app as run

    return run(paths, no_cache=options.no_cache, watch=options.watch)


def configured_paths(given: Sequence[str] = ()) -> list[str]:
    """The paths given, else the config file's default folders that exist (a missing one is not a
    usage error). The config file's settings for reading files ([fields]) apply from now on."""
    import os

    from reader.config import load_config
    from reader.ingest.formats import configure

    config, _problems = load_config()  # the app reports problems itself
    configure(config.fields)
    if given:
        return list(given)
    paths = [path for path in config.paths if os.path.exists(path)]
    fetched = fetched_items_folder()
    if fetched is not None:  # the items `reader fetch` stored, beside the folders (or the seeds)
        from reader.ingest.files import seeds_dir

        paths = [*(paths or [str(seeds_dir())]), fetched]
    return paths


def fetched_items_folder() -> str | None:
    """The folder of fetched feed items, when `reader fetch` has stored any or feeds are followed
    (then it is made, empty, so that the app's R finds the items it fetches in a folder it reads)."""
    from reader.subscriptions.items import ItemStore, default_data_dir
    from reader.subscriptions.store import default_path, load

    folder = ItemStore(default_data_dir()).folder
    try:
        if any(folder.glob("*.jsonl")):
            return str(folder)
        if not load(default_path())[0]:
            return None
        from reader.storage.private_files import private_folder

        private_folder(folder)
        return str(folder)
    except OSError:
        return None


def run_export(options: argparse.Namespace) -> int:
    from reader.ingest.files import UsageError, load_corpus

    try:
        corpus = load_corpus(configured_paths(options.paths))
    except UsageError as error:
        return usage_error("reader export", str(error))
    for problem in corpus.problems:
        print(problem, file=sys.stderr)  # one line, controls made visible (Problem.__str__)
    if options.format == "markdown":
        from reader.export.markdown import articles_to_markdown
        from reader.model import path_text

        # (path_text: a file name that is not UTF-8 shows its bad bytes as U+FFFD)
        sys.stdout.buffer.write(path_text(articles_to_markdown(corpus.articles)).encode("utf-8", "replace"))
        sys.stdout.buffer.flush()
        return EXIT_OK
    from reader.entities.collection import collection_entities
    from reader.export.records import write_records

    problems: list[Problem] = []
    entities = collection_entities(corpus.articles, problems=problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    write_records(sys.stdout.buffer, corpus.articles, entities)
    return EXIT_OK


def run_search(options: argparse.Namespace) -> int:
    from reader.ingest.files import UsageError, check_paths, seeds_dir
    from reader.query import QueryError, parse_query

    try:
        query = parse_query(options.query, prefix_last=False)
    except QueryError as error:
        print(f"reader search: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        roots = check_paths(configured_paths(options.paths)) or [seeds_dir()]
    except UsageError as error:
        return usage_error("reader search", str(error))

    from reader.entities.collection import collection_entities
    from reader.export.records import write_records
    from reader.index import Index
    from reader.ingest.safe_text import make_safe_line

    with Index.open(roots, no_cache=options.no_cache) as index:
        for notice in index.notices:
            print(f"reader: {make_safe_line(notice)}", file=sys.stderr)
        index.sync()
        index.sync_entities()
        for problem in index.problems():
            print(problem, file=sys.stderr)
        summaries = index.articles()
        if "is:" in options.query:
            flag_from_state(index)
        try:
            positions = index.search(query)
        except QueryError as error:  # QueryTooComplex: more than the search engine takes
            print(f"reader search: {error}", file=sys.stderr)
            return EXIT_USAGE
        fetched = [index.article(summaries[position].id) for position in positions]
        aliases = index.person_aliases()
    matches = [article for article in fetched if article is not None]
    problems: list[Problem] = []
    # (people named as the whole collection names them, as `reader facets` counts them)
    entities = collection_entities(matches, problems=problems, aliases=aliases)
    for problem in problems:
        print(problem, file=sys.stderr)
    write_records(sys.stdout.buffer, matches, entities)
    return EXIT_OK


def flag_from_state(index: Index) -> None:
    """Give the index the user's read/starred marks, so that is:read/is:starred work."""
    from reader.ingest.safe_text import make_safe_line
    from reader.state.flags import push_flagged
    from reader.state.store import StateStore

    keys = index.content_keys()  # computed while indexing: no file is read again
    with StateStore.open() as store:
        for notice in store.take_notices():
            print(f"reader: {make_safe_line(notice)}", file=sys.stderr)
        push_flagged(index, keys, store.marked(keys.values()))


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so interpreter shutdown stays quiet."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
