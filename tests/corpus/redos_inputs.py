"""Adversarial inputs for the reader's regular expressions, derived from each pattern itself.

Shared by tests/corpus/test_linear_time.py and tests/benchmarks/parse_worst.py.

A pattern that backtracks super-linearly does so on a long run of the things it cares about
followed by something that makes the match fail at the very end ("12:12:12:...12x"). The tokens
a pattern cares about are read from its parse tree (``re._parser``): literal runs, a sample
character of every character class, a sample of every alternative of an alternation and of every
repeated unit. Runs of single tokens and of token pairs, with and without separators, then give
inputs that reach every loop of the pattern.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
from collections.abc import Iterator
from re import _constants as C
from re import _parser
from re._constants import MAXREPEAT

import reader

# Characters tried, in order, when a character class needs a sample member (or non-member).
_POOL = "aA1 .:-,x_0zZ9/()'\"’–—|•·#$%&*+=!?@[]{}<>;\t\n\\^`~é Я я ſ İ K ١ \u00a0\u2028\x00\x1b"
_CATEGORY = {
    C.CATEGORY_DIGIT: re.compile(r"\d"),
    C.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    C.CATEGORY_SPACE: re.compile(r"\s"),
    C.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    C.CATEGORY_WORD: re.compile(r"\w"),
    C.CATEGORY_NOT_WORD: re.compile(r"\W"),
    C.CATEGORY_LINEBREAK: re.compile(r"\n"),
    C.CATEGORY_NOT_LINEBREAK: re.compile(r"[^\n]"),
}
SEPARATORS = ("", " ", ":", ".", "-", ", ", "\n")
SUFFIXES = ("\x00", "x!", " 0", "\n!", "_", "’")
SIZE = 100_000


# -- collecting the patterns ---------------------------------------------------------------


def lazy_patterns() -> dict[str, re.Pattern]:
    """Patterns compiled on first use rather than at import (allowed by name in the source check)."""
    from reader.entities.tokens import scanner

    return {"reader.entities.tokens.scanner()": scanner()}


def package_patterns() -> dict[str, re.Pattern]:
    """Every compiled pattern of the reader package: module-level ``re.Pattern`` globals and the
    class attributes of module-level classes, plus the lazily compiled ones, by qualified name."""
    found: dict[str, re.Pattern] = {}
    seen: set[int] = set()
    modules = [reader.__name__] + [
        info.name for info in pkgutil.walk_packages(reader.__path__, prefix=reader.__name__ + ".")
    ]
    for name in sorted(modules):
        module = importlib.import_module(name)
        for attribute, value in sorted(vars(module).items()):
            candidates = [(attribute, value)]
            if isinstance(value, type) and value.__module__ == name:
                candidates += [(f"{attribute}.{k}", v) for k, v in vars(value).items()]
            for label, candidate in candidates:
                if isinstance(candidate, re.Pattern) and id(candidate) not in seen:
                    seen.add(id(candidate))
                    found[f"{name}.{label}"] = candidate
    for label, pattern in lazy_patterns().items():
        if id(pattern) not in seen:
            found[label] = pattern
    return found


# -- tokens from the parse tree ------------------------------------------------------------


def _in_class(items, char: str, ignore_case: bool) -> bool:
    negate = False
    hit = False
    variants = {char, char.lower(), char.upper()} if ignore_case else {char}
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit |= any(ord(v) == av for v in variants)
        elif op is C.RANGE:
            hit |= any(av[0] <= ord(v) <= av[1] for v in variants if len(v) == 1)
        elif op is C.CATEGORY:
            hit |= bool(_CATEGORY[av].match(char))
    return hit != negate


def _class_samples(items, ignore_case: bool) -> list[str]:
    """A member from the class's own literals/ranges and one from the pool, when they differ."""
    own = []
    for op, av in items:
        if op is C.LITERAL:
            own.append(chr(av))
        elif op is C.RANGE:
            own += [chr(av[0]), chr(av[1])]
    samples: list[str] = []
    for source in (own, _POOL):
        for char in source:
            if _in_class(items, char, ignore_case):
                if char not in samples:
                    samples.append(char)
                break
    return samples


def _count(low: int, high: int, mode: str) -> int:
    if mode == "min":
        return low
    return max(low, min(high, low + 1, 4)) if high != MAXREPEAT else max(low, 2)


def _sample(tree, ignore_case: bool, mode: str = "min", limit: int = 40) -> str:
    """A short string the (sub)pattern matches, more or less (lookarounds and anchors are ignored):
    ``min`` takes every repeat at its least (optional parts left out), ``max`` a little beyond."""
    out = []
    for op, av in tree:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.NOT_LITERAL:
            out.append(next(c for c in _POOL if ord(c) != av))
        elif op is C.ANY:
            out.append("a")
        elif op is C.IN:
            samples = _class_samples(av, ignore_case)
            out.append(samples[0] if samples else "")
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, sub = av
            out.append(_sample(sub, ignore_case, mode, limit) * _count(low, high, mode))
        elif op is C.SUBPATTERN:
            out.append(_sample(av[-1], ignore_case, mode, limit))
        elif op is C.ATOMIC_GROUP:
            out.append(_sample(av, ignore_case, mode, limit))
        elif op is C.BRANCH:
            out.append(_sample(av[1][0], ignore_case, mode, limit))
        elif op is C.GROUPREF_EXISTS:
            out.append(_sample(av[1], ignore_case, mode, limit))
        if sum(map(len, out)) >= limit:
            break
    return "".join(out)[:limit]


def pattern_tokens(pattern: re.Pattern, cap: int = 32, seed: int = 0) -> list[str]:
    """The strings a pattern cares about, the likeliest troublemakers first: repeated units, class
    samples and alternatives with structure, then (a seeded sample of) the whole pattern, plain
    alternatives and literal runs."""
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    tree = _parser.parse(pattern.pattern, pattern.flags)
    priority: list[str] = []  # repeated units and class samples
    structured: list[str] = []  # alternatives with a repeat or a class in them ("12:30" in a list of words)
    other: list[str] = []  # the whole pattern, plain words, literal runs

    def both(sub) -> list[str]:
        return [_sample(sub, ignore_case, "max"), _sample(sub, ignore_case, "min")]

    def walk(items) -> None:
        run = []
        for op, av in items:
            if op is C.LITERAL:
                run.append(chr(av))
                continue
            if run:
                other.append("".join(run))
                run = []
            if op is C.IN:
                priority.extend(_class_samples(av, ignore_case))
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                priority.extend(both(av[2]))
                walk(av[2])
            elif op is C.SUBPATTERN:
                walk(av[-1])
            elif op is C.ATOMIC_GROUP:
                walk(av)
            elif op in (C.ASSERT, C.ASSERT_NOT):
                walk(av[1])
            elif op is C.BRANCH:
                for alternative in av[1]:
                    plain = all(item_op is C.LITERAL for item_op, _ in alternative)
                    (other if plain else structured).extend(both(alternative))
                    walk(alternative)
            elif op is C.GROUPREF_EXISTS:
                walk(av[1])
                if av[2] is not None:
                    walk(av[2])
        if run:
            other.append("".join(run))

    walk(tree)
    tokens = list(dict.fromkeys(t for t in priority if t))[: cap // 2]
    tokens += [t for t in dict.fromkeys(structured) if t and t not in tokens][: cap // 4]
    rest = [t for t in dict.fromkeys(both(tree) + structured + other) if t and t not in tokens]
    random.Random(seed).shuffle(rest)
    return (tokens + rest)[:cap]


# -- adversarial inputs --------------------------------------------------------------------


def _run(unit: str, size: int, suffix: str) -> str:
    return unit * max(1, (size - len(suffix)) // max(1, len(unit))) + suffix


def shapes(tokens: list[str], size: int = 1_000, pairs: int = 64, seed: int = 0) -> Iterator[tuple[str, str]]:
    """Short runs of every token with every separator, and of token pairs: enough for a pattern that
    backtracks exponentially or with a high power to run away, cheap enough to try them all."""
    rng = random.Random(seed)
    for i, token in enumerate(tokens):
        for j, separator in enumerate(SEPARATORS):
            suffix = SUFFIXES[(i + j) % len(SUFFIXES)]
            yield f"({token!r} + {separator!r}) * n + {suffix!r}", _run(token + separator, size, suffix)
    combinations = [(a, b) for a in tokens for b in tokens if a != b]
    rng.shuffle(combinations)
    for i, (a, b) in enumerate(combinations[:pairs]):
        separator = SEPARATORS[i % len(SEPARATORS)]
        suffix = SUFFIXES[i % len(SUFFIXES)]
        yield f"({a!r} + {separator!r} + {b!r}) * n + {suffix!r}", _run(a + separator + b, size, suffix)


def long_runs(tokens: list[str], size: int = SIZE, count: int = 10) -> Iterator[tuple[str, str]]:
    """Long runs of the first tokens (repeated units and class samples), bare and separated: a pattern
    that rescans a run from every position in it (quadratic) needs a long one to show it."""
    for i, token in enumerate(tokens[:count]):
        suffix = SUFFIXES[i % len(SUFFIXES)]
        separator = SEPARATORS[1 + i % (len(SEPARATORS) - 1)]
        yield f"{token!r} * n + {suffix!r}", _run(token, size, suffix)
        yield f"({token!r} + {separator!r}) * n + {suffix!r}", _run(token + separator, size, suffix)
    yield "random characters", random_text(size)


def adversarial_inputs(tokens: list[str]) -> Iterator[tuple[str, str]]:
    yield from shapes(tokens)
    yield from long_runs(tokens)


def random_text(size: int = SIZE, seed: int = 0, alphabet: str = _POOL + "abcdefghijklmnop0123456789    ") -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(size))


# -- whole articles ------------------------------------------------------------------------

# Lines that reach the parser's metadata and date rules with a long crafted run in them.
_CRAFTED_LINE_UNITS = (
    "12:",
    "12:12 ",
    "1",
    " ",
    "a",
    "A",
    ". ",
    "Mon ",
    "on ",
    "am ",
    "p.m. ",
    "at 12:30 ",
    "A. ",
    "AB ",
    "—",
    "- ",
    ", ",
    "March ",
    "2024 ",
    "2024-05-13 ",
    "(Reuters) ",
    "TEHRAN ",
    "X, ",
    "Jan. 5, 2024 ",
    "UTC+3 ",
    "Ä",
    "ſ",
    "/",
    "|",
    "Published: ",
    "Date: ",
)
_LINE_PREFIXES = (
    "",
    "Date: 2024-05-13 ",
    "date 2025-05-13 ",
    "Published: March 5, 2024 ",
    "2024-05-13 ",
    "TEHRAN, ",
    "MOSCOW ",
    "By ",
)


def crafted_articles(size: int = SIZE, seed: int = 0) -> Iterator[tuple[str, str, bool]]:
    """(description, text, for_entities) of whole files with a crafted run where the parser looks for
    metadata, a date line, a dateline and a headline, and through the body. The top-of-file variants
    differ only in what the parser reads, so the entity recogniser needs one file per unit."""
    rng = random.Random(seed)
    for i, unit in enumerate(_CRAFTED_LINE_UNITS):
        suffix = SUFFIXES[i % len(SUFFIXES)]
        body = _run(unit + " ", size, suffix)
        for prefix in _LINE_PREFIXES:
            for width in (110, 600):  # a date line is at most 120 characters; metadata reads 400
                line = prefix + _run(unit, width - len(prefix), suffix)
                description = f"{prefix!r} + {unit!r} * n + {suffix!r} ({width} characters) at the top"
                yield description, f"{line}\n\nHeadline\n\n{body}\n", False
        prefix = _LINE_PREFIXES[i % len(_LINE_PREFIXES)]
        yield f"{prefix!r} + {unit!r} * n + {suffix!r}, one line", prefix + _run(unit, size, suffix), True
    words = [
        "the",
        "of",
        "and",
        "Iran",
        "Russia",
        "said",
        "Putin",
        "March",
        "5,",
        "2024",
        "TEHRAN",
        "–",
        "Mr.",
        "U.S.",
        "(Reuters)",
        "12:30",
        "p.m.",
        "Jan.",
    ]
    text = " ".join(rng.choice(words) for _ in range(size // 5))
    yield "random news words", text[:size], True
    yield "random characters", random_text(size, seed), True


def pattern_articles(size: int = SIZE, per_pattern: int = 4) -> Iterator[tuple[str, str]]:
    """(description, text) of files made of each pattern's own tokens: a crafted first line of 600
    characters, a headline, and a body of the same run."""
    for name, pattern in package_patterns().items():
        for i, token in enumerate(pattern_tokens(pattern)[:per_pattern]):
            suffix = SUFFIXES[i % len(SUFFIXES)]
            line = _run(token, 600, suffix)
            body = _run(token + " ", size - 620, suffix)
            yield f"{name}: {token!r} * n + {suffix!r}", f"{line}\n\nHeadline\n\n{body}\n"
