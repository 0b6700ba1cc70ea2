"""The pairing API's tests: English messages, uploads in a scratch folder, JSON requests."""

from __future__ import annotations

import pytest

API = "/api/v1"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def api_for(client_for):
    """A signed-in client whose messages come in English, so that tests can read them."""

    def make(user):
        c = client_for(user)
        c.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return c

    return make


def post_json(c, url, data=None):
    return c.post(url, data or {}, content_type="application/json")


def patch_json(c, url, data):
    return c.patch(url, data, content_type="application/json")
