"""Mutation testing of the parsing, dates and query modules: do their tests notice small bugs?

    python tests/benchmarks/mutation.py                          # every mutant of every module
    nice -n 10 python tests/benchmarks/mutation.py --sample 60 --seed 1 --report /tmp/mutants.txt
    python tests/benchmarks/mutation.py --modules reader/ingest/dates.py --list   # the mutants, not run
    python tests/benchmarks/mutation.py --repo /tmp/other-checkout         # another tree's code and tests

Not part of the test suite (it takes minutes). Standard library only: mutmut 3 rewrites every
function into trampolines in a mutants/ folder and needs its own setup to keep working; what is
needed here is a few hundred runs of a few test files, which a small script does as well.

Each mutant is one small change to the module's source, found with `ast`: a comparison swapped
(``<`` to ``<=``) or negated (``<`` to ``>=``), ``and``/``or`` swapped, an arithmetic operator
changed, a number moved by one, True/False swapped, a string emptied (not docstrings), ``return
X`` made ``return None``, an ``if`` condition negated, or a statement (``continue``, ``break``, a
call such as ``lines.pop(0)``) removed. Docstrings, annotations, f-strings, logging calls,
string-building ``+`` (regular expressions put together at import) and literal tables of five or
more words (time zones, metadata keys, month names) are left alone.

The repository (reader/, tests/, seeds/) is copied once per job to a temporary folder, without
bytecode caches. For each mutant the mutated source is written over the module in that copy and
the module's own test files run there (``pytest -x -q -p no:cacheprovider``), in a child forked
from this process (pytest and hypothesis imported once, reader never) or, with ``--no-fork``, in a
fresh interpreter. Hypothesis runs derandomized and without its example database, so that a
score does not depend on the order or the luck of the runs. A mutant is killed when the tests
fail (or the mutated module cannot even be imported), and also when they run past the timeout
(10x the clean run, at least --min-timeout seconds). The clean run must pass first.

``--sample N --seed S`` draws N mutants per --modules entry (a glob such as reader/query/*.py is
one entry) with random.Random(S) from the entry's full, ordered list of mutants, so the same source, N and S give
the same mutants on every run: a score after new tests is comparable with the one before as long as the module
itself is unchanged.

Scores at f7013e8 with ``--sample 60 --seed 1`` (nice -n 10, one job, 3-9 minutes on two shared cores),
before and after tests/corpus/test_parsing_mutants.py, tests/corpus/test_dates_mutants.py and
tests/query/test_query_mutants.py: reader/ingest/parse.py 70.0% → 95.0%, reader/ingest/dates.py 88.3% → 93.3%,
reader/query/*.py 73.3% → 93.3%. Most of the mutants still alive are equivalent (e.g. find_date's
default start 0 → -1, which re.finditer treats as 0; dataclass frozen=True → False).
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import glob
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DEFAULT_MODULES = ("reader/ingest/parse.py", "reader/ingest/dates.py", "reader/query/*.py")

# Which tests exercise each module, fastest and most specific first (with -x a killed mutant stops
# at the first failure). Globs that match nothing are skipped. Left out: the slow linear-time/ReDoS
# tests (tests/corpus/test_linear_time.py) and the 200k-line load test, which take most of the time
# and check speed, not results.
_PARSING_TESTS = (
    "tests/corpus/test_parsing.py",
    "tests/corpus/test_parsing_mutants.py",
    "tests/corpus/test_seeds.py",
    "tests/corpus/test_dates.py",
    "tests/corpus/test_case_variants.py",
    "tests/corpus/test_parsing_properties.py",
    "tests/corpus/test_loading.py",
)
_DATES_TESTS = (
    "tests/corpus/test_dates.py",
    "tests/corpus/test_dates_mutants.py",
    "tests/corpus/test_case_variants.py",
    "tests/corpus/test_parsing.py",
    "tests/corpus/test_seeds.py",
)
_QUERY_TESTS = (
    "tests/query/test_query_parser.py",
    "tests/query/test_query_semantics.py",
    "tests/query/test_query_highlight.py",
    "tests/query/test_query_mutants.py",
    "tests/test_filtering.py",
    "tests/query/test_query_never_raises.py",
)
TESTS: dict[str, tuple[str, ...]] = {
    "reader/ingest/parse.py": _PARSING_TESTS,
    "reader/ingest/dates.py": _DATES_TESTS,
    "reader/query/*.py": _QUERY_TESTS,
}
DESELECT = ("tests/corpus/test_loading.py::test_huge_files_load",)
COPIED = ("reader", "tests", "seeds", "pyproject.toml")

# A pytest plugin written into each copy: derandomized hypothesis, no example database, no deadline.
_PLUGIN = """\
from hypothesis import settings

settings.register_profile("mutation", derandomize=True, database=None, deadline=None)
settings.load_profile("mutation")
"""
_PLUGIN_NAME = "_mutation_profile"

_COMPARE_SWAPS: dict[type, tuple[type, ...]] = {
    ast.Lt: (ast.LtE, ast.GtE),
    ast.LtE: (ast.Lt, ast.Gt),
    ast.Gt: (ast.GtE, ast.LtE),
    ast.GtE: (ast.Gt, ast.Lt),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
}
_ARITHMETIC_SWAPS: dict[type, type] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
}
_WORD_TABLE = 5  # string entries from which a literal tuple, list or set is data
_LOGGING_NAMES = {"log", "logger", "logging", "_log", "_logger", "LOG"}


@dataclass(frozen=True)
class Mutant:
    module: str  # path relative to the repository
    line: int
    col: int
    kind: str
    original: str
    mutated: str
    source: str = field(repr=False, compare=False)

    def describe(self) -> str:
        where = f"{self.module}:{self.line}:{self.col + 1}"
        return f"{where}: [{self.kind}] {_short(self.original)} → {_short(self.mutated)}"


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----- finding mutants -------------------------------------------------------------------------


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            is_constant = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            if is_constant and isinstance(first.value.value, str):
                found.add(id(first.value))
    return found


def _skipped_subtrees(tree: ast.AST) -> set[int]:
    """Nodes whose whole subtree is never mutated: annotations, f-strings, logging, __all__."""
    roots: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign):
            roots.append(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.returns is not None:
                roots.append(node.returns)
            for arg in (
                *node.args.posonlyargs,
                *node.args.args,
                *node.args.kwonlyargs,
                node.args.vararg,
                node.args.kwarg,
            ):
                if arg is not None and arg.annotation is not None:
                    roots.append(arg.annotation)
        elif _skipped_whole(node):
            roots.append(node)
    skipped: set[int] = set()
    for root in roots:
        skipped.update(id(n) for n in ast.walk(root))
    return skipped


def _skipped_whole(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.JoinedStr)
        or (isinstance(node, ast.Call) and _is_logging(node.func))
        or (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets))
        or (isinstance(node, ast.If) and _is_main_guard(node.test))
        or (isinstance(node, (ast.Tuple, ast.List, ast.Set)) and _is_word_table(node))
    )


def _is_word_table(node: ast.Tuple | ast.List | ast.Set) -> bool:
    """A literal table of words (time zones, metadata keys): one entry emptied is data, not logic."""
    strings = [e for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return len(strings) >= _WORD_TABLE and len(strings) == len(node.elts)


def _is_logging(func: ast.AST) -> bool:
    while isinstance(func, ast.Attribute):
        func = func.value
        if isinstance(func, ast.Name) and func.id in _LOGGING_NAMES:
            return True
    return False


def _is_main_guard(test: ast.AST) -> bool:
    return isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"


def _is_stringish(node: ast.AST) -> bool:
    """An expression that is evidently a string (operands of a string-building '+')."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (str, bytes))
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("join", "format", "replace", "strip", "lower", "upper")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_stringish(node.left) or _is_stringish(node.right)
    return False


class _Source:
    """Replace spans of a module's source given as ast (line, byte column) positions."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.encode("utf-8").splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))
        self.data = text.encode("utf-8")

    def offset(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col

    def segment(self, node: ast.AST) -> str:
        start = self.offset(node.lineno, node.col_offset)
        end = self.offset(node.end_lineno, node.end_col_offset)
        return self.data[start:end].decode("utf-8")

    def replace(self, node: ast.AST, text: str) -> str:
        start = self.offset(node.lineno, node.col_offset)
        end = self.offset(node.end_lineno, node.end_col_offset)
        return (self.data[:start] + text.encode("utf-8") + self.data[end:]).decode("utf-8")


def _with(node: ast.AST, **changes) -> ast.AST:
    """A shallow copy of ``node`` with some fields replaced."""
    fields = {name: getattr(node, name) for name in node._fields}
    fields.update(changes)
    return type(node)(**fields)


def find_mutants(path: Path, module: str) -> list[Mutant]:
    """Every mutant of one module, in source order. Each compiles and differs from the original."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    source = _Source(text)
    docstrings = _docstring_nodes(tree)
    skipped = _skipped_subtrees(tree)
    original_dump = ast.dump(tree)
    found: list[Mutant] = []
    seen: set[str] = set()

    def add(node: ast.AST, kind: str, replacement: str, statement: bool = False) -> None:
        new_text = replacement if statement else f"({replacement})"
        mutated_source = source.replace(node, new_text)
        try:
            dumped = ast.dump(ast.parse(mutated_source))
            compile(mutated_source, module, "exec")
        except SyntaxError:
            return
        if dumped == original_dump or mutated_source in seen:
            return
        seen.add(mutated_source)
        found.append(
            Mutant(module, node.lineno, node.col_offset, kind, source.segment(node), replacement, mutated_source)
        )

    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Compare):
            for index, op in enumerate(node.ops):
                for new in _COMPARE_SWAPS.get(type(op), ()):
                    ops = list(node.ops)
                    ops[index] = new()
                    add(node, "compare", ast.unparse(_with(node, ops=ops)))
        elif isinstance(node, ast.BoolOp):
            new = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            add(node, "boolean", ast.unparse(_with(node, op=new)))
        elif isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC_SWAPS:
            if isinstance(node.op, ast.Add) and _is_stringish(node):
                continue
            if isinstance(node.op, ast.Mod) and _is_stringish(node.left):
                continue  # "%" formatting
            add(node, "arithmetic", ast.unparse(_with(node, op=_ARITHMETIC_SWAPS[type(node.op)]())))
        elif isinstance(node, ast.AugAssign) and type(node.op) in (ast.Add, ast.Sub):
            if _is_stringish(node.value):
                continue
            new = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
            add(node, "arithmetic", ast.unparse(_with(node, op=new)), statement=True)
        elif isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool):
                add(node, "boolean", repr(not value))
            elif isinstance(value, (int, float)):
                add(node, "number", repr(value + 1))
                add(node, "number", repr(value - 1))
            elif isinstance(value, str) and value and id(node) not in docstrings:
                add(node, "string", '""')
        elif isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                add(node, "return", "return None", statement=True)
        elif isinstance(node, ast.If):
            add(node.test, "if", f"not ({ast.unparse(node.test)})")
        elif isinstance(node, (ast.Continue, ast.Break)) or (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
        ):
            add(node, "statement", "pass", statement=True)
    found.sort(key=lambda m: (m.line, m.col, m.kind, m.mutated))
    return found


# ----- running them ----------------------------------------------------------------------------


@dataclass
class Group:
    pattern: str  # as given: "reader/query/*.py"
    modules: list[str]
    tests: list[str]
    mutants: list[Mutant] = field(default_factory=list)
    results: dict[Mutant, str] = field(default_factory=dict)  # "killed" | "survived" | "timeout"
    seconds: float = 0.0


def _tests_for(pattern: str, repo: Path) -> list[str]:
    patterns = TESTS.get(pattern)
    if patterns is None:
        for key, value in TESTS.items():
            if fnmatch.fnmatch(pattern, key):
                patterns = value
                break
    if patterns is None:
        raise SystemExit(f"no tests are mapped for {pattern}: add it to TESTS in {Path(__file__).name}")
    found: list[str] = []
    for item in patterns:
        for match in sorted(glob.glob(item, root_dir=repo)) or []:
            if match not in found:
                found.append(match)
    return found


def _copy_repo(repo: Path, target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".pytest_cache", "*.egg-info")
    target.mkdir(parents=True)
    for name in COPIED:
        item = repo / name
        if item.is_dir():
            shutil.copytree(item, target / name, ignore=ignore, symlinks=True)
        elif item.exists():
            shutil.copy2(item, target / name)
    (target / f"{_PLUGIN_NAME}.py").write_text(_PLUGIN, encoding="utf-8")


def _pytest_args(tests: list[str]) -> list[str]:
    args = ["-x", "-q", "-p", "no:cacheprovider", "-p", _PLUGIN_NAME, "-o", "addopts="]
    for item in DESELECT:
        args += ["--deselect", item]
    return args + tests


class Runner:
    """Runs a test command in a copy, in a forked child or a fresh interpreter, with a timeout."""

    def __init__(self, copy: Path, fork: bool):
        self.copy = copy
        self.fork = fork

    def start(self, tests: list[str]):
        if not self.fork:
            env = dict(os.environ, PYTHONPATH=str(self.copy), PYTHONDONTWRITEBYTECODE="1")
            process = subprocess.Popen(
                [sys.executable, "-m", "pytest", *_pytest_args(tests)],
                cwd=self.copy,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            return process.pid, process
        pid = os.fork()
        if pid == 0:  # child
            try:
                os.setsid()
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                os.chdir(self.copy)
                os.environ["PYTHONPATH"] = str(self.copy)  # for any subprocess a test starts
                os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
                sys.path.insert(0, str(self.copy))
                import pytest

                code = pytest.main(_pytest_args(tests))
                os._exit(int(code))
            except BaseException:  # noqa: BLE001 - a forked child must never return into the parent's loop
                os._exit(70)
        return pid, None


def _exit_status(status: int) -> int:
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    return 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else 99


def _kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_clean(runner: Runner, tests: list[str]) -> tuple[int, float]:
    started = time.monotonic()
    pid, _ = runner.start(tests)
    _, status = os.waitpid(pid, 0)
    return _exit_status(status), time.monotonic() - started


def run_mutants(group: Group, runners: list[Runner], originals: dict[str, str], timeout: float, progress: bool) -> None:
    """Run every mutant of the group, one per free runner, and record its outcome."""
    pending = list(group.mutants)
    free = list(runners)
    running: dict[int, tuple[Runner, Mutant, float]] = {}
    started = time.monotonic()
    try:
        _run_loop(group, pending, free, running, originals, timeout, progress)
    finally:  # interrupted: no test run is left behind
        for child in running:
            _kill(child)
            os.waitpid(child, 0)
    group.seconds = time.monotonic() - started


def _run_loop(
    group: Group,
    pending: list[Mutant],
    free: list[Runner],
    running: dict,
    originals: dict[str, str],
    timeout: float,
    progress: bool,
) -> int:
    done = 0
    while pending or running:
        while pending and free:
            runner = free.pop()
            mutant = pending.pop(0)
            (runner.copy / mutant.module).write_text(mutant.source, encoding="utf-8")
            pid, _ = runner.start(group.tests)
            running[pid] = (runner, mutant, time.monotonic())
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            now = time.monotonic()
            for child, (_runner, mutant, began) in list(running.items()):
                if now - began > timeout:
                    _kill(child)
                    os.waitpid(child, 0)
                    _finish(group, running.pop(child), "timeout", originals, free)
                    done += 1
                    _progress(progress, group, done, mutant, "timeout")
            time.sleep(0.02)
            continue
        if pid not in running:
            continue
        code = _exit_status(status)
        _kill(pid)  # anything a test left running in the child's session
        # 3, 4, 70: a pytest internal or usage error, or the child itself failed
        outcome = "error" if code in (3, 4, 70) else "survived" if code == 0 else "killed"
        mutant = running[pid][1]
        _finish(group, running.pop(pid), outcome, originals, free)
        done += 1
        _progress(progress, group, done, mutant, outcome)
    return done


def _finish(group: Group, entry, outcome: str, originals: dict[str, str], free: list[Runner]) -> None:
    runner, mutant, _ = entry
    (runner.copy / mutant.module).write_text(originals[mutant.module], encoding="utf-8")
    group.results[mutant] = outcome
    free.append(runner)


def _progress(enabled: bool, group: Group, done: int, mutant: Mutant, outcome: str) -> None:
    if enabled:
        print(f"  [{done}/{len(group.mutants)}] {outcome:8} {mutant.describe()}", file=sys.stderr, flush=True)


# ----- the command -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout whose code and tests are used")
    parser.add_argument(
        "--modules",
        nargs="+",
        default=list(DEFAULT_MODULES),
        help="module paths or globs, relative to the repository (default: %(default)s)",
    )
    parser.add_argument("--sample", type=int, default=0, help="run N mutants per --modules entry (0: all)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for --sample")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once, each in its own copy")
    parser.add_argument("--timeout-factor", type=float, default=10.0, help="timeout as a multiple of the clean run")
    parser.add_argument("--min-timeout", type=float, default=5.0, help="seconds, at least")
    parser.add_argument("--report", type=Path, default=Path(tempfile.gettempdir()) / "reader-mutation-report.txt")
    parser.add_argument("--no-fork", action="store_true", help="a fresh interpreter per run instead of fork()")
    parser.add_argument("--list", action="store_true", help="print the (sampled) mutants and stop")
    parser.add_argument("--quiet", action="store_true", help="no line per mutant on stderr")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    fork = not args.no_fork and hasattr(os, "fork")

    groups: list[Group] = []
    for pattern in args.modules:
        modules = sorted(glob.glob(pattern, root_dir=repo))
        if not modules:
            raise SystemExit(f"no module matches {pattern} in {repo}")
        group = Group(pattern, modules, _tests_for(pattern, repo))
        every = [m for module in modules for m in find_mutants(repo / module, module)]
        if args.sample and args.sample < len(every):
            picked = sorted(random.Random(args.seed).sample(range(len(every)), args.sample))
            group.mutants = [every[i] for i in picked]
        else:
            group.mutants = every
        print(
            f"{pattern}: {len(every)} mutants, running {len(group.mutants)}; tests: {' '.join(group.tests)}", flush=True
        )
        groups.append(group)
    if args.list:
        for group in groups:
            for mutant in group.mutants:
                print(mutant.describe())
        return 0

    if fork:  # imported once here, so that each forked child starts with them (reader is never imported here)
        import hypothesis  # noqa: F401
        import pytest  # noqa: F401
    sys.dont_write_bytecode = True
    work = Path(tempfile.mkdtemp(prefix="reader-mutation-"))
    try:
        runners = []
        for job in range(max(1, args.jobs)):
            _copy_repo(repo, work / f"job{job}")
            runners.append(Runner(work / f"job{job}", fork))
        started = time.monotonic()
        for group in groups:
            originals = {module: (repo / module).read_text(encoding="utf-8") for module in group.modules}
            code, clean = run_clean(runners[0], group.tests)
            if code != 0:
                print(
                    f"{group.pattern}: the clean test run fails (pytest exit {code}); "
                    f"run: cd {repo} && python -m pytest -x {' '.join(group.tests)}",
                    file=sys.stderr,
                )
                return 1
            timeout = max(args.min_timeout, args.timeout_factor * clean)
            print(f"{group.pattern}: clean run {clean:.1f} s, timeout {timeout:.0f} s", flush=True)
            run_mutants(group, runners, originals, timeout, not args.quiet)
        total = time.monotonic() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)

    lines = _summary(groups, total, args)
    print("\n".join(lines))
    report = [*lines, "", "Surviving mutants:"]
    for group in groups:
        report.append(f"\n{group.pattern}")
        report += [f"  {m.describe()}" for m in group.mutants if group.results.get(m) == "survived"]
        errors = [m for m in group.mutants if group.results.get(m) == "error"]
        if errors:
            report.append("  errors (not counted):")
            report += [f"  {m.describe()}" for m in errors]
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text("\n".join(report) + "\n", encoding="utf-8")
    print(f"surviving mutants: {args.report}")
    return 0


def _summary(groups: list[Group], total: float, args) -> list[str]:
    lines = [
        f"repo {args.repo}, sample {args.sample or 'all'}, seed {args.seed}, jobs {args.jobs}, {total:.0f} s in all",
        "",
        (
            f"{'module':24} {'mutants':>7} {'killed':>7} {'survived':>8} {'timeout':>7} {'error':>5} "
            f"{'score':>6} {'s/mutant':>8}"
        ),
    ]
    for group in groups:
        outcomes = list(group.results.values())
        counts = {k: outcomes.count(k) for k in ("killed", "survived", "timeout", "error")}
        counted = counts["killed"] + counts["survived"] + counts["timeout"]
        score = 100.0 * (counts["killed"] + counts["timeout"]) / counted if counted else 0.0
        per = group.seconds / len(group.mutants) if group.mutants else 0.0
        lines.append(
            f"{group.pattern:24} {len(group.mutants):>7} {counts['killed']:>7} {counts['survived']:>8} "
            f"{counts['timeout']:>7} {counts['error']:>5} {score:>5.1f}% {per:>8.1f}"
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
