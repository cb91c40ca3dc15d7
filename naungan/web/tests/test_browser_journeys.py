"""Real browser (headless Chromium): every role's navigation at 390 and 1280 px answers 200, the
main journeys run end to end, axe-core finds no serious or critical violation on the main pages,
forms work by keyboard, and screenshots land in test-results/screenshots for a reviewer.

One browser for the module; each test builds its city once and opens a context per role/width."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from conftest import chromium_path, close_test_thread_connections

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run",
        "--disable-component-update", "--disable-sync"]
ROOT = Path(settings.BASE_DIR)
SHOTS = ROOT / "test-results" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {390: {"width": 390, "height": 844, "is_mobile": True, "has_touch": True}, 1280: {"width": 1280, "height": 900}}
ROLES = ["admin", "supervisor", "case_manager", "analyst", "auditor", "partner_police", "partner_social", "community", "ppt_0", "satgas_0"]
PASSWORD = "pw-test-123456"
AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ["violations"]});
  return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").slice(0, 160))}));
}"""


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if not path:
        pytest.skip("no Chromium found")
    if not AXE.exists():
        pytest.skip("axe-core missing: run `make setup` (npm ci)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def open_as(browser, live_server, live_server_connections):
    """open_as(user or None, width) -> page, signed in through the real login form (no shortcut)."""
    contexts = []

    def _open(user, width: int):
        ctx = browser.new_context(viewport={k: v for k, v in WIDTHS[width].items() if k in ("width", "height")},
                                  is_mobile=WIDTHS[width].get("is_mobile", False), has_touch=WIDTHS[width].get("has_touch", False),
                                  locale="id-ID", service_workers="block")
        ctx.add_init_script(path=str(AXE))  # injected by the browser, so the page's CSP stays strict
        # no network beyond loopback: the quick exit's neutral site is answered locally
        ctx.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"),
                  lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Cuaca</title><h1>Cuaca hari ini</h1>"))
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(30000)  # a loaded CI machine renders the case page slowly
        if user is not None:
            page.goto(f"{live_server.url}/akun/masuk/")
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", PASSWORD)
            with page.expect_navigation():
                page.get_by_role("button", name="Masuk").click()
        return page

    yield _open
    for ctx in contexts:
        ctx.close()
    close_test_thread_connections()


def check_axe(page, name: str, found: list | None = None) -> None:
    violations = page.evaluate(AXE_RUN)
    if found is not None:  # collect across pages, assert once at the end (a complete report)
        found.extend((name, v) for v in violations)
        return
    assert violations == [], f"{name}: {violations}"


def shot(page, name: str, width: int) -> None:
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, page.url


def controls_clear_of_quick_exit(page) -> None:
    """The quick exit (fixed, top right) covers none of the header's controls: language, sign out."""
    exit_box = page.locator("#quick-exit").bounding_box()
    assert exit_box, page.url
    for sel in ("#logout", "form.lang-switch button"):
        box = page.locator(sel).bounding_box() if page.locator(sel).count() else None
        if box is None:  # not on this page (signed out: no sign-out button)
            continue
        apart = (box["x"] + box["width"] <= exit_box["x"] or exit_box["x"] + exit_box["width"] <= box["x"]
                 or box["y"] + box["height"] <= exit_box["y"] or exit_box["y"] + exit_box["height"] <= box["y"])
        assert apart, (page.url, sel, box, exit_box)


def nav_links(page, width: int) -> list[str]:
    """The links of the role's navigation, checking that it is visible at this width."""
    if width >= 900:
        nav = page.locator("nav.sidenav")
        assert nav.is_visible()
        assert not page.locator("details.phone-nav > summary").is_visible()
    else:
        assert not page.locator("nav.sidenav").is_visible()
        summary = page.locator("details.phone-nav > summary")
        assert summary.is_visible()
        summary.click()
        nav = page.locator("details.phone-nav")
    links = nav.locator("a")
    assert links.count() >= 3
    assert links.first.is_visible()
    assert nav.locator("a[aria-current=page]").count() == 1  # the current section is marked
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


def test_every_role_has_a_visible_navigation_whose_links_answer_at_both_widths(open_as, live_server):
    from naungan.accounts.demo import build_city

    world = build_city("35.75", password=PASSWORD, ppt_kelurahan=1)
    checked_pages = set()
    found = []
    for who in ROLES:
        user = world.users[who]
        for width in (390, 1280):
            page = open_as(user, width)
            assert page.locator("#logout").is_visible() and page.locator("#who").is_visible()
            assert world.users[who].memberships.first().get_role_display() in page.inner_text("#who")
            hrefs = nav_links(page, width)
            no_sideways_scroll(page, width)
            check_axe(page, f"home {who} {width}", found)
            shot(page, f"home-{who}", width)
            for href in hrefs if width == 1280 else []:  # the same links at both widths: fetched once
                r = page.request.get(f"{live_server.url}{href}")
                assert r.status == 200, (who, href, r.status)
                if href not in checked_pages:  # each main page once through axe
                    checked_pages.add(href)
                    page.goto(f"{live_server.url}{href}")
                    check_axe(page, f"{href} as {who}", found)
                    shot(page, "page" + href.strip("/").replace("/", "-"), width)
            page.context.close()
    assert found == [], "\n".join(f"{name}: {v}" for name, v in found)


def _login_with_keyboard(page, live_server, user):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("input[name=username]").focus()
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_casework_journey_intake_triage_referral_partner_accepts_closure(open_as, live_server):
    from naungan.accounts.demo import build_city
    from naungan.accounts.roles import OrgKind
    from naungan.cases.models import Case
    from naungan.services.models import Referral

    world = build_city("35.75", password=PASSWORD, ppt_kelurahan=1)
    cm, sup, police = world.users["case_manager"], world.users["supervisor"], world.users["partner_police"]
    page = open_as(None, 1280)
    _login_with_keyboard(page, live_server, cm)  # the login form works by keyboard alone
    assert page.locator("#logout").is_visible()

    # Intake, filled from the keyboard: labels lead to their controls
    page.goto(f"{live_server.url}/kasus/baru/")
    check_axe(page, "intake")
    shot(page, "intake", 1280)
    page.get_by_label("Kelurahan tempat kejadian").select_option(world.kelurahan[0].code)
    page.get_by_label("Fisik").check()
    page.get_by_label("Kronologi").fill("Korban dipukul di rumah.")
    page.get_by_label("Nama korban").first.fill("Sari Wulandari")
    page.get_by_label("Jenis kelamin", exact=True).first.select_option("P")
    page.get_by_label("Perkiraan umur (jika tanggal lahir tidak diketahui)").fill("11")
    page.get_by_role("button", name="Tambah korban lain").click()  # htmx: no reload
    page.wait_for_selector("input[name=v2_name]")
    page.fill("input[name=v2_name]", "Dina")
    page.select_option("select[name=v2_sex]", "P")
    page.fill("input[name=v2_estimated_age]", "8")
    page.get_by_role("button", name="Periksa data ganda lalu simpan").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/kasus/\d+/$"))
    case = Case.objects.get()
    assert case.persons.filter(role="victim").count() == 2
    assert "Sari Wulandari" not in page.content() and "S.W., 11 th" in page.content()  # masked header
    check_axe(page, "case page")
    shot(page, "case", 1280)

    # Triage (beside the summary)
    assert page.locator("details:has(> summary:text-is('Triase'))").get_attribute("open") is not None  # open until triaged
    page.get_by_label("Risiko").select_option("tinggi")
    page.get_by_role("button", name="Simpan triase").click()
    page.wait_for_selector("text=Triase disimpan.")

    # Referral to the police from the case page's services section
    page.goto(f"{live_server.url}/kasus/{case.pk}/#layanan")
    page.locator("#layanan summary", has_text="Rujuk ke lembaga mitra").click()
    page.locator("#layanan select[name=agency]").select_option(str(world.orgs[OrgKind.POLICE_PPA].pk))
    page.locator("#layanan textarea[name=request]").fill("Mohon proses laporan polisi.")
    page.locator("#layanan").get_by_role("button", name="Kirim rujukan").click()
    page.wait_for_url(re.compile(r"#layanan$"))
    referral = Referral.objects.get()
    assert referral.letter_number.startswith("400.2/001/")
    pdf = page.request.get(f"{live_server.url}/layanan/rujukan/{referral.pk}/surat.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    # Partner accepts
    partner = open_as(police, 390)
    partner.goto(f"{live_server.url}/layanan/rujukan/{referral.pk}/")
    check_axe(partner, "referral (partner)")
    shot(partner, "referral-partner", 390)
    partner.get_by_role("button", name="Terima").click()
    partner.wait_for_load_state()
    referral.refresh_from_db()
    assert referral.status == "accepted"
    no_sideways_scroll(partner, 390)

    # The public check of the letter shows only the four facts
    partner.goto(f"{live_server.url}/layanan/surat/{referral.verify_token}/")
    assert referral.letter_number in partner.inner_text("#letter-facts") and case.number not in partner.content()

    # Closure: the case manager asks, the supervisor approves (on a phone)
    page.goto(f"{live_server.url}/kasus/{case.pk}/")
    page.locator("summary", has_text="Ajukan penutupan").click()
    page.locator("select[name=reason]").select_option("selesai_layanan")
    page.locator("form[action$='ajukan-tutup/']").get_by_role("button").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.closure_requested_at is not None, page.inner_text("main")[:500]
    boss = open_as(sup, 390)
    boss.goto(f"{live_server.url}/kasus/{case.pk}/")
    no_sideways_scroll(boss, 390)
    shot(boss, "case-supervisor", 390)
    boss.get_by_role("button", name="Setujui dan tutup kasus").click()
    boss.wait_for_load_state()
    case.refresh_from_db()
    assert case.status == "closed"


def test_child_reports_leaves_with_quick_exit_and_is_converted(open_as, live_server):
    from naungan.accounts.demo import build_city
    from naungan.cases.models import Case
    from naungan.reporting.models import Report

    world = build_city("35.75", password=PASSWORD, ppt_kelurahan=1)
    page = open_as(None, 390)
    page.goto(f"{live_server.url}/lapor/35.75/anak/")
    check_axe(page, "child form")
    shot(page, "report-child", 390)
    assert page.locator("#quick-exit").is_visible()
    page.get_by_label("Aku sendiri").check()
    page.select_option("select[name=kelurahan]", "tidak_tahu")
    page.locator("input[name=what]").first.check()
    page.fill("input[name=contact_name]", "Nabila")
    page.get_by_role("button", name="Kirim").click()
    page.wait_for_selector("#tracking-code")
    assert "ceritamu" in page.content()
    code, pin = page.inner_text("#tracking-code").strip(), page.inner_text("#tracking-pin").strip()
    check_axe(page, "child thanks")
    shot(page, "report-child-thanks", 390)
    no_sideways_scroll(page, 390)

    # Esc leaves for a neutral site; Back does not bring the report page up again
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"^https://www\.google\.com/"))
    page.go_back()
    assert "/lapor/terkirim/" not in page.url

    # Staff convert the report; the child sees the status in child words
    report = Report.objects.get(tracking_code=code)
    staff = open_as(world.users["case_manager"], 1280)
    staff.goto(f"{live_server.url}/lapor/antrean/{report.pk}/")
    check_axe(staff, "report detail")
    staff.get_by_role("button", name="Jadikan kasus").click()
    staff.wait_for_url(re.compile(r"/kasus/\d+/$"))
    case = Case.objects.get(source_report_id=report.pk)
    assert [p.role for p in case.persons.all()] == ["victim"] and case.persons.get().name == "Nabila"
    child = open_as(None, 390)
    child.goto(f"{live_server.url}/lapor/status/?anak=1")
    child.fill("input[name=code]", code)
    child.fill("input[name=pin]", pin)
    child.get_by_role("button", name="Lihat kabarnya").click()
    child.wait_for_selector("#report-status")
    assert "membantumu" in child.inner_text("#report-status")
    check_axe(child, "child status")
    shot(child, "report-child-status", 390)


def test_quick_exit_works_without_javascript_as_a_plain_link(browser, live_server, live_server_connections):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    ctx.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.fulfill(status=200, body="cuaca"))
    page = ctx.new_page()
    page.goto(f"{live_server.url}/lapor/")
    page.locator("#quick-exit").click()
    page.wait_for_url(re.compile(r"^https://www\.google\.com/"))
    ctx.close()
    close_test_thread_connections()


def test_analyst_dashboard_and_export_and_kla_evaluation(open_as, live_server):
    from naungan.accounts.demo import build_city
    from naungan.kla import services as K

    world = build_city("35.75", password=PASSWORD, ppt_kelurahan=1)
    K.load_default_set()
    analyst = open_as(world.users["analyst"], 1280)
    analyst.goto(f"{live_server.url}/statistik/")
    check_axe(analyst, "dashboard")
    shot(analyst, "dashboard", 1280)
    analyst.goto(f"{live_server.url}/statistik/ekspor/")
    check_axe(analyst, "export")
    assert analyst.locator("input[name=date_from]").input_value()  # the period is filled in (ISO for type=date)
    analyst.get_by_label("Jenis").select_option("anonim")
    with analyst.expect_navigation():
        analyst.get_by_role("button", name="Buat ekspor").click()
    assert re.search(r"/statistik/ekspor/\d+/$", analyst.url), (analyst.url, analyst.inner_text("main")[:400])
    check_axe(analyst, "export job")
    shot(analyst, "export-job", 1280)
    analyst_phone = open_as(world.users["analyst"], 390)
    analyst_phone.goto(f"{live_server.url}/statistik/")
    no_sideways_scroll(analyst_phone, 390)
    shot(analyst_phone, "dashboard", 390)

    sup = open_as(world.users["supervisor"], 1280)
    sup.goto(f"{live_server.url}/kla/")
    sup.get_by_role("button", name="Mulai evaluasi").click()
    sup.wait_for_url(re.compile(r"/kla/evaluasi/\d+/$"))
    check_axe(sup, "kla evaluation")
    indicator = sup.locator("details.kla-indicator").first
    indicator.locator("summary").click()
    indicator.locator("input[name=value]").fill("10")
    with sup.expect_navigation():
        indicator.get_by_role("button", name="Simpan nilai").click()
    from naungan.kla.models import Score

    assert Score.objects.filter(score__isnull=False).count() == 1
    shot(sup, "kla-evaluation", 1280)


def test_the_quick_exit_leaves_sign_out_and_language_usable_on_staff_pages_under_lapor(open_as, live_server, pasuruan):
    """The report queue lives under /lapor/, where every page carries the quick exit: at 1280 px the
    button once lay over the officer's language switch and sign-out button."""
    for width in (390, 1280):
        page = open_as(pasuruan.users["supervisor"], width)
        page.goto(f"{live_server.url}/lapor/antrean/")
        assert page.locator("#quick-exit").is_visible() and page.locator("#logout").is_visible()
        controls_clear_of_quick_exit(page)
        no_sideways_scroll(page, width)
        shot(page, "report-queue", width)
        page.context.close()
    public = open_as(None, 390)
    public.goto(f"{live_server.url}/lapor/35.75/")
    controls_clear_of_quick_exit(public)
