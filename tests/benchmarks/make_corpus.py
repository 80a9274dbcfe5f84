"""Write a deterministic synthetic news collection for benchmarks.

    python tests/benchmarks/make_corpus.py OUT_DIR --articles N [--seed S] [--format text] [--per-file 500]

Articles are 300–1,500 words, dated over ten years (2016–2025) in the formats the parser
reads (a "date 2024-03-05" first line, "Date: 2024-03-05" headers, "January 17, 2022 - 22:49",
"4 March 2024", "March 2024"), about 10 % undated, and full of titled people,
organisations, places and datelines. Sentences come from a pool built once, so 100,000
files take about a minute. Same N and seed, same bytes.

``--format`` writes the same articles as other sources: ``text`` (one file each, in folders of
1,000), ``html`` (one saved web page each, with a menu, related links, a comment and a footer
around the article, and its date in JSON-LD), ``jsonl`` (one JSON Lines dataset), ``csv``,
``rss`` (RSS 2.0 feed files of ``--per-file`` items) or ``mbox`` (one mailbox).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import itertools
import json
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from email.utils import format_datetime
from html import escape

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
FIRST = [
    "Sergei",
    "Abbas",
    "Vladimir",
    "Masoud",
    "Dmitry",
    "Fatemeh",
    "Ali",
    "Olga",
    "Maria",
    "John",
    "Emmanuel",
    "Xi",
    "Narendra",
    "Recep",
    "Antony",
    "Josep",
    "Ursula",
    "Kaja",
    "Hassan",
    "Ebrahim",
    "Mohammad",
    "Javad",
    "Anna",
    "Elena",
    "Nikolai",
    "Yuri",
    "Ahmed",
    "Leila",
    "Karim",
    "Sofia",
    "José",
    "Zoë",
    "François",
    "Gökhan",
    "Łukasz",
    "Hiroshi",
    "Li",
    "Wang",
    "Amir",
    "Reza",
    "Peter",
    "Ivan",
    "Nadia",
    "Samir",
    "Omar",
    "Tomas",
]
LAST = [
    "Lavrov",
    "Araghchi",
    "Putin",
    "Pezeshkian",
    "Peskov",
    "Mohajerani",
    "Khamenei",
    "Raisi",
    "Zarif",
    "Macron",
    "Modi",
    "Erdoğan",
    "Blinken",
    "Borrell",
    "von der Leyen",
    "Kallas",
    "Rouhani",
    "Shoigu",
    "Novak",
    "Medvedev",
    "Zakharova",
    "Ushakov",
    "Larijani",
    "Qalibaf",
    "Baghaei",
    "Müller",
    "García",
    "Núñez",
    "Kowalski",
    "Tanaka",
    "Chen",
    "Ivanova",
    "Haddad",
    "Nasser",
    "Petrov",
    "Sokolov",
    "Rahimi",
    "Karimi",
    "Jalili",
    "Velayati",
    "Salehi",
    "Eslami",
    "Grossi",
    "Guterres",
    "Fischer",
    "Dubois",
    "Rossi",
    "Silva",
]
TITLES = [
    "President",
    "Foreign Minister",
    "Prime Minister",
    "Kremlin spokesman",
    "government spokeswoman",
    "Defence Minister",
    "Energy Minister",
    "Oil Minister",
    "Ambassador",
    "Deputy Foreign Minister",
    "Central Bank Governor",
    "Ayatollah",
    "General",
    "Senator",
    "Chancellor",
    "Secretary-General",
    "Economy Minister",
    "Speaker",
    "Director",
    "Professor",
]
ORGS = [
    "Foreign Ministry",
    "Kremlin",
    "IRNA",
    "TASS",
    "Gazprom",
    "Rosatom",
    "National Iranian Oil Company",
    "BRICS",
    "Shanghai Cooperation Organisation",
    "United Nations",
    "International Atomic Energy Agency",
    "European Union",
    "NATO",
    "OPEC",
    "World Bank",
    "International Monetary Fund",
    "Central Bank of Iran",
    "Eurasian Economic Union",
    "Security Council",
    "Islamic Revolutionary Guard Corps",
    "VTB",
    "Rosneft",
    "Joint Economic Cooperation Committee",
    "Caspian Shipping Company",
    "Majlis",
    "State Duma",
    "Reuters",
]
PLACES = [
    "Tehran",
    "Moscow",
    "Beijing",
    "Ashgabat",
    "Baku",
    "Yerevan",
    "Ankara",
    "Istanbul",
    "Doha",
    "Riyadh",
    "Baghdad",
    "Damascus",
    "Kabul",
    "Islamabad",
    "New Delhi",
    "Brussels",
    "Vienna",
    "Geneva",
    "Paris",
    "Berlin",
    "Washington",
    "Caspian Sea",
    "Persian Gulf",
    "Bushehr",
    "Isfahan",
    "Mashhad",
    "Tabriz",
    "St. Petersburg",
    "Astrakhan",
    "Kazan",
    "Bandar Abbas",
    "Chabahar",
    "Minsk",
    "Tashkent",
    "Almaty",
    "Caucasus",
    "West Asia",
    "São Paulo",
    "Zürich",
    "Kraków",
]
COMMON = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "with",
    "as",
    "by",
    "was",
    "said",
    "it",
    "at",
    "from",
    "has",
    "have",
    "are",
    "be",
    "this",
    "an",
    "will",
    "its",
    "which",
    "not",
    "but",
    "been",
    "were",
    "their",
    "more",
    "also",
    "they",
    "two",
    "had",
    "would",
    "after",
    "over",
    "new",
    "other",
    "than",
    "year",
    "years",
    "between",
    "both",
    "countries",
    "country",
    "cooperation",
    "trade",
    "energy",
    "oil",
    "gas",
    "nuclear",
    "sanctions",
    "agreement",
    "talks",
    "economic",
    "strategic",
    "partnership",
    "relations",
    "visit",
    "meeting",
    "officials",
    "government",
    "minister",
    "president",
    "foreign",
    "ministry",
    "week",
    "month",
    "deal",
    "support",
    "security",
    "regional",
    "international",
    "bilateral",
    "investment",
    "transport",
    "corridor",
    "railway",
    "pipeline",
    "exports",
    "imports",
    "market",
    "prices",
    "growth",
    "development",
    "project",
    "projects",
    "plan",
    "policy",
    "talks",
    "summit",
    "session",
    "committee",
    "council",
    "statement",
    "remarks",
    "reporters",
    "press",
    "conference",
    "delegation",
    "leaders",
    "sides",
    "framework",
    "treaty",
    "signed",
    "sign",
    "expand",
    "boost",
    "strengthen",
    "further",
    "ongoing",
    "recent",
    "important",
    "significant",
    "major",
    "key",
    "long",
    "term",
    "shared",
    "challenges",
    "interests",
    "potential",
    "currency",
    "currencies",
    "payment",
    "system",
    "banks",
    "financial",
    "finance",
    "defense",
    "industry",
    "agriculture",
    "technology",
    "research",
    "culture",
    "region",
    "war",
    "peace",
    "crisis",
    "tensions",
    "negotiations",
    "diplomatic",
    "diplomats",
    "military",
    "forces",
    "border",
    "water",
    "electricity",
    "power",
    "plant",
    "grid",
    "supply",
    "demand",
    "production",
    "barrels",
    "billion",
    "million",
    "percent",
    "according",
    "news",
    "agency",
    "reported",
    "report",
    "state",
    "media",
    "television",
    "told",
    "added",
    "noted",
    "stressed",
    "emphasized",
    "announced",
    "confirmed",
    "expected",
    "during",
    "under",
    "into",
    "about",
    "against",
    "through",
    "before",
    "since",
    "while",
    "however",
    "despite",
    "including",
    "whose",
    "could",
    "should",
    "must",
    "may",
    "might",
    "can",
    "first",
    "last",
    "next",
    "early",
    "late",
    "high",
    "level",
]
SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "tan",
    "sel",
    "vor",
    "ne",
    "lu",
    "pra",
    "dor",
    "qui",
    "shan",
    "ber",
    "zel",
    "ti",
    "mos",
    "gra",
    "vel",
    "un",
    "is",
    "ar",
    "on",
    "el",
    "dis",
    "con",
    "ment",
    "tion",
    "ic",
    "al",
]
COUNTRIES = [
    "Iran",
    "Russia",
    "China",
    "India",
    "Turkey",
    "Iraq",
    "Syria",
    "Qatar",
    "Azerbaijan",
    "Armenia",
    "Kazakhstan",
    "Belarus",
    "Germany",
    "France",
    "the United States",
    "Ukraine",
    "Pakistan",
    "Egypt",
]
DASHES = ["–", "—", "-"]


def build_vocabulary(rng: random.Random, size: int = 20000) -> tuple[list[str], list[float]]:
    """Common words plus invented ones, with Zipf-like weights (a realistic spread of rare words)."""
    invented = set()
    while len(invented) < size:
        invented.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    words = COMMON + sorted(invented)
    rng.shuffle(words[len(COMMON) :])
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(words))]
    return words, list(itertools.accumulate(weights))


def person(rng: random.Random) -> str:
    return f"{rng.choice(TITLES)} {rng.choice(FIRST)} {rng.choice(LAST)}"


def build_sentences(rng: random.Random, count: int = 30000) -> list[tuple[str, int]]:
    """A pool of (sentence, word count) pairs, each with a named person, organisation or place."""
    words, cumulative = build_vocabulary(rng)
    pool = []
    for _ in range(count):
        body = rng.choices(words, cum_weights=cumulative, k=rng.randint(8, 26))
        kind = rng.random()
        if kind < 0.35:
            body.insert(rng.randrange(len(body)), person(rng))
            if rng.random() < 0.5:
                body.append(f"said in {rng.choice(PLACES)}")
        elif kind < 0.6:
            body.insert(rng.randrange(len(body)), f"the {rng.choice(ORGS)}")
        elif kind < 0.8:
            body.insert(rng.randrange(len(body)), rng.choice(PLACES))
        if rng.random() < 0.5:
            first, second = rng.sample(COUNTRIES, 2)
            body.insert(rng.randrange(len(body)), f"{first} and {second}" if rng.random() < 0.5 else first)
        text = " ".join(body)
        if rng.random() < 0.15:
            text = f"“{text[0].upper()}{text[1:]},” {rng.choice(LAST)} said"
        sentence = text[0].upper() + text[1:] + "."
        pool.append((sentence, len(sentence.split())))
    return pool


def headline(rng: random.Random) -> str:
    a, b = rng.sample(PLACES[:20] + COUNTRIES, 2)
    pattern = rng.randrange(4)
    if pattern == 0:
        return f"{a}, {b} push strategic ties"
    if pattern == 1:
        return f"{rng.choice(LAST)} hails {rng.choice(ORGS)} talks in {a}"
    if pattern == 2:
        return f"{rng.choice(ORGS)} warns of energy crisis as {a} and {b} sign deal"
    return f"{a} and {b}: closer than ever on {rng.choice(['oil', 'gas', 'trade', 'security', 'rail'])}"


def date_header(rng: random.Random, day: datetime.date, title: str) -> str:
    """The top of the file, carrying the date (the first style continues on the same line)."""
    style = rng.randrange(7)
    if style == 0:
        return f" date {day.isoformat()} "
    if style == 1:
        return f"Date: {day.isoformat()}\n\n{title}\n\n"
    if style == 2:
        return (
            f"{title}\n\n{MONTHS[day.month - 1]} {day.day}, {day.year} - "
            f"{rng.randrange(24):02d}:{rng.randrange(60):02d}\n\n"
        )
    if style == 3:
        return f"{title}\n\n{day.day} {MONTHS[day.month - 1]} {day.year}\n\n"
    if style == 4:
        topic = rng.choice(["energy", "transit", "trade"])
        return f"Date: {day.isoformat()}\nTitle: {title}\nSubtitle: Leaders vow to advance {topic} projects\n\n"
    if style == 5:
        return f"{title}\n\n{MONTHS[day.month - 1]} {day.year}\n\n"  # month precision
    return f"{title}\n\nPublished: {day.isoformat()}\n\n"


def article_parts(
    rng: random.Random, pool: list[tuple[str, int]], start: datetime.date
) -> tuple[str, datetime.date | None, list[str], str]:
    """One article: (title, day or None, paragraphs, its text file's content)."""
    title = headline(rng)
    target = rng.randint(300, 1500)
    paragraphs, count = [], 0
    while count < target:
        picked = rng.choices(pool, k=rng.randint(2, 5))
        paragraphs.append(" ".join(sentence for sentence, _ in picked))
        count += sum(size for _, size in picked)
    if rng.random() < 0.5:
        paragraphs[0] = f"{rng.choice(PLACES).upper()} {rng.choice(DASHES)} {paragraphs[0]}"
    if rng.random() < 0.10:
        return title, None, paragraphs, f"{title}\n\n" + "\n\n".join(paragraphs) + "\n"
    day = start + datetime.timedelta(days=rng.randrange(3653))
    return title, day, paragraphs, date_header(rng, day, title) + "\n\n".join(paragraphs) + "\n"


def article_text(rng: random.Random, pool: list[tuple[str, int]], start: datetime.date) -> str:
    return article_parts(rng, pool, start)[3]


Parts = tuple[str, "datetime.date | None", list[str], str]
SITE_LINKS = "".join(f'<li><a href="/section/{n}">Section {n}</a></li>' for n in range(40))


def web_page(number: int, title: str, day: datetime.date | None, paragraphs: list[str]) -> str:
    """A saved news page: the article among the boilerplate real pages carry."""
    url = f"https://bench-wire.example/{number:07d}"
    published = f', "datePublished": "{day.isoformat()}T08:00:00Z"' if day else ""
    body = "".join(f"<p>{escape(paragraph)}</p>\n" for paragraph in paragraphs)
    related = "".join(f'<li><a href="/{number - n:07d}">Related story number {n}</a></li>' for n in range(1, 9))
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | Bench Wire</title>\n'
        f'<meta property="og:site_name" content="Bench Wire"><link rel="canonical" href="{url}">\n'
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": {json.dumps(title)}{published}}}'
        "</script>\n<style>body{font-family:serif} nav li{display:inline}</style></head><body>\n"
        f'<header><nav><ul>{SITE_LINKS}</ul></nav><div class="ad">Advertisement: subscribe for $1</div></header>\n'
        f"<main><article><h1>{escape(title)}</h1>\n{body}</article>\n"
        f"<aside><h2>Related</h2><ul>{related}</ul></aside>\n"
        '<section class="comments"><div class="comment"><p>Great article, thanks!</p></div></section></main>\n'
        "<footer><p>Copyright Bench Wire. All rights reserved.</p><p>Privacy · Terms · Cookies</p></footer>\n"
        "<script>window.analytics = {track: function () {}};</script></body></html>\n"
    )


def write_format(articles: Iterator[Parts], out_dir: str, kind: str, per_file: int = 500) -> None:
    """The articles written as one kind of source under ``out_dir``."""
    os.makedirs(out_dir, exist_ok=True)
    if kind in ("text", "html"):
        for number, (title, day, paragraphs, text) in enumerate(articles):
            folder = os.path.join(out_dir, f"{number // 1000:04d}")
            if number % 1000 == 0:
                os.makedirs(folder, exist_ok=True)
            name = os.path.join(folder, f"{number:07d}.{'txt' if kind == 'text' else 'html'}")
            with open(name, "w", encoding="utf-8") as handle:
                handle.write(text if kind == "text" else web_page(number, title, day, paragraphs))
    elif kind == "jsonl":
        with open(os.path.join(out_dir, "news.jsonl"), "w", encoding="utf-8") as handle:
            for number, (title, day, paragraphs, _) in enumerate(articles):
                record = {"id": number, "title": title, "text": "\n\n".join(paragraphs), "source": "Bench Wire"}
                record |= {"date": day.isoformat()} if day else {}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif kind == "csv":
        with open(os.path.join(out_dir, "news.csv"), "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "title", "text", "date"])
            for number, (title, day, paragraphs, _) in enumerate(articles):
                writer.writerow([number, title, "\n\n".join(paragraphs), day.isoformat() if day else ""])
    elif kind == "rss":
        numbered = enumerate(articles)
        for start, chunk in enumerate(iter(lambda: list(itertools.islice(numbered, per_file)), [])):
            items = []
            for number, (title, day, paragraphs, _) in chunk:
                when = ""
                if day is not None:
                    stamp = datetime.datetime(day.year, day.month, day.day, 8, tzinfo=datetime.UTC)
                    when = f"<pubDate>{format_datetime(stamp)}</pubDate>"
                html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
                items.append(
                    f"<item><title>{escape(title)}</title><guid>{number}</guid>{when}"
                    f"<description>{escape(html)}</description></item>\n"
                )
            with open(os.path.join(out_dir, f"feed{start:04d}.rss"), "w", encoding="utf-8") as handle:
                handle.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Bench Wire')
                handle.write(f"</title>\n{''.join(items)}</channel></rss>\n")
    elif kind == "mbox":
        with open(os.path.join(out_dir, "news.mbox"), "w", encoding="utf-8") as handle:
            for number, (title, day, paragraphs, _) in enumerate(articles):
                body = FROM_LINE.sub(r">\1", "\n\n".join(paragraphs))  # (mboxrd: body lines that start "From ")
                when = format_datetime(datetime.datetime(day.year, day.month, day.day, 8)) if day else ""
                handle.write(
                    f"From bench@example.org Mon Jun 09 07:00:00 2025\nFrom: Bench Wire <bench@example.org>\n"
                    f"Subject: {title}\nMessage-ID: <{number}@bench>\n"
                    + (f"Date: {when}\n" if when else "")
                    + f"\n{body}\n\n"
                )
    else:
        raise ValueError(f"unknown format {kind!r}")


FROM_LINE = re.compile(r"^(>*From )", re.MULTILINE)
FORMATS = ("text", "html", "jsonl", "csv", "rss", "mbox")


def generate(articles: int, seed: int = 0) -> Iterator[Parts]:
    rng = random.Random(seed)
    pool = build_sentences(rng)
    start = datetime.date(2016, 1, 1)
    began = time.perf_counter()
    for number in range(articles):
        yield article_parts(rng, pool, start)
        if number and number % 10000 == 0:
            print(f"{number} articles, {time.perf_counter() - began:.0f} s", file=sys.stderr)


def make_corpus(out_dir: str, articles: int, seed: int = 0, kind: str = "text", per_file: int = 500) -> None:
    write_format(generate(articles, seed), out_dir, kind, per_file)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--per-file", type=int, default=500, help="items in each feed file")
    options = parser.parse_args(argv)
    make_corpus(options.out_dir, options.articles, options.seed, options.format, options.per_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
