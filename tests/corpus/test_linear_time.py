"""No regular expression of the reader backtracks super-linearly, and none escapes this check.

Article text, file names, queries and config values all reach regular expressions; one that
backtracks exponentially (or rescans a run from every position in it) lets a single crafted line
hang `reader export` and the app. Every pattern of the package is collected (module-level
``re.Pattern`` constants, plus the ones compiled on first use), fed inputs built from its own parse
tree (see redos_inputs.py), and each call is guarded by a hang budget: a linear pattern answers in
milliseconds even on 100 kB, a super-linear one not in hours, so the budget is generous and the
test is not a timing test. The budget counts this process's CPU time (ITIMER_PROF), not the clock
on the wall: time spent waiting for a core on a loaded machine does not count, so only the work
the pattern does can exhaust it. A source check makes sure the next pattern is a constant too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import cpu_budget
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redos_inputs import (
    SEPARATORS,
    SUFFIXES,
    adversarial_inputs,
    crafted_articles,
    lazy_patterns,
    package_patterns,
    pattern_tokens,
)

import reader
from reader.entities import find_entities
from reader.ingest.parse import parse_article

HANG_SECONDS = 3.0  # CPU seconds for one call on at most 100 kB; a linear pattern needs a few milliseconds
PATTERNS = package_patterns()
TOKENS = {name: pattern_tokens(pattern) for name, pattern in PATTERNS.items()}


def hang_budget(what: str, seconds: float = HANG_SECONDS):
    """The shared CPU-time guard (cpu_budget.py), saying what a hang here means."""
    return cpu_budget.hang_budget(f"{what} (super-linear backtracking)", seconds)


def _exercise(name: str, text: str, description: str) -> None:
    pattern = PATTERNS[name]
    subject: str | bytes = text
    if isinstance(pattern.pattern, bytes):  # (a pattern over encoded text: the same input, as UTF-8)
        subject = text.encode("utf-8", "surrogatepass")
    with hang_budget(f"{name}.match on {description}"):
        pattern.match(subject)
    with hang_budget(f"{name}.fullmatch on {description}"):
        pattern.fullmatch(subject)
    with hang_budget(f"{name}.finditer on {description}"):  # what search, sub, split and findall do
        for _ in pattern.finditer(subject):
            pass


def test_the_collection_finds_every_kind_of_pattern():
    expected = {
        "reader.ingest.dates.DATE_PATTERN",
        "reader.ingest.parse._LEFTOVER_OK",
        "reader.ingest.parse._DATELINE",
        "reader.config.toml_text._ASSIGNMENT",
        "reader.export.markdown._SLUG_WORD",
        "reader.ingest.safe_text._UNSAFE",
        "reader.entities.rules._POSSESSIVE_IN_NAME",
        "reader.query.folding.TOKEN",
        "reader.entities.tokens.scanner()",
    }
    assert expected <= set(PATTERNS)
    assert all(TOKENS.values()), [name for name, tokens in TOKENS.items() if not tokens]


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_returns_on_adversarial_input(name):
    """Runs of the tokens a pattern cares about, alone and in pairs, with and without separators,
    ending in a character that makes the match fail: short ones for every shape, 100 kB ones for
    the repeated units, and random characters."""
    for description, text in adversarial_inputs(TOKENS[name]):
        _exercise(name, text, description)


@given(st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_pattern_returns_on_random_token_soup(data):
    name = data.draw(st.sampled_from(sorted(PATTERNS)), label="pattern")
    pieces = st.sampled_from(TOKENS[name] + list(SEPARATORS[1:]) + list(SUFFIXES))
    unit = "".join(data.draw(st.lists(pieces, min_size=1, max_size=12), label="unit"))
    text = unit * data.draw(st.integers(1, 2_000 // len(unit) + 1), label="repeats") + data.draw(pieces)
    _exercise(name, text, repr(text[:60]))


def test_parsing_and_entities_return_on_crafted_files():
    """Whole 100 kB files with a crafted run in the first lines, where the metadata, date line,
    dateline and headline rules look, and through the body."""
    for description, text, for_entities in crafted_articles():
        with hang_budget(f"parse_article on {description}", 10.0):  # CPU seconds
            parse_article(text)
        if for_entities:  # the recogniser reads every part of a file alike, at ~70 ms per 100 kB
            with hang_budget(f"find_entities on {description}", 10.0):
                find_entities(text)


# -- no pattern outside the collection -----------------------------------------------------

_INLINE = {"search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}
# (file, function) pairs allowed to compile a pattern on first use; redos_inputs.lazy_patterns covers them.
_LAZY = {("reader/entities/tokens.py", "scanner")}


def _regex_violations(relative: str, tree: ast.AST) -> list[str]:
    aliases = set()
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {alias.asname or alias.name for alias in node.names if alias.name == "re"}
        elif isinstance(node, ast.ImportFrom) and node.module == "re":
            for alias in node.names:
                if alias.name in _INLINE | {"compile"}:
                    problems.append(f"{relative}:{node.lineno}: from re import {alias.name}")

    assigned: set[int] = set()

    def visit(node: ast.AST, function: str | None) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            function = getattr(node, "name", "<lambda>")
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            assigned.add(id(node.value))
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            assigned.add(id(node.value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            if isinstance(func.value, ast.Name) and func.value.id in aliases:
                where = f"{relative}:{node.lineno}"
                if func.attr in _INLINE:
                    problems.append(f"{where}: re.{func.attr}(...) inline; compile the pattern as a module constant")
                elif func.attr == "compile" and function is not None and (relative, function) not in _LAZY:
                    problems.append(f"{where}: re.compile(...) inside {function}(); make it a module constant")
                elif func.attr == "compile" and function is None and id(node) not in assigned:
                    problems.append(f"{where}: re.compile(...) not assigned to a module-level name")
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, None)
    return problems


def test_every_pattern_is_a_module_constant():
    """An inline ``re.search(r"...", text)`` or a pattern compiled inside a function would escape
    the collection above, and so the adversarial inputs."""
    root = Path(reader.__file__).parent
    problems = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).as_posix()
        problems += _regex_violations(relative, ast.parse(path.read_text(encoding="utf-8")))
    assert problems == []
    assert {f"reader.entities.tokens.{function}()" for _, function in _LAZY} == set(lazy_patterns())


def test_the_source_check_catches_inline_patterns():
    source = (
        "import re\nimport re as regex\n_OK = re.compile('a')\n"
        "def f(text):\n    return re.search(r'\\d+x', text) or regex.findall('b', text) or re.compile('c')\n"
        "_LIST = [re.compile('d')]\n"
    )
    problems = _regex_violations("reader/example.py", ast.parse(source))
    assert [problem.split(": ", 1)[1].split("(", 1)[0] for problem in problems] == [
        "re.search",
        "re.findall",
        "re.compile",
        "re.compile",
    ]


def test_the_hang_budget_stops_a_super_linear_pattern_and_ignores_waiting():
    """The guard works: catastrophic backtracking is interrupted, and sleeping (no CPU used) is not."""
    import re
    import time

    catastrophic = re.compile(r"(a+)+$")
    with pytest.raises(cpu_budget.Hang, match="CPU time"), hang_budget("(a+)+$ on a run of a's", 0.2):
        catastrophic.match("a" * 40 + "!")
    with hang_budget("a pause", 0.05):
        time.sleep(0.3)  # six times the budget on the wall clock, next to nothing in CPU time
