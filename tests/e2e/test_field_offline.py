"""Field capture on a phone without signal: a county officer records an assistance record
with a photo, a supervision visit and a home visit with the browser context offline, reloads
the app offline (the queue is still there), goes online and syncs: exactly three records.
Sending the same items again (their answers lost) still makes three. A visit whose problem
is due before the visit is refused with the service's reason and stays editable; a progress
report on a plan item changed at the desk meanwhile is a conflict, both versions shown.
Screenshots of the queue and of the sync result go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
import sqlite3
import struct
import uuid
import zlib

import pytest
from playwright.sync_api import Page, expect

from bangfu.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0 Mobile Safari/537.36"
    ),
    "service_workers": "allow",
}
TODAY = dt.date.today()


def big_photo(width=2400, height=1800) -> bytes:
    """A camera-sized PNG (a plain colour band pattern), for the phone to shrink."""
    row = b"\x00" + bytes([40, 140, 90]) * (width // 2) + bytes([230, 200, 60]) * (width // 2)
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


def count(db, sql: str, marker: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql, (f"%{marker}%",)).fetchone()[0]


def _sign_in(page: Page) -> None:
    page.goto("/accounts/login/?next=/field/")
    page.fill("#id_username", "officer_chengde")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form:has(#id_username) button[type=submit]").click()
    expect(page.locator("[data-testid=field-app]")).to_be_visible()


def _open_case_at_the_desk(new_context) -> str:
    """A new monitoring case of 承德县 (its next step: the home visit), opened on the pages."""
    desk = new_context(viewport={"width": 1280, "height": 900}).new_page()
    desk.set_default_timeout(20_000)
    _sign_in(desk)
    desk.goto("/registry/households/?county=130821&status=exited")
    refs = desk.locator("tr[data-ref]").evaluate_all("rows => rows.map(r => r.dataset.ref)")
    for ref in refs[:20]:
        desk.goto(f"/registry/households/{ref}/")
        if desk.locator("[data-testid=open-case]").count():
            break
    else:
        pytest.fail("no exited household of 承德县 without an open monitoring case")
    desk.locator("[data-testid=open-case]").click()
    form = desk.locator("[data-testid=case-form]")
    form.locator("select[name=group]").select_option("unstable")
    form.locator("select[name=source]").select_option("visit")
    form.locator("textarea[name=reason]").fill("户主务工中断，收入明显下降")
    form.locator("input[name=opened_on]").fill(f"{TODAY - dt.timedelta(days=1):%Y-%m-%d}")
    form.locator("button[type=submit]").click()
    expect(desk.locator("[data-testid=case-state]")).to_have_attribute("data-state", "identifying")
    number = desk.url.rstrip("/").rsplit("/", 1)[-1]
    desk.close()
    return number


def _keep(page: Page, kind: str) -> None:
    page.locator(f"[data-testid=form-{kind}] [data-testid=keep]").click()
    expect(page.locator(f"[data-testid=form-{kind}]")).to_be_hidden()


def _visit(page: Page, findings: str, due: str) -> None:
    page.locator("[data-testid=new-visit]").click()
    form = page.locator("[data-testid=form-visit]")
    form.locator("select[name=county]").select_option("130821")
    form.locator("input[name=participants]").fill("县扶贫办 张敏")
    form.locator("textarea[name=findings]").fill(findings)
    form.locator("[data-testid=add-follow-up]").click()
    form.locator("input[name=fu_problem]").fill("灌溉水源不足")
    form.locator("input[name=fu_owner]").fill("下板城镇政府")
    form.locator("input[name=fu_due]").fill(due)
    _keep(page, "visit")


def _item(page: Page, text: str):
    return page.locator("[data-testid=queue-item]", has_text=text)


def test_three_items_recorded_offline_sync_once(new_context, server_url, server_var_dir, artifacts):
    marker = uuid.uuid4().hex[:8]
    db = server_var_dir / "bangfu.sqlite3"
    case_number = _open_case_at_the_desk(new_context)
    ctx = new_context(**PHONE)
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    _sign_in(page)
    # the service worker takes the app over and the lists reach the phone's store
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    # installable: Chromium finds nothing missing but a normal (not incognito) profile
    cdp = ctx.new_cdp_session(page)
    assert cdp.send("Page.getAppManifest")["errors"] == []
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert {e["errorId"] for e in errors} <= {"in-incognito"}, errors
    cdp.detach()
    expect(page.locator("[data-testid=new-home_visit]")).to_be_visible()
    lists = page.evaluate("() => FieldStore.get('forms')")
    assert case_number in [c["number"] for c in lists["home_visit"]["cases"]]
    items = lists["progress"]["items"]
    assert items, "the demo gives 承德县's pairings their plans"

    ctx.set_offline(True)
    expect(page.locator("[data-testid=net-state]")).to_have_attribute("data-state", "offline")

    # 1. an assistance record with a photo (made smaller on the phone)
    page.locator("[data-testid=new-assistance]").click()
    form = page.locator("[data-testid=form-assistance]")
    form.locator("select[name=pairing]").select_option(index=1)
    # a day of 2020H2: the journeys that file 承德县's current half-year and 2020H1 find no
    # record of this test waiting for confirmation in their period
    form.locator("input[name=on]").fill("2020-09-15")
    form.locator("select[name=pathway]").select_option("technology")
    form.locator("select[name=kind]").select_option("training")
    form.locator("textarea[name=description]").fill(f"田间技术培训 {marker}")
    form.locator("input[name=persons_trained]").fill("12")
    form.locator("[data-testid=photos]").set_input_files(
        {"name": "field.png", "mimeType": "image/png", "buffer": big_photo()}
    )
    expect(form.locator("[data-testid=photo-previews] img")).to_have_count(1)
    _keep(page, "assistance")
    # 2. a supervision visit with a problem to follow up
    _visit(page, f"大棚建设进度正常 {marker}", "2099-12-31")
    # 3. a home visit (入户核实) on a case waiting for it
    page.locator("[data-testid=new-home_visit]").click()
    form = page.locator("[data-testid=form-home_visit]")
    form.locator("select[name=case]").select_option(case_number)
    form.locator("input[name=signed_name]").fill("张敏")
    form.locator("textarea[name=notes]").fill(f"入户核实情况属实 {marker}")
    _keep(page, "home_visit")
    # 4. a visit whose problem is due before the visit: the server's rule refuses it
    _visit(page, f"道路损毁 {marker}-late", "2000-01-01")
    # 5. a progress report on a plan item that the desk changes meanwhile
    page.locator("[data-testid=new-progress]").click()
    form = page.locator("[data-testid=form-progress]")
    form.locator("select[name=item]").select_option(str(items[0]["id"]))
    form.locator("input[name=value]").fill("1")
    form.locator("textarea[name=note]").fill(f"手机上报 {marker}")
    _keep(page, "progress")

    stored = page.evaluate("() => FieldStore.items()")
    assert len(stored) == 5
    photo = next(i for i in stored if i["kind"] == "assistance")["photos"][0]
    assert photo.startswith("data:image/jpeg;base64,")
    size = page.evaluate(
        "src => new Promise(r => { const i = new Image(); "
        "i.onload = () => r([i.naturalWidth, i.naturalHeight]); i.src = src; })",
        photo,
    )
    assert max(size) == 1280  # 2400 × 1800 shrunk on the phone

    # closed and opened again without signal: the queue is still there
    page.reload()
    expect(page.locator("[data-testid=queue-item]")).to_have_count(5)
    expect(page.locator("[data-testid=queue-count]")).to_have_text("5")
    expect(page.locator("[data-testid=net-state]")).to_have_attribute("data-state", "offline")
    page.screenshot(path=str(artifacts / "field-queue-offline.png"), full_page=True)

    # meanwhile at the desk: a progress report on the same plan item (API, with a token)
    desk = new_context()
    token = desk.request.post(
        "/api/v1/token/", data={"username": "officer_chengde", "password": DEMO_PASSWORD}
    ).json()["token"]
    resp = desk.request.post(
        f"/api/v1/plan-items/{items[0]['id']}/progress/",
        data={"value": "2", "note": f"办公室录入 {marker}", "reported_on": f"{TODAY}"},
        headers={"Authorization": f"Token {token}"},
    )
    assert resp.status == 201, resp.text()

    # signal again: the app syncs by itself
    ctx.set_offline(False)
    expect(page.locator("[data-testid=flash]")).to_have_text("同步完成。")
    statuses = {"saved": 3, "refused": 1, "conflict": 1}
    for status, n in statuses.items():
        expect(page.locator(f"[data-testid=queue-item][data-status={status}]")).to_have_count(n)

    a = "SELECT count(*) FROM assistance_assistance WHERE description LIKE ?"
    v = "SELECT count(*) FROM oversight_visit WHERE findings LIKE ?"
    h = "SELECT count(*) FROM registry_monitoringstep WHERE notes LIKE ?"
    p = "SELECT count(*) FROM pairing_planprogress WHERE note LIKE ?"
    photos = (
        "SELECT count(*) FROM assistance_assistance_evidence e JOIN assistance_assistance a "
        "ON a.id = e.assistance_id WHERE a.description LIKE ?"
    )

    def records() -> tuple[int, ...]:
        return tuple(count(db, sql, marker) for sql in (a, v, h, p, photos))

    # three records (and the desk's progress report): the refused visit and the conflicting
    # progress report saved nothing
    assert records() == (1, 1, 1, 1, 1)

    refused = _item(page, f"{marker}-late")
    expect(refused).to_have_attribute("data-status", "refused")
    reasons = refused.locator("[data-testid=item-reasons]")
    expect(reasons).to_contain_text("早于督导日期")  # the service's own reason, in Chinese
    expect(reasons).not_to_contain_text("due_on")  # named by the form's label
    conflict = page.locator("[data-testid=queue-item][data-status=conflict]")
    expect(conflict.locator("[data-testid=conflict-phone]")).to_contain_text(f"手机上报 {marker}")
    expect(conflict.locator("[data-testid=conflict-server]")).to_contain_text(
        f"办公室录入 {marker}"
    )
    page.screenshot(path=str(artifacts / "field-sync-result.png"), full_page=True)

    # the answers were lost: the phone sends the same items again → still three records
    page.evaluate(
        """async () => {
          for (const item of await FieldStore.items()) {
            if (item.status === 'saved') { item.status = 'waiting'; await FieldStore.put(item); }
          }
        }"""
    )
    page.locator("[data-testid=sync-now]").click()
    expect(page.locator("[data-testid=flash]")).to_have_text("同步完成。")
    expect(page.locator("[data-testid=queue-item][data-status=saved]")).to_have_count(3)
    expect(page.locator("[data-testid=item-status]", has_text="服务器上已有")).to_have_count(3)
    page.locator("[data-testid=sync-now]").click()
    expect(page.locator("[data-testid=flash]")).to_have_text("同步完成。")
    assert records() == (1, 1, 1, 1, 1)

    # the refused item stays on the phone, editable: fixed and sent, it is saved
    refused.locator("[data-testid=item-edit]").click()
    page.locator("[data-testid=form-visit] input[name=fu_due]").fill("2099-12-31")
    _keep(page, "visit")
    page.locator("[data-testid=sync-now]").click()
    expect(_item(page, f"{marker}-late")).to_have_attribute("data-status", "saved")
    assert count(db, v, marker) == 2


def test_signing_out_clears_the_phone(new_context):
    ctx = new_context(**PHONE)
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    _sign_in(page)
    expect(page.locator("[data-testid=new-visit]")).to_be_visible()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    ctx.set_offline(True)
    _visit(page, "退出前的记录", "2099-12-31")
    assert len(page.evaluate("() => FieldStore.items()")) == 1
    # no full ID or phone number is kept on the phone
    page.locator("[data-testid=new-visit]").click()
    form = page.locator("[data-testid=form-visit]")
    form.locator("input[name=participants]").fill("联系人 13912345678")
    form.locator("textarea[name=findings]").fill("见户主")
    form.locator("[data-testid=keep]").click()
    expect(form.locator(".form-error")).to_contain_text("身份证号或手机号")
    # a half-filled form survives closing and opening the app again offline
    form.locator("input[name=participants]").fill("半填的草稿")
    page.wait_for_timeout(500)
    page.reload()
    form = page.locator("[data-testid=form-visit]")
    expect(form).to_be_visible()
    expect(form.locator("input[name=participants]")).to_have_value("半填的草稿")
    form.locator(".form-cancel").click()
    page.reload()
    expect(page.locator("[data-testid=queue-item]")).to_have_count(1)
    expect(page.locator("[data-testid=form-visit]")).to_be_hidden()
    assert len(page.evaluate("() => FieldStore.items()")) == 1
    # the session ends while the phone is out of signal: back online, the queue stays and
    # the app asks for sign-in before it sends anything
    ctx.clear_cookies()
    ctx.set_offline(False)
    expect(page.locator("[data-testid=signin-needed]")).to_be_visible()
    page.locator("[data-testid=sync-now]").click()
    expect(page.locator("[data-testid=signin-needed]")).to_be_visible()
    expect(page.locator("[data-testid=queue-item][data-status=waiting]")).to_have_count(1)
    _sign_in(page)
    expect(page.locator("[data-testid=queue-item][data-status=saved]")).to_have_count(1)
    page.locator("[data-testid=field-signout]").click()
    page.wait_for_url("**/accounts/login/**")
    page.goto("/accounts/login/")
    assert (
        page.evaluate(
            "() => new Promise(r => { const q = indexedDB.open('bangfu-field'); "
            "q.onsuccess = () => { const db = q.result; const names = [...db.objectStoreNames]; "
            "if (!names.includes('items')) return r(0); "
            "const c = db.transaction('items').objectStore('items').count(); "
            "c.onsuccess = () => r(c.result); }; })"
        )
        == 0
    )
    assert page.evaluate("() => caches.keys()") == []
