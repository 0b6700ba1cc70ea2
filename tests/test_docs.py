"""Every command the documentation gives an operator is run here as written, checked here
against the command's own argument parser, or named below as run by CI — a new command in the
docs that is none of these fails `test_every_command_in_the_docs_is_covered`.

Run as written: the production settings check (it needs the two field keys besides
SECRET_KEY and ALLOWED_HOSTS). Parsed: every `bangfu …` line (README, OPERATIONS, DATA and
the systemd units' ExecStart), its placeholders (FILE, YEAR …) filled with sample values, so a
renamed command or option fails here; what each command then does is tested in its own part's
tests. Executing them all against a fresh database here would add minutes (migrate, the
division list, the demo) that CI already spends in `make run`'s journey and the e2e tests."""

from __future__ import annotations

import base64
import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "docs" / "OPERATIONS.md", ROOT / "docs" / "DATA.md"]

# Commands that are not `bangfu …`: who runs them, as written.
BY_CI = {
    "make": "the Makefile's default target, `make setup`: every CI run starts with it",
    "make run": "the e2e tests start the server as `make run` does (tests/e2e/conftest.py)",
    "make test": ".ci/run step 1 and 2",
    "make e2e": ".ci/run step 3",
    "make bench": "a benchmark, run by hand; CI does not (minutes of imports)",
    "bash .ci/run": "CI itself",
    "gunicorn bangfu.wsgi": "the production server; tests/test_docs.py checks its unit's ExecStart",
    "/srv/bangfu/.venv/bin/gunicorn bangfu.wsgi --bind 127.0.0.1:8000 --workers 4": (
        "the web unit's ExecStart: test_the_documented_service_units_start_real_commands"
    ),
    "uv sync --no-dev --frozen": "tests/install/test_install.py runs it into a scratch environment",
    "pip install .": "the same install as uv sync --no-dev (tests/install/test_install.py)",
    "systemctl enable --now bangfu-web bangfu-worker": "systemd on the server",
    "journalctl -u bangfu-worker": "systemd on the server",
}
# Placeholders of the documented syntax, and the sample each is parsed with.
SAMPLES = {
    "KIND": "households",
    "FILE": "f.xlsx",
    "FILE.xlsx": "f.xlsx",
    "R.xlsx": "r.xlsx",
    "YEAR": "2019",
    "N": "2",
    "YYYY-MM-DD": "2019-01-01",
    "CODE": "130821",
}
STARTS = ("make", "bangfu ", ".venv/bin/bangfu", "bash ", "gunicorn", "uv ", "pip ", "DEBUG=0 ")
STARTS += ("systemctl", "journalctl", "/srv/bangfu/.venv/bin/")


def documented_commands() -> list[str]:
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for block, lang in (
            (m.group(2), m.group(1)) for m in re.finditer(r"```(\w*)\n(.*?)```", text, re.S)
        ):
            for line in block.splitlines():
                line = line.split("#", 1)[0].strip() if lang == "bash" else line.strip()
                if lang == "ini" and line.startswith("ExecStart="):
                    found.append(line.removeprefix("ExecStart="))
                elif lang == "bash" and line:
                    found.append(line)
        text = re.sub(r"```.*?```", "", text, flags=re.S)
        for span in re.findall(r"`([^`\n]+)`", text):
            if span.startswith(STARTS) and span != "bangfu COMMAND":
                found.append(span)
        # the command table of OPERATIONS.md: `name args` under "bangfu COMMAND"
        for name in re.findall(r"^\| `([a-z_]+[^`]*)` \|", text, re.M):
            if name.split()[0] in get_commands():
                found.append(f"bangfu {name}")
        for cron in re.findall(r"cron: `[^`]*&& ([^`]+)`", text):
            found.append(cron)
    return list(dict.fromkeys(found))


def _bangfu_args(line: str) -> list[str] | None:
    words = shlex.split(line)
    while words and "=" in words[0] and not words[0].startswith("-"):
        words.pop(0)  # VAR=value before the command
    if not words or Path(words[0]).name != "bangfu":
        return None
    args = []
    for word in words[1:]:
        word = word.strip("[]")
        args.append(SAMPLES.get(word, word.replace("%H", "host")))
    return args


def test_every_command_in_the_docs_is_covered():
    commands = documented_commands()
    assert any("check --deploy" in c for c in commands)
    assert any("db_worker" in c for c in commands)
    uncovered = [c for c in commands if _bangfu_args(c) is None and c not in BY_CI]
    assert uncovered == [], "say in tests/test_docs.py who runs these commands"


def test_every_bangfu_command_in_the_docs_parses(settings):
    # as in production: the database queue (tests run tasks at once)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    bad = []
    for line in documented_commands():
        args = _bangfu_args(line)
        if not args:
            continue
        name, rest = args[0], args[1:]
        if name not in get_commands():
            bad.append(f"{line}: no command {name}")
            continue
        command = load_command_class(get_commands()[name], name)
        try:
            command.create_parser("bangfu", name).parse_args(rest)
        except (SystemExit, Exception) as exc:  # CommandError, or argparse's exit
            bad.append(f"{line}: {exc!r}")
    assert bad == []


def test_the_production_settings_check_runs_as_written(tmp_path):
    line = next(c for c in documented_commands() if "check --deploy" in c)
    key = lambda: base64.b64encode(secrets.token_bytes(32)).decode()  # noqa: E731
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO", "FIELD_", "DEBUG", "AUDIT_"))
    }
    env.update(
        PATH=f"{Path(sys.executable).parent}:{env.get('PATH', '')}",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEYS=key(),
        FIELD_HASH_KEY=key(),
        AUDIT_MAC_KEY=key(),
        BANGFU_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    done = subprocess.run(
        ["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.parametrize("unit", ["bangfu-web", "bangfu-worker"])
def test_the_documented_service_units_start_real_commands(unit):
    text = (ROOT / "docs" / "OPERATIONS.md").read_text(encoding="utf-8")
    block = re.search(rf"# /etc/systemd/system/{unit}\.service\n(.*?)```", text, re.S).group(1)
    exec_start = re.search(r"^ExecStart=(.+)$", block, re.M).group(1)
    program = Path(shlex.split(exec_start)[0]).name
    assert program in {"gunicorn", "bangfu"}
    assert (Path(sys.executable).parent / program).exists()
    if program == "bangfu":
        assert _bangfu_args(exec_start)[0] == "db_worker"
