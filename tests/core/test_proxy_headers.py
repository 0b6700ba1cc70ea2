"""Proxy headers are trusted only behind declared proxies (issue 13): with
TRUSTED_PROXY_COUNT=0 a client's own X-Forwarded-Proto or X-Forwarded-For changes nothing."""

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import RequestFactory
from bangfu.core.middleware import client_address
r = RequestFactory().get(
    "/", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="192.0.2.9", REMOTE_ADDR="10.0.0.1"
)
print(json.dumps([getattr(settings, "SECURE_PROXY_SSL_HEADER", None), r.is_secure(), client_address(r)]))
"""


def production_settings(proxies: int):
    """What production settings (DEBUG=0) make of a forged request, in a fresh process
    (settings are read once, at import)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bangfu.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "testserver",
        "TRUSTED_PROXY_COUNT": str(proxies),
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_without_proxies_forwarded_headers_are_ignored():
    header, secure, address = production_settings(0)
    assert (header, secure, address) == (None, False, "10.0.0.1")


def test_behind_one_proxy_the_proxy_says_https_and_the_address():
    header, secure, address = production_settings(1)
    assert (header, secure, address) == (["HTTP_X_FORWARDED_PROTO", "https"], True, "192.0.2.9")


@pytest.mark.django_db
def test_forged_proto_does_not_pass_as_https_here(client, settings):
    """The test settings (no proxy): a forged header does not make the request secure."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    assert getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is None
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert request.is_secure() is False


@pytest.mark.django_db
def test_a_clients_own_request_id_is_not_taken_without_a_proxy(client, settings):
    forged = "deadbeefdeadbeef"
    resp = client.get("/accounts/login/", HTTP_X_REQUEST_ID=forged)
    assert len(resp["X-Request-ID"]) == 16
    assert resp["X-Request-ID"] != forged
    settings.TRUSTED_PROXY_COUNT = 1
    assert client.get("/accounts/login/", HTTP_X_REQUEST_ID=forged)["X-Request-ID"] == forged
    # a proxy's id that is not a plain token is replaced too
    odd = client.get("/accounts/login/", HTTP_X_REQUEST_ID="a b\\nc")["X-Request-ID"]
    assert odd != "a b\\nc"
    assert len(odd) == 16
