"""Accepting suggestions at once never gives a village more than five helpers.

As tests/pairing/test_concurrency.py: the race needs committed transactions, so it runs in a
child process (accept_probe.py) against a scratch database of the session's backend."""

from __future__ import annotations

import json
import subprocess
import sys

from django.conf import settings

from tests.pairing.test_concurrency import ROOT, _probe_env, scratch_database_url  # noqa: F401


def test_twenty_concurrent_acceptances_leave_five_open_pairings(
    tmp_path,
    scratch_database_url,  # noqa: F811
):
    result = subprocess.run(
        [sys.executable, "-m", "tests.pairing.suggestions.accept_probe"],
        cwd=ROOT,
        env=_probe_env(tmp_path, scratch_database_url),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    output = f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    assert result.returncode == 0, output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["engine"] == settings.DATABASES["default"]["ENGINE"]
    assert summary["errors"] == [], output
    assert summary["outcomes"] == {"accepted": 5, "refused": 15}, summary
    assert summary["open_pairings"] == 5
    assert summary["accepted_suggestions"] == 5
    assert summary["refusal_codes"] == ["village_full"]
    assert summary["peak_in_flight"] > 1, "the threads never overlapped"
