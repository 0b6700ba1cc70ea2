"""bench.load's clients: a closed loop, or users who read each page before the next."""

from __future__ import annotations

import argparse
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import load


class _Page(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        _Page.hits.append(self.path)
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Page.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def _run(port, seconds, think):
    out = {"times": {p: [] for p in load.PAGES}, "errors": dict.fromkeys(load.PAGES, 0)}
    started = time.perf_counter()
    load._client(port, "s1", time.time() + seconds, out, threading.Lock(), think)
    return out, time.perf_counter() - started


def test_a_closed_loop_keeps_a_request_in_flight(server):
    out, _wall = _run(server, 0.5, None)
    done = sum(len(t) for t in out["times"].values())
    assert done == len(_Page.hits)
    assert done > 20  # no pause between requests
    assert not any(out["errors"].values())


def test_think_time_spaces_the_requests_and_ends_with_the_run(server):
    out, wall = _run(server, 1.0, (0.2, 0.3))
    done = sum(len(t) for t in out["times"].values())
    assert done == len(_Page.hits)
    assert 3 <= done <= 5  # a start within 0.3 s, then one request per 0.2–0.3 s read
    assert wall < 1.05  # the last pause that would outlast the run is not slept
    assert len(set(_Page.hits)) == done  # each next request is the next page


@pytest.mark.parametrize(
    ("text", "pair"), [("2,8", (2.0, 8.0)), ("3", (3.0, 3.0)), ("0,0.5", (0.0, 0.5))]
)
def test_think_time_option(text, pair):
    assert load._think(text) == pair


@pytest.mark.parametrize("text", ["8,2", "-1,2", "a,b", ""])
def test_think_time_option_refuses_nonsense(text):
    with pytest.raises(argparse.ArgumentTypeError):
        load._think(text)


def test_results_keep_the_closed_loop_and_the_think_time_runs_apart(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "RESULTS_DIR", tmp_path)
    page = {"n": 10, "errors": 0, "p50": 0.01, "p95": 0.02, "p99": 0.03, "rps": 1.0}
    base = {"database": "sqlite", "clients": 50, "seconds": 60.0, "workers": 3}
    base |= {"load": [(1.0, 1, 1), (2.0, 2, 2)], "pages": {"/dashboard/": page}}
    load.write_results({**base, "think": None}, "closed")
    path = load.write_results({**base, "think": (2.0, 8.0)}, "think")
    text = path.read_text(encoding="utf-8")
    assert "<!-- bench:sqlite -->" in text
    assert "<!-- bench:sqlite-think -->" in text
    assert "each reading a page 2–8 s before the next" in text
    assert "closed loop, no think time" in text
