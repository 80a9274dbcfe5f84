"""``reader feeds``: add, remove, list, import and export the subscriptions.

Only ``add`` uses the network: it checks that the URL is a feed, or finds the feed the web page
at it offers (reader.subscriptions.discover), unless ``--no-check``; offline, the URL is added
as given. The other commands never touch the network.

Exit 0 on success, 1 when a file cannot be read or written, 2 for a usage mistake (a bad URL,
an unknown feed, a page that offers no feed); every failure is one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
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
    add.add_argument("--name", help="shown instead of the feed's own title")
    add.add_argument(
        "--full-text",
        action=argparse.BooleanOptionalAction,
        help="fetch each item's page for its whole text (--no-full-text: the feed's own text)",
    )
    add.add_argument("--tag", action="append", default=[], help="a folder for the feed (repeatable)")
    add.add_argument("--keep-days", type=_limit, metavar="N", help="drop its items older than N days (0: no limit)")
    add.add_argument("--keep-items", type=_limit, metavar="N", help="keep only its newest N items (0: no limit)")
    add.add_argument(
        "--no-check", action="store_true", help="add the URL as given, without fetching it to find its feed"
    )
    remove = commands.add_parser("remove", help="stop following a feed (its fetched items stay unless --drop-items)")
    remove.add_argument("url", metavar="URL")
    remove.add_argument("--drop-items", action="store_true", help="delete the items already fetched from it too")
    commands.add_parser("list", help="the feeds followed, one a line: URL, name, tags, full text, limits")
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
        return _add(path, subscriptions, options)
    if command == "remove":
        return _remove(path, subscriptions, options.url.strip(), drop_items=options.drop_items)
    return _import(path, subscriptions, Path(options.file))


def _add(path: Path, subscriptions: list[Subscription], options: argparse.Namespace) -> int:
    """Follow a feed; one already followed keeps its settings and takes only those given (its
    place, name, folders, full text and limits are not reset by adding it again)."""
    try:
        url = checked_url(options.url)
    except BadURL as error:
        return _usage(f"{error}: {options.url}")
    followed = {subscription.url: subscription for subscription in subscriptions}
    found = url if options.no_check or url in followed else _checked_feed(url)
    if found is None:
        return EXIT_USAGE
    offered_by = f" (the feed {url} offers)" if found != url else ""
    current = followed.get(found)
    if current is None:
        added = _with_options(Subscription(found), options)
        return _save(path, [*subscriptions, added], f"added {found}{offered_by}")
    updated = _with_options(current, options)
    if updated == current:
        _say(f"{found} is already followed{offered_by}; nothing changed")
        return EXIT_OK
    changes = [label for label, field in _CHANGEABLE if getattr(updated, field) != getattr(current, field)]
    subscriptions = [updated if subscription.url == found else subscription for subscription in subscriptions]
    return _save(path, subscriptions, f"updated {found}{offered_by}: {', '.join(changes)}")


_CHANGEABLE = (
    ("name", "name"),
    ("folders", "tags"),
    ("full text", "full_text"),
    ("days kept", "keep_days"),
    ("items kept", "keep_items"),
)


def _with_options(subscription: Subscription, options: argparse.Namespace) -> Subscription:
    """``subscription`` with what the command line gives: a name, folders added, full text on
    or off, limits; what it does not give stays."""
    tags = [*subscription.tags]
    for tag in (" ".join(tag.split()) for tag in options.tag):
        if tag and tag not in tags:
            tags.append(tag)
    return replace(
        subscription,
        name=subscription.name if options.name is None else " ".join(options.name.split()),
        tags=tuple(tags),
        full_text=subscription.full_text if options.full_text is None else options.full_text,
        keep_days=subscription.keep_days if options.keep_days is None else options.keep_days,
        keep_items=subscription.keep_items if options.keep_items is None else options.keep_items,
    )


def _remove(path: Path, subscriptions: list[Subscription], url: str, *, drop_items: bool) -> int:
    """Stop following ``url``. Its fetched items stay readable (starred ones among them) unless
    ``drop_items``; either way the user is told which."""
    from reader.subscriptions.items import ItemStore, default_data_dir

    kept = [subscription for subscription in subscriptions if subscription.url != url]
    if len(kept) == len(subscriptions):
        return _usage(f"not a feed followed: {url}")
    store = ItemStore(default_data_dir())
    count = store.count(url)
    if not drop_items:
        kept_items = f"; its {_items(count)} stay (--drop-items deletes them)" if count else ""
        return _save(path, kept, f"removed {url}{kept_items}")
    if (status := _save(path, kept)) != EXIT_OK:  # (first: a feed still followed keeps its items)
        return status
    try:
        store.drop(url)
    except OSError as error:
        return _fail(f"removed {url}, but its {_items(count)} cannot be deleted ({error.strerror or error})")
    _say(f"removed {url} and its {_items(count)}")
    return EXIT_OK


def _items(count: int) -> str:
    return f"{count:,} fetched item{'' if count == 1 else 's'}"


def _checked_feed(url: str) -> str | None:
    """The feed to follow for ``url``: itself when it is one (or cannot be checked), else the
    first its page offers; None (said why) when there is none."""
    from reader.subscriptions.discover import discover

    found = discover(url)
    if found.feed is None:
        _say(f"{url}: {found.problem}; nothing added")
        return None
    if found.unchecked:
        _say(f"{url} could not be checked ({found.unchecked}); added as given, and `reader fetch` will tell")
    if found.offered:
        _say(f"also offered: {', '.join(found.offered)}")
    return found.feed


def _limit(text: str) -> int:
    """A --keep-days or --keep-items value: a whole number, 0 or more."""
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more (0: no limit), not {text!r}")
    return int(text)


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
    limits = [
        f"{name} {value}"
        for name, value in (("keep_days", subscription.keep_days), ("keep_items", subscription.keep_items))
        if value is not None
    ]
    return [subscription.url, subscription.name, ",".join(subscription.tags), full_text, ", ".join(limits)]


def _save(path: Path, subscriptions: list[Subscription], done: str = "") -> int:
    try:
        save(path, subscriptions)
    except OSError as error:
        return _fail(f"{path}: cannot be written ({error.strerror or error}); nothing changed")
    if done:
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
    parser = argparse.ArgumentParser(
        prog="reader fetch",
        description="Fetch every feed followed and store its new items in the data folder, to read offline. "
        "Prints one line per feed; exit 0 when every feed was fetched or unchanged, 1 when some failed.",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='one JSON object per feed instead of a line: {"url", "outcome" (new, unchanged or failed), '
        '"new", "reason", "moved_to", "pages_failed"}',
    )
    parser.add_argument(
        "--full-text",
        action="store_true",
        help="fetch the page of every feed's new and changed items for its whole text "
        "(else only for the feeds with full_text = true)",
    )
    return parser


def run_fetch(args: list[str]) -> int:
    from reader.subscriptions.fetch import fetch_command
    from reader.subscriptions.items import default_data_dir

    options = fetch_parser().parse_args(args)
    return fetch_command(default_path(), default_data_dir(), as_json=options.json, full_text=options.full_text)
