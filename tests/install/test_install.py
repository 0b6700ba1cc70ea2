"""A production install works: the project installed WITHOUT the dev group, as an operator
does (`uv sync --no-dev`, or `pip install .`), imports every module — and every package any function imports when it runs — and speaks
Chinese.

The scratch environment is made by uv from its cache (the locked versions; about ten
seconds), the project built as a wheel (not editable) so that what the wheel leaves out is
missed here too. Each module is imported in the scratch interpreter, run isolated (-I) from a
directory outside the checkout so that nothing is found in the source tree by accident."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import ast, importlib, importlib.util, json, os, pkgutil, sys, traceback
import django
django.setup()
import bangfu
missing, broken, seen = {}, {}, 0
for info in pkgutil.walk_packages(bangfu.__path__, "bangfu."):
    seen += 1
    try:
        module = importlib.import_module(info.name)
    except ModuleNotFoundError as exc:
        missing.setdefault(exc.name, []).append(info.name)
        continue
    except Exception:
        broken[info.name] = traceback.format_exc(limit=3)
        continue
    # imports inside functions run only when the function does: find them in the source
    source = getattr(module, "__file__", None)
    if not source or not source.endswith(".py"):
        continue
    for node in ast.walk(ast.parse(open(source, encoding="utf-8").read())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top != "bangfu" and importlib.util.find_spec(top) is None:
                missing.setdefault(top, []).append(info.name)
from django.utils import translation
translation.activate("zh-hans")
print(json.dumps({
    "file": bangfu.__file__,
    "modules": seen,
    "missing": missing,
    "broken": broken,
    "zh": str(translation.gettext("Records to confirm")),
}))
"""


def _uv() -> str:
    found = Path(sys.executable).with_name("uv")
    return str(found) if found.exists() else (shutil.which("uv") or pytest.fail("uv not found"))


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    env_dir = tmp_path_factory.mktemp("prod") / "venv"
    env = {
        **os.environ,
        "UV_PROJECT_ENVIRONMENT": str(env_dir),
        "UV_PYTHON_DOWNLOADS": "never",
    }
    done = subprocess.run(
        [_uv(), "sync", "--no-dev", "--frozen", "--no-editable", "--python", sys.executable],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return env_dir


def _run(env_dir: Path, args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DJANGO", "VIRTUAL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bangfu.settings",
        BANGFU_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    )
    return subprocess.run(
        args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_project_installed_without_the_dev_group_imports_every_module(production_env, tmp_path):
    done = _run(
        production_env, [str(production_env / "bin" / "python"), "-I", "-c", PROBE], tmp_path
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert not found["missing"], (
        "run-time imports of packages that are not run-time dependencies "
        f"(add them to [project] dependencies): {sorted(found['missing'])} in {found['missing']}"
    )
    assert not found["broken"], found["broken"]
    assert str(production_env) in found["file"]  # the installed copy, not the checkout
    assert found["modules"] > 100
    # the compiled catalogue is in the wheel: the pages are in Chinese
    assert found["zh"] == "待确认的帮扶记录"


def test_the_installed_command_runs(production_env, tmp_path):
    done = _run(production_env, [str(production_env / "bin" / "bangfu"), "check"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout
