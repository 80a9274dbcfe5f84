"""Whether feed items come out one article each, with their titles, on held-out feed files that
another feed parser's test suite keeps with its expected parse results.

    python tests/benchmarks/feed_quality.py FOLDER [--json]

FOLDER holds ``NAME.xml`` feeds, each beside a ``NAME.json`` expected result, in any folders
below it, as github.com/mmcdole/gofeed lays out its ``testdata`` (``parser/rss``, ``parser/atom``,
``translator/...``, ``extensions/...``). An expected result lists its items under ``items`` (RSS and
translated feeds) or ``entries`` (Atom), none when the key is absent; each item's ``title`` is the
expected title. A feed with no expected result beside it is not checked.

Each feed's bytes go through the reader's own feed format, exactly as a saved feed file would. A
file it finds unreadable counts as no items ("a feed with no items" is right for a feed expected
to have none). Items are compared in order: an expected title matches when it equals ours after
whitespace is collapsed; an item the expected result gives no title matches when ours has none
either (its title derived from its text). Nothing runs over the network.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.ingest.feeds import Feed  # noqa: E402


def collapse(text: Any) -> str:
    return " ".join(str(text or "").split())


def expected_items(result: Any) -> list[dict[str, Any]]:
    """The items an expected result lists (``items`` or Atom's ``entries``)."""
    if not isinstance(result, dict):
        return []
    items = result.get("items") or result.get("entries") or []
    return [item if isinstance(item, dict) else {} for item in items]


def pairs(folder: Path) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """The (feed, expected result) pairs under ``folder``, and the feeds without a result."""
    found, alone = [], []
    for feed in sorted(folder.rglob("*.xml")):
        result = feed.with_suffix(".json")
        if result.is_file():
            found.append((feed, result))
        else:
            alone.append(feed)
    return found, alone


def short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    found_pairs, alone = pairs(args.folder)
    reader = Feed()
    checked = count_matches = with_items = with_items_match = 0
    items_expected = items_found = 0
    titles_reproduced = titled_expected = titled_reproduced = untitled_expected = untitled_reproduced = 0
    unreadable: Counter[str] = Counter()
    by_folder: dict[str, list[int]] = {}
    mismatches: list[str] = []
    for feed, result_file in found_pairs:
        name = feed.relative_to(args.folder).as_posix()
        try:
            result = json.loads(result_file.read_text(encoding="utf-8"))
        except ValueError as error:
            mismatches.append(f"{name}: expected result unreadable ({error})")
            continue
        expected = expected_items(result)
        note = ""
        try:
            articles, problems = reader.read_bytes(feed.read_bytes(), feed.name)
        except ValueError as error:
            articles, problems = [], []
            note = str(error)
            unreadable[note.split(" (")[0]] += 1
        checked += 1
        items_expected += len(expected)
        items_found += len(articles)
        same_count = len(articles) == len(expected)
        count_matches += same_count
        with_items += bool(expected)
        with_items_match += bool(expected) and same_count
        tally = by_folder.setdefault(feed.parent.relative_to(args.folder).as_posix(), [0, 0])
        tally[0] += 1
        tally[1] += same_count
        first_difference = ""
        for number, item in enumerate(expected, 1):
            want = collapse(item.get("title"))
            ours = articles[number - 1] if number <= len(articles) else None
            if want:
                titled_expected += 1
                same = ours is not None and not ours.title_derived and collapse(ours.title) == want
                titled_reproduced += same
            else:
                untitled_expected += 1
                same = ours is not None and ours.title_derived
                untitled_reproduced += same
            titles_reproduced += same
            if not same and ours is not None and not first_difference:
                got = f"{collapse(ours.title)!r}" + (" (derived)" if ours.title_derived else "")
                first_difference = f"item {number} title: expected {short(want)!r}, found {short(got)}"
        if not same_count:
            why = note or "; ".join(problem.reason for problem in problems)
            line = f"{name}: expected {len(expected)} items, found {len(articles)}" + (f" ({why})" if why else "")
            mismatches.append(line + (f"; {first_difference}" if first_difference else ""))
        elif first_difference:
            mismatches.append(f"{name}: {first_difference}")
    figures = {
        "feeds_checked": checked,
        "feeds_without_expected_result": len(alone),
        "feeds_count_matches": count_matches,
        "feeds_expecting_items": with_items,
        "of_those_count_matches": with_items_match,
        "items_expected": items_expected,
        "items_found": items_found,
        "titles_reproduced_share": round(titles_reproduced / items_expected, 3) if items_expected else None,
        "titled_items_expected": titled_expected,
        "titled_reproduced": titled_reproduced,
        "untitled_items_expected": untitled_expected,
        "untitled_left_untitled": untitled_reproduced,
        "unreadable": dict(unreadable),
        "count_matches_by_folder": {folder: f"{hits}/{total}" for folder, (total, hits) in sorted(by_folder.items())},
        "mismatches": mismatches,
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return
    for name, value in figures.items():
        if name == "mismatches":
            continue
        if isinstance(value, dict):
            print(f"{name:>30}:")
            for key, count in value.items():
                print(f"{'':>32}{key}: {count}")
        else:
            print(f"{name:>30}: {value}")
    print(f"{'mismatches':>30}: {len(mismatches)}")
    for line in mismatches:
        print(f"  {line}")


if __name__ == "__main__":
    main()
