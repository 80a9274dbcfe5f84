"""``reader feeds``: add, remove, list, import and export the subscriptions (no network here).

Exit 0 on success, 1 when a file cannot be read or written, 2 for a usage mistake (a bad URL,
an unknown feed); every failure is one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.subscriptions.store import BadURL, Subscription, checked_url, default_path, load, merged, save

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def feeds_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader feeds",
        description="Manage the feeds reader follows, kept in feeds.toml in the config folder "
        "(READER_FEEDS=/path/to/file overrides).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add = commands.add_parser("add", help="follow a feed")
    add.add_argument("url", metavar="URL")
    add.add_argument("--name", default="", help="shown instead of the feed's own title")
    add.add_argument("--full-text", action="store_true", help="fetch each item's page for its whole text")
    add.add_argument("--tag", action="append", default=[], help="a folder for the feed (repeatable)")
    remove = commands.add_parser("remove", help="stop following a feed")
    remove.add_argument("url", metavar="URL")
    commands.add_parser("list", help="the feeds followed, one a line: URL, then name and tags")
    imported = commands.add_parser("import", help="follow the feeds of an OPML file (its folders become tags)")
    imported.add_argument("file", metavar="FILE.opml")
    commands.add_parser("export", help="the feeds followed as OPML 2.0 on stdout")
    return parser


def run_feeds(args: list[str]) -> int:
    options = feeds_parser().parse_args(args)
    path = default_path()
    subscriptions, problems = load(path)
    for problem in problems:
        _say(problem)
    command = options.command
    if command == "list":
        for subscription in subscriptions:
            print("\t".join(_safe(part) for part in _listed(subscription)))
        return EXIT_OK
    if command == "export":
        from reader.subscriptions.opml import write_opml

        sys.stdout.write(write_opml(subscriptions))
        return EXIT_OK
    if command == "add":
        try:
            url = checked_url(options.url)
        except BadURL as error:
            return _usage(f"{error}: {options.url}")
        tags = tuple(" ".join(tag.split()) for tag in options.tag if tag.strip())
        added = Subscription(url, " ".join(options.name.split()), tags, options.full_text)
        kept = [subscription for subscription in subscriptions if subscription.url != url]
        changed = len(kept) < len(subscriptions)
        return _save(path, [*kept, added], f"{'updated' if changed else 'added'} {url}")
    if command == "remove":
        kept = [subscription for subscription in subscriptions if subscription.url != options.url.strip()]
        if len(kept) == len(subscriptions):
            return _usage(f"not a feed followed: {options.url}")
        return _save(path, kept, f"removed {options.url.strip()}")
    return _import(path, subscriptions, Path(options.file))


def _import(path: Path, subscriptions: list[Subscription], file: Path) -> int:
    from reader.subscriptions.opml import NotOPML, read_opml

    try:
        data = file.read_bytes()
    except OSError as error:
        return _fail(f"{file}: cannot be read ({error.strerror or error})")
    try:
        found, problems = read_opml(data)
    except NotOPML as error:
        return _fail(f"{file}: {error}")
    for problem in problems:
        _say(f"{file}: {problem}")
    combined, new = merged(subscriptions, found)
    return _save(path, combined, f"imported {new} new feed(s) of {len(found)} in {file}")


def _listed(subscription: Subscription) -> list[str]:
    full_text = "full text" if subscription.full_text else ""
    return [subscription.url, subscription.name, ",".join(subscription.tags), full_text]


def _save(path: Path, subscriptions: list[Subscription], done: str) -> int:
    try:
        save(path, subscriptions)
    except OSError as error:
        return _fail(f"{path}: cannot be written ({error.strerror or error}); nothing changed")
    _say(done)
    return EXIT_OK


def _safe(text: str) -> str:
    from reader.ingest.safe_text import make_safe_line

    return make_safe_line(text)


def _say(message: str) -> None:
    print(f"reader feeds: {_safe(message)}", file=sys.stderr)


def _usage(message: str) -> int:
    _say(message)
    return EXIT_USAGE


def _fail(message: str) -> int:
    _say(message)
    return EXIT_ERROR


def fetch_parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog="reader fetch",
        description="Fetch every feed followed and store its new items in the data folder, to read offline. "
        "Prints one line per feed; exit 0 when every feed was fetched or unchanged, 1 when some failed.",
    )


def run_fetch(args: list[str]) -> int:
    from reader.subscriptions.fetch import fetch_command
    from reader.subscriptions.items import default_data_dir

    fetch_parser().parse_args(args)
    return fetch_command(default_path(), default_data_dir())
