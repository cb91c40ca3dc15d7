"""A PPT officer loses the signal during a home visit, fills a registration, and comes back online:
the case exists once, with a clear message at each step; logout leaves nothing on the phone."""

import os

import pytest

from conftest import chromium_path, close_test_thread_connections

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run",
        "--disable-component-update", "--disable-sync"]

COUNT_IDB = """async () => {
  const db = await new Promise((ok, ko) => { const r = indexedDB.open("naungan-field", 1); r.onsuccess = () => ok(r.result); r.onerror = ko; });
  const count = (store) => new Promise((ok) => { const r = db.transaction(store).objectStore(store).count(); r.onsuccess = () => ok(r.result); });
  const out = {drafts: await count("drafts"), keys: await count("keys")};
  db.close();
  return out;
}"""

DRAFTS = """async () => {
  const db = await idb.openDB("naungan-field", 1);
  const all = await db.getAll("drafts");
  return all.map((d) => ({client_id: d.client_id, kind: d.kind, text: new TextDecoder("latin1").decode(d.ct), key: typeof d.key_id}));
}"""


@pytest.fixture
def browser_context(live_server_connections):
    path = chromium_path()
    if not path:
        pytest.skip("no Chromium found")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True, locale="id-ID")
        yield context
        browser.close()
        close_test_thread_connections()


def test_offline_registration_is_stored_once_when_back_online(live_server, browser_context):
    from naungan.accounts.demo import build_city
    from naungan.cases.models import Case
    from naungan.field.models import FieldSubmission

    world = build_city("35.75", password="pw-test-123456", ppt_kelurahan=1)
    user = world.users["ppt_0"]
    context = browser_context
    page = context.new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "pw-test-123456")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()

    # Online once after login: the app gets its key and keeps the empty intake form.
    page.goto(f"{live_server.url}/kasus/baru/")
    page.wait_for_selector("html[data-field-ready='1']")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the service worker
    page.wait_for_selector("html[data-field-ready='1']")
    assert page.evaluate("!!navigator.serviceWorker.controller")

    context.set_offline(True)
    page.goto(f"{live_server.url}/kasus/baru/")  # no connection: the stored form opens
    page.wait_for_selector("form[data-offline='case_intake']")
    assert user.username not in page.content()
    page.wait_for_selector("text=Anda sedang luring")
    page.screenshot(path="var/field-offline-390.png", full_page=True)

    page.select_option("select[name=place]", "rumah_tangga")
    page.get_by_label("Fisik").check()
    page.fill("input[name=v_name]", "Siti Aminah")
    page.select_option("select[name=v_sex]", "P")
    page.fill("input[name=v_estimated_age]", "12")
    page.fill("textarea[name=chronology]", "Dipukul ayah tiri saat pulang sekolah.")
    page.get_by_role("button", name="Periksa data ganda lalu simpan").click()
    page.wait_for_selector("text=Tersimpan di perangkat ini (terenkripsi)")
    drafts = page.evaluate(DRAFTS)
    assert len(drafts) == 1 and drafts[0]["kind"] == "case_intake"
    assert "Siti" not in drafts[0]["text"] and "Dipukul" not in drafts[0]["text"]  # encrypted on the device
    assert Case.objects.count() == 0

    context.set_offline(False)
    page.wait_for_selector("text=Pengaduan terdaftar dengan nomor", timeout=15000)
    case = Case.objects.get()
    assert case.number in page.inner_text("#field-status") and page.locator(f"#field-status a[href='/kasus/{case.pk}/']").count() == 1
    assert page.evaluate(COUNT_IDB)["drafts"] == 0
    page.screenshot(path="var/field-synced-390.png", full_page=True)

    # The answer was lost and the phone sends the same draft again: nothing new is stored.
    again = page.evaluate("""async (cid) => {
      const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
      const r = await fetch("/api/v1/field/drafts/", {method: "POST", headers: {"Content-Type": "application/json", "X-CSRFToken": token},
        body: JSON.stringify({client_id: cid, kind: "case_intake", fields: [["v_name", "Siti Aminah"]]})});
      return [r.status, await r.json()];
    }""", drafts[0]["client_id"])
    assert again[0] == 200 and again[1]["replayed"] is True and again[1]["number"] == case.number
    assert Case.objects.count() == 1 and FieldSubmission.objects.count() == 1

    # Logout wipes the drafts, the key and the stored form from the phone.
    page.goto(f"{live_server.url}/")
    page.locator("details.menu summary").click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/**")
    assert page.evaluate(COUNT_IDB) == {"drafts": 0, "keys": 0}
    assert page.evaluate("caches.has('naungan-shells')") is False
