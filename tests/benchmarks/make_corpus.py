"""Write a deterministic synthetic news collection for benchmarks.

    python tests/benchmarks/make_corpus.py OUT_DIR --articles N [--seed S]

Articles are 300–1,500 words, dated over ten years (2016–2025) in the formats the parser
reads (a "date 2024-03-05" first line, "Date: 2024-03-05" headers, "January 17, 2022 - 22:49",
"4 March 2024", "March 2024"), about 10 % undated, and full of titled people,
organisations, places and datelines. Sentences come from a pool built once, so 100,000
files take about a minute. Same N and seed, same bytes.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import random
import sys
import time

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


def article_text(rng: random.Random, pool: list[tuple[str, int]], start: datetime.date) -> str:
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
        return f"{title}\n\n" + "\n\n".join(paragraphs) + "\n"
    day = start + datetime.timedelta(days=rng.randrange(3653))
    return date_header(rng, day, title) + "\n\n".join(paragraphs) + "\n"


def make_corpus(out_dir: str, articles: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    pool = build_sentences(rng)
    start = datetime.date(2016, 1, 1)
    per_folder = 1000
    began = time.perf_counter()
    for number in range(articles):
        folder = os.path.join(out_dir, f"{number // per_folder:04d}")
        if number % per_folder == 0:
            os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{number:07d}.txt"), "w", encoding="utf-8") as handle:
            handle.write(article_text(rng, pool, start))
        if number and number % 10000 == 0:
            print(f"{number} articles, {time.perf_counter() - began:.0f} s", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args(argv)
    make_corpus(options.out_dir, options.articles, options.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
