import pytest

pytestmark = pytest.mark.django_db


def test_security_headers_and_csp_with_nonce_on_every_page(client):
    resp = client.get("/accounts/login/")
    csp = resp["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "default-src 'self'",
    ):
        assert directive in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    body = resp.content.decode()
    assert f'nonce="{nonce}"' in body
    assert "<script>" not in body  # every script carries the nonce or a src
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["X-Frame-Options"] == "DENY"
    assert resp["Referrer-Policy"] == "same-origin"
    assert resp["X-Request-ID"]


def test_pages_behind_login_are_not_cached(client_for, city_officer):
    resp = client_for(city_officer).get("/places/")
    assert resp["Cache-Control"] == "no-store"


def test_chinese_by_default_english_on_request(client):
    zh = client.get("/accounts/login/")
    assert '<html lang="zh-hans">' in zh.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    en = client.get("/accounts/login/")
    assert '<html lang="en">' in en.content.decode()
    assert "Sign in" in en.content.decode()


def test_the_chinese_catalogue_is_complete():
    """Every msgid of the project has a Chinese translation (none empty or fuzzy)."""
    from pathlib import Path

    import polib

    po = polib.pofile(
        str(Path(__file__).resolve().parents[2] / "bangfu/locale/zh_Hans/LC_MESSAGES/django.po")
    )
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == []
