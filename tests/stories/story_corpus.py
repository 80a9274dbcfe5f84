"""A test collection with rewritten copies: articles, and for some of them the same story as
another outlet would run it (retitled, a new first paragraph, a paragraph dropped, a few words
changed), so that related articles and same-story groups have a known answer."""

from __future__ import annotations

import random
from pathlib import Path

from tests.benchmarks.make_corpus import generate

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

NEW_FIRST_PARAGRAPHS = [
    "Officials gave further details on Tuesday about the talks, according to people familiar with them.",
    "The announcement came late in the evening after a day of meetings behind closed doors.",
    "Markets barely moved on the news, which had been widely expected by analysts in the region.",
]


def rewritten(title: str, paragraphs: list[str], rng: random.Random) -> str:
    """The story as another outlet retells it: a new title and first paragraph, one later
    paragraph dropped, a few words of another changed."""
    kept = list(paragraphs)
    kept[0] = rng.choice(NEW_FIRST_PARAGRAPHS)
    if len(kept) > 3:
        del kept[rng.randrange(2, len(kept))]
    if len(kept) > 2:
        words = kept[1].split()
        for _ in range(min(3, len(words) // 10)):
            words[rng.randrange(len(words))] = rng.choice(["reportedly", "also", "again", "officially"])
        kept[1] = " ".join(words)
    return f"{title.split(':')[0]} — what we know so far\n\n" + "\n\n".join(kept) + "\n"


def write_collection(folder: Path, articles: int = 60, copies: int = 10, seed: int = 5) -> dict[str, str]:
    """Write ``articles`` synthetic articles (a000.txt …) and rewritten copies of the first
    ``copies`` (copy000.txt …), and copies of the bundled seed articles (seed-copy-N.txt, beside
    seed-N.txt); returns each original's file name → its copy's."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pairs = {}
    for number, (title, day, paragraphs, text) in enumerate(generate(articles, seed=seed)):
        (folder / f"a{number:03d}.txt").write_text(text, encoding="utf-8")
        if number < copies:
            dated = f"{day:%d %B %Y}\n\n" if day is not None else ""
            copy = rewritten(title, paragraphs, rng).replace("\n\n", f"\n\n{dated}", 1)
            (folder / f"copy{number:03d}.txt").write_text(copy, encoding="utf-8")
            pairs[f"a{number:03d}.txt"] = f"copy{number:03d}.txt"
    for number, seed_file in enumerate(sorted(SEEDS.glob("*.txt"))):
        text = seed_file.read_text(encoding="utf-8")
        (folder / f"seed-{number}.txt").write_text(text, encoding="utf-8")
        lines = [line for line in text.splitlines() if line.strip()]
        copy = rewritten(lines[0], lines[1:], rng)
        (folder / f"seed-copy-{number}.txt").write_text(copy, encoding="utf-8")
        pairs[f"seed-{number}.txt"] = f"seed-copy-{number}.txt"
    return pairs
