"""The subscriptions file: ``feeds.toml`` in the config folder, one ``[[feed]]`` table a feed.

A person can read and edit it::

    [[feed]]
    url = "https://example.org/feed.xml"
    name = "Example News"          # optional: shown instead of the feed's own title
    tags = ["World", "Energy"]     # optional: folders (an OPML file's categories)
    full_text = true               # optional: fetch each item's page for its whole text

Reading never raises: a broken entry is a problem naming its place, and the others are kept.
Writing replaces the file at once (a new file renamed over it), so a crash leaves the old or the
new one, never half of either; the file is private to the user.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

FILE_NAME = "feeds.toml"
FEEDS_ENV = "READER_FEEDS"
MAX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Subscription:
    url: str
    name: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    full_text: bool = False


class BadURL(ValueError):
    """A URL that cannot be subscribed to; the message says why."""


def checked_url(url: str) -> str:
    """``url`` as stored (whitespace trimmed), or BadURL: only http and https URLs with a host,
    never a local file or another scheme."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise BadURL(f"not a URL ({error})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise BadURL("only http:// and https:// URLs can be subscribed to")
    if not parts.hostname:
        raise BadURL("the URL has no host")
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in url):
        raise BadURL("the URL has spaces or control characters")
    return url


def default_path() -> Path:
    """``$READER_FEEDS``, else feeds.toml in the user's config folder (XDG_CONFIG_HOME is respected)."""
    given = os.environ.get(FEEDS_ENV)
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_config_dir("reader")) / FILE_NAME


def load(path: Path) -> tuple[list[Subscription], list[str]]:
    """The subscriptions in the file (none when it does not exist), and a problem per entry left out."""
    try:
        data = path.read_bytes()[: MAX_BYTES + 1]
    except FileNotFoundError:
        return [], []
    except OSError as error:
        return [], [f"{path}: cannot be read ({error.strerror or error})"]
    if len(data) > MAX_BYTES:
        return [], [f"{path}: larger than {MAX_BYTES // 1048576} MB; not read"]
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return [], [f"{path}: not valid TOML ({error})"]
    entries = table.get("feed", [])
    if not isinstance(entries, list):
        return [], [f"{path}: feed: expected [[feed]] tables"]
    found: list[Subscription] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        where = f"{path}: feed {number}"
        try:
            subscription = _subscription(entry)
        except (BadURL, TypeError) as error:
            problems.append(f"{where}: {error}; left out")
            continue
        if subscription.url in seen:
            problems.append(f"{where}: {subscription.url} is listed twice; left out")
            continue
        seen.add(subscription.url)
        found.append(subscription)
    return found, problems


def _subscription(entry: object) -> Subscription:
    if not isinstance(entry, dict):
        raise TypeError("expected a table")
    url = entry.get("url")
    if not isinstance(url, str):
        raise TypeError("url: expected a string")
    name = entry.get("name", "")
    tags = entry.get("tags", [])
    full_text = entry.get("full_text", False)
    if not isinstance(name, str):
        raise TypeError("name: expected a string")
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise TypeError("tags: expected a list of strings")
    if not isinstance(full_text, bool):
        raise TypeError("full_text: expected true or false")
    return Subscription(
        checked_url(url), " ".join(name.split()), tuple(t.strip() for t in tags if t.strip()), full_text
    )


def save(path: Path, subscriptions: list[Subscription]) -> None:
    """Write the file whole, atomically, readable by the user alone."""
    from reader.config.toml_text import toml_array, toml_string
    from reader.storage.private_files import write_private_file

    lines = ["# Feeds reader follows: one [[feed]] table each (reader feeds add/remove/import/export).", ""]
    for subscription in subscriptions:
        lines += ["[[feed]]", f"url = {toml_string(subscription.url)}"]
        if subscription.name:
            lines.append(f"name = {toml_string(subscription.name)}")
        if subscription.tags:
            lines.append(f"tags = {toml_array(subscription.tags)}")
        if subscription.full_text:
            lines.append("full_text = true")
        lines.append("")
    write_private_file(path, "\n".join(lines))


def merged(current: list[Subscription], added: list[Subscription]) -> tuple[list[Subscription], int]:
    """``current`` with the subscriptions of ``added`` it lacks (by URL) at the end; how many were new."""
    known = {subscription.url for subscription in current}
    result = list(current)
    for subscription in added:
        if subscription.url not in known:
            known.add(subscription.url)
            result.append(subscription)
    return result, len(result) - len(current)
