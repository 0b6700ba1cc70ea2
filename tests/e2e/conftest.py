"""Browser smoke test fixtures: the real server in a subprocess, driven by system Chromium.

pytest-django's live_server and `db` fixtures are not used on purpose: Django's flush would
DELETE from the audit table, which its triggers forbid. Instead one `bangfu runserver` per
session serves a throw-away SQLite database in a temporary directory, filled by
`bangfu setup_demo`. No test here asks for the database, so the root conftest's
`django_db_setup` never runs for them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SERVER_START_TIMEOUT = 30  # seconds for runserver to answer
# seconds for migrate + load_divisions + demo data: about 3 minutes alone, much more on a
# busy 2-core machine
SETUP_DEMO_TIMEOUT = int(os.environ.get("BANGFU_E2E_SETUP_TIMEOUT", "900"))
CSP_MARKERS = ("Content Security Policy", "Refused to")


# Fixtures that would create the test database through pytest-django (and flush it, which
# the audit table's triggers forbid): the smoke test talks to its own server instead.
DB_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_setup",
    "live_server",
    "django_db_reset_sequences",
}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here not in Path(item.path).parents:
            continue
        used = DB_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") or used:
            raise pytest.UsageError(
                f"{item.nodeid}: e2e tests must not use the test database "
                f"(django_db marker or {sorted(used)}); use the `server_url` fixture."
            )


def _bangfu() -> list[str]:
    """The `bangfu` command of the virtualenv running pytest (.venv/bin/bangfu)."""
    script = Path(sys.executable).parent / "bangfu"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "bangfu.cli"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Always a fresh SQLite file for the smoke test, whatever the outer environment says.
    for name in (
        "DATABASE_URL",
        "TEST_DATABASE_NAME",
        "TEST_SQLITE_NAME",
        "DJANGO_SETTINGS_MODULE",
    ):
        env.pop(name, None)
    env.update(
        {
            "BANGFU_VAR_DIR": str(var_dir),
            "DEBUG": "1",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "bangfu.settings",
        }
    )
    return env


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


@pytest.fixture(scope="session")
def server_var_dir(tmp_path_factory) -> Path:
    """The served instance's var/ (its SQLite file is var/bangfu.sqlite3)."""
    return tmp_path_factory.mktemp("bangfu-e2e-var")


@pytest.fixture(scope="session")
def server_url(server_var_dir) -> str:
    """Base URL of a real `bangfu runserver` on a demo database, for the whole session."""
    var_dir = server_var_dir
    env = _server_env(var_dir)
    prepared = os.environ.get("BANGFU_E2E_DEMO_VAR")
    if prepared:
        # a var/ that `setup_demo` filled from this same tree, copied instead of made again:
        # for running one journey while working (never set by make e2e or CI)
        shutil.copytree(prepared, var_dir, dirs_exist_ok=True)
    setup = subprocess.run(
        [*_bangfu(), "setup_demo"] if not prepared else [*_bangfu(), "migrate", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=SETUP_DEMO_TIMEOUT,
        check=False,
    )
    if setup.returncode != 0:
        pytest.fail(
            f"`bangfu setup_demo` failed ({setup.returncode}):\n{setup.stdout}\n{setup.stderr}"
        )

    port = _free_port()
    log_path = var_dir / "runserver.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [*_bangfu(), "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"runserver exited with {proc.returncode}:\n{_tail(log_path)}")
            try:
                with urllib.request.urlopen(f"{url}/accounts/login/", timeout=2) as resp:  # noqa: S310
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"runserver did not answer within {SERVER_START_TIMEOUT}s:\n{_tail(log_path)}"
                )
            time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class ConsoleLog:
    """Console messages and page errors seen by every page of one test."""

    messages: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Page:
        def on_console(msg: ConsoleMessage) -> None:
            self.messages.append(f"[{msg.type}] {msg.text} ({page.url})")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.messages.append(f"[pageerror] {exc} ({page.url})"))
        return page

    def csp_violations(self) -> list[str]:
        return [m for m in self.messages if any(marker in m for marker in CSP_MARKERS)]


@pytest.fixture
def console_log() -> ConsoleLog:
    """Fails the test if any page it opened reported a Content Security Policy violation."""
    log = ConsoleLog()
    yield log
    violations = log.csp_violations()
    assert not violations, "CSP violations in the browser console:\n" + "\n".join(violations)


@pytest.fixture
def new_context(browser, server_url, console_log):
    """Factory for browser contexts (Chinese UI, base URL set) whose pages are watched."""
    contexts = []

    def make(**options):
        options.setdefault("locale", "zh-CN")
        options.setdefault("base_url", server_url)
        ctx = browser.new_context(**options)
        ctx.on("page", console_log.attach)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(new_context) -> Page:
    """A desktop-sized page (1280x900) in a fresh context."""
    return new_context(viewport={"width": 1280, "height": 900}).new_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ at the repository root (git-ignored), for screenshots."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
