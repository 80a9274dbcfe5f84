"""`reader export`, `--version`, `--help` and usage errors, run as a real process."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reader_command import reader_env
from tests.reader_command import run_reader as run


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path, monkeypatch):
    """Every run gets its own cache, data and config folders, never the real user's."""
    for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))


def test_export_seeds_in_sidebar_order():
    result = run("export")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["path"]).name[:3] for r in records] == ["000", "001", "004", "002", "003"]
    first = records[0]
    assert set(first) >= {"path", "title", "subtitle", "date", "date_precision", "dateline", "words", "text"}
    assert (first["date"], first["date_precision"], first["dateline"]) == ("2025-05-13", "day", "TEHRAN")
    assert records[2]["date"] == "2022-01-17T22:49"
    assert records[3]["date"] is None and records[3]["date_precision"] is None
    assert records[4]["subtitle"] == "Leaders vow to advance energy and transit projects"
    assert records[0]["text"].startswith("Kremlin spokesman")


def test_export_dates_cut_to_precision(tmp_path):
    (tmp_path / "m.txt").write_text("Month story\n\nMarch 2024\n\nBody.\n")
    (tmp_path / "y.txt").write_text("Year story\n\n2024\n\nBody.\n")
    records = [json.loads(line) for line in run("export", str(tmp_path)).stdout.splitlines()]
    assert [(r["title"], r["date"], r["date_precision"]) for r in records] == [
        ("Month story", "2024-03", "month"),
        ("Year story", "2024", "year"),
    ]


def test_problems_go_to_stderr_and_exit_zero(tmp_path):
    (tmp_path / "good.txt").write_text("Fine\n\nText.\n")
    (tmp_path / "empty.txt").write_text("")
    result = run("export", str(tmp_path))
    assert result.returncode == 0
    assert result.stderr == f"{tmp_path / 'empty.txt'}: empty file\n"
    assert len(result.stdout.splitlines()) == 1


def test_missing_path_is_usage_error_without_traceback(tmp_path):
    result = run("export", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert "no such file or directory" in result.stderr
    assert "Traceback" not in result.stderr
    app = run(str(tmp_path / "missing"))
    assert app.returncode == 2 and "Traceback" not in app.stderr


def test_unknown_option_is_usage_error():
    result = run("export", "--frobnicate")
    assert result.returncode == 2 and "usage:" in result.stderr


def test_version_and_help():
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("reader ")
    helptext = run("--help")
    assert helptext.returncode == 0 and "export" in helptext.stdout and "PATH" in helptext.stdout


def test_export_text_is_terminal_safe(tmp_path):
    (tmp_path / "evil.txt").write_bytes(b"[bold red]BREAKING[/] x\n\nBody \x1b]0;owned\x07 \x1b[31mred\n")
    result = run("export", str(tmp_path))
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    record = json.loads(result.stdout)
    assert record["title"] == "[bold red]BREAKING[/] x"
    assert "␛]0;owned␇" in record["text"]


def test_closed_pipe_is_quiet(tmp_path):
    for index in range(200):
        (tmp_path / f"{index:03}.txt").write_text(f"Story {index}\n\n" + "Body text. " * 200 + "\n")
    env = reader_env()
    producer = subprocess.Popen(
        [sys.executable, "-m", "reader", "export", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    producer.stdout.readline()
    producer.stdout.close()
    stderr = producer.stderr.read().decode()
    assert producer.wait(timeout=60) == 0
    assert "Traceback" not in stderr


CONSOLE_SCRIPT = Path(sys.executable).parent / "reader"  # installed by `pip install -e .`


@pytest.mark.parametrize("args", [["--version"], ["export"], ["search", "lavrov"], ["export", "--frobnicate"]])
def test_python_dash_m_matches_console_script(args, tmp_path):
    assert CONSOLE_SCRIPT.is_file(), "the reader console script is not installed next to this Python"
    env = reader_env()
    script = subprocess.run(
        [str(CONSOLE_SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    module = subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert (script.returncode, script.stdout) == (module.returncode, module.stdout)
    # the program name in messages is "reader" either way (not "__main__.py" or a path)
    assert script.stderr == module.stderr
    if args == ["--version"]:
        assert script.stdout == "reader 0.1.0\n"
    elif args[0] == "export" and len(args) == 1:
        assert len(script.stdout.splitlines()) == 5
    elif args[0] == "search":
        assert [Path(json.loads(line)["path"]).name[:3] for line in script.stdout.splitlines()] == ["000", "004", "002"]
    else:
        assert script.returncode == 2 and script.stderr.startswith("usage: reader export")


def test_export_includes_entities_with_offsets_into_text():
    records = [json.loads(line) for line in run("export").stdout.splitlines()]
    for record in records:
        assert record["entities"], record["path"]
        for entity in record["entities"]:
            assert record["text"][entity["start"] : entity["end"]] == entity["text"]
            assert entity["label"] in {"PERSON", "ORG", "PLACE", "DATE", "MISC"}
    lavrovs = {e["canonical"] for r in records for e in r["entities"] if "Lavrov" in e["text"]}
    assert lavrovs == {"Sergei Lavrov"}  # 002 writes "Sergey", 000/004 "Sergei": one entity


def search(*args):
    result = run("search", *args)
    return result, [Path(json.loads(line)["path"]).name[:3] for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lavrov", ["000", "004", "002"]),
        ("title:closer", ["004"]),
        ("after:2024-06", ["000", "001"]),
        ('"joint economic"', ["000", "002"]),
        ("putin -raisi", ["000", "003"]),
        ("ashgabat OR kazan", ["001", "003"]),
        ("nothingmatchesthis", []),
    ],
)
def test_search_prints_matches_in_sidebar_order(query, expected):
    result, found = search(query)
    assert result.returncode == 0, result.stderr
    assert found == expected


def test_search_output_has_the_export_shape():
    export = [json.loads(line) for line in run("export").stdout.splitlines()]
    result = run("search", "title:closer")
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(record) == set(export[0])
    assert record["text"] == next(r for r in export if r["path"].endswith(record["path"][-24:]))["text"]


def test_search_bad_query_exits_2_with_message():
    result = run("search", '(iran "russia')
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("reader search: ") and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [["-lavrov"], ["--no-cache", "-lavrov"], ["--", "-lavrov"], ["-lavrov -nothingmatchesthis"]],
)
def test_search_a_query_starting_with_minus_is_the_query_not_an_option(args):
    result, found = search(*args)
    assert result.returncode == 0, result.stderr
    assert found == ["001", "003"]


def test_search_no_cache_gives_the_same_answer():
    assert search("--no-cache", "lavrov")[1] == search("lavrov")[1] == ["000", "004", "002"]


def test_search_is_starred_reads_the_state_store(tmp_path):
    import subprocess as sp

    star = (
        "from reader.ingest.files import load_corpus\n"
        "from reader.state.store import StateStore, content_key\n"
        "articles = {a.path[-24:-21]: a for a in load_corpus().articles}\n"
        "with StateStore.open() as store:\n"
        "    store.set_starred(content_key(articles['004']))\n"
        "    store.set_read(content_key(articles['001']))\n"
    )
    env = reader_env()
    sp.run([sys.executable, "-c", star], check=True, env=env, timeout=60)
    assert search("is:starred")[1] == ["004"]
    assert search("is:unread")[1] == ["000", "004", "002", "003"]
    assert search("is:read OR is:starred")[1] == ["001", "004"]


def test_print_config_shows_effective_settings(tmp_path):
    config = tmp_path / "xdg_config_home" / "reader" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('sidebar_width = 50\ntheme = "nord"\n')
    result = run("--print-config")
    assert result.returncode == 0, result.stderr
    assert "sidebar_width = 50" in result.stdout and 'theme = "nord"' in result.stdout


def test_print_config_names_the_bad_line_and_key(tmp_path):
    config = tmp_path / "xdg_config_home" / "reader" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('theme = "nord"\nsidebar_width = "wide"\n')
    result = run("--print-config")
    assert result.returncode == 1
    assert "config.toml:2: sidebar_width" in result.stderr and "Traceback" not in result.stderr
    assert "sidebar_width = 44" in result.stdout  # the default applies


def test_export_markdown():
    result = run("export", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Kremlin spokesman Dmitry Peskov")
    assert "# Iran, Russia: Closer than ever" in text and "*Leaders vow to advance energy and transit projects*" in text
    assert text.count("\n---\n") == 4
    assert text.index("Closer than ever") < text.index("push strategic ties")  # sidebar order


@pytest.mark.parametrize("args", [[], ["seeds"], ["a", "b c", "export-later"]])
def test_plain_paths_skip_the_parser_with_the_same_options(args):
    from reader.cli import app_options, app_parser

    assert vars(app_options(args)) == vars(app_parser().parse_args(args))


def test_anything_like_an_option_still_goes_to_the_parser():
    from reader.cli import app_options

    assert app_options(["--watch", "seeds"]).watch is True
    with pytest.raises(SystemExit):
        app_options(["--no-such-option"])


def run_in_deleted_folder(tmp_path, *args):
    """`reader ARGS` started in a working directory that has been deleted."""
    gone = tmp_path / "gone"
    gone.mkdir()
    env = reader_env()
    script = 'cd "$1" && rmdir "$1" && shift && exec "$@"'
    return subprocess.run(
        ["sh", "-c", script, "sh", str(gone), sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_every_command_works_from_a_deleted_working_directory(tmp_path):
    many = tmp_path / "many"
    many.mkdir()
    for number in range(450):  # enough for worker processes, which ask for the working directory
        story = f"Story {number}\n\nPresident Putin spoke in Moscow about iran {number}.\n"
        (many / f"{number:03d}.txt").write_text(story)
    export = run_in_deleted_folder(tmp_path, "export", str(many))
    assert export.returncode == 0, export.stderr
    assert len(export.stdout.splitlines()) == 450 and "Traceback" not in export.stderr
    search = run_in_deleted_folder(tmp_path, "search", "iran", str(many))
    assert search.returncode == 0, search.stderr
    assert len(search.stdout.splitlines()) == 450 and "Traceback" not in search.stderr
    seeds = run_in_deleted_folder(tmp_path, "export", "--format", "markdown")
    assert seeds.returncode == 0 and seeds.stdout.startswith("#"), seeds.stderr
    for args in (["--version"], ["--print-config"]):
        result = run_in_deleted_folder(tmp_path, *args)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, (args, result.stderr)


@pytest.mark.parametrize("args", [["export", "."], ["search", "iran", "news"], ["."]])
def test_a_relative_path_from_a_deleted_working_directory_is_a_usage_error(tmp_path, args):
    result = run_in_deleted_folder(tmp_path, *args)
    assert result.returncode == 2
    assert "the current folder no longer exists" in result.stderr and "Traceback" not in result.stderr


def test_export_date_written_and_encoding(tmp_path, capsys):
    from reader.cli import main

    body = "Naïve hopes in Zürich.\n"
    (tmp_path / "a-utf8.txt").write_text(f"Café talks resume\n\nMarch 5, 2024\n\n{body}", encoding="utf-8")
    (tmp_path / "b-latin.txt").write_bytes(f"Café talks end\n\n5 mars 2024\n\n{body}".encode("latin-1"))
    quoted = "“Quoted” news\n\nPublished: 2023-11-02 10:30\n\nBody – text.\n"
    (tmp_path / "c-cp1252.txt").write_bytes(quoted.encode("cp1252"))
    (tmp_path / "d-undated.txt").write_text("No date\n\nJust a body.\n", encoding="utf-8")
    assert main(["export", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert [(Path(r["path"]).name, r["title"], r["date"], r["date_written"], r["encoding"]) for r in records] == [
        ("a-utf8.txt", "Café talks resume", "2024-03-05", "March 5, 2024", "utf-8"),
        ("b-latin.txt", "Café talks end", "2024-03-05", "5 mars 2024", "cp1252"),  # Latin-1 bytes read as cp1252
        ("c-cp1252.txt", "“Quoted” news", "2023-11-02T10:30", "2023-11-02 10:30", "cp1252"),
        ("d-undated.txt", "No date", None, None, "utf-8"),
    ]
    assert records[1]["text"] == records[0]["text"] == "Naïve hopes in Zürich."
    assert err.splitlines() == [
        f"{tmp_path / name}: not valid UTF-8; decoded as cp1252" for name in ("b-latin.txt", "c-cp1252.txt")
    ]
