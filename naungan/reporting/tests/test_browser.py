"""A person on a cheap phone files a report and follows it up with the code and PIN."""

import os

import pytest

from conftest import chromium_path, close_test_thread_connections

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page(live_server_connections):
    path = chromium_path()
    if not path:
        pytest.skip("no Chromium found")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="id-ID")
        yield context.new_page()
        browser.close()
        close_test_thread_connections()


def test_file_a_report_on_a_phone_and_follow_it_up(live_server, page):
    from naungan.accounts.demo import build_city

    world = build_city("35.75", password="pw-test-123456", ppt_kelurahan=1)
    page.goto(f"{live_server.url}/lapor/35.75/")
    assert "112" in page.content()
    page.get_by_label("Tetangga / warga").check()
    page.select_option("select[name=kelurahan]", world.kelurahan[0].code)
    page.get_by_label("Dibentak, dihina, diancam, ditakut-takuti").check()
    page.get_by_label("Ada yang dalam bahaya SEKARANG").check()
    page.fill("textarea[name=description]", "Anak di rumah sebelah sering dibentak dan dikunci di luar.")
    page.get_by_role("button", name="Kirim laporan").click()
    page.wait_for_selector("#tracking-code")
    code = page.inner_text("#tracking-code").strip()
    pin = page.inner_text("#tracking-pin").strip()
    assert code.startswith("NGN-") and len(pin) == 6
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling on a phone
    assert "MENDESAK" in page.inner_text("[role=alert]") and page.locator("a[href='tel:112']").first.is_visible()
    page.reload()  # shown once: the code and PIN are gone
    assert page.locator("#tracking-pin").count() == 0

    page.goto(f"{live_server.url}/lapor/status/")
    page.fill("input[name=code]", code)
    page.fill("input[name=pin]", pin)
    page.get_by_role("button", name="Lihat status").click()
    page.wait_for_selector("#report-status")
    assert "Diterima" in page.inner_text("#report-status")
    page.fill("input[name=pin]", pin)
    page.fill("textarea[name=body]", "Tadi malam terjadi lagi.")
    page.get_by_role("button", name="Kirim informasi").click()
    page.wait_for_selector("text=informasi tambahan sudah kami terima")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
