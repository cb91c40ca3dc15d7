"""The case page: sections, victims masked by default and revealed by an audited POST, the
printable summary, labels and Indonesian dates instead of codes."""

import pytest

from naungan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_case_page_has_one_section_per_part_of_the_work(make_case, pasuruan, login):
    case = make_case()
    body = login(pasuruan.users["case_manager"]).get(f"/kasus/{case.pk}/").content.decode()
    for slug in ["ringkasan", "orang", "asesmen", "layanan", "hak", "hukum", "linimasa", "lampiran"]:
        assert f'<section id="{slug}"' in body and f'href="#{slug}"' in body, slug
    assert f'action="/kasus/{case.pk}/aksi/triase/"' in body  # the action beside its section
    assert 'name="next" value="kasus"' in body  # services forms come back to the case page
    assert 'aria-label="breadcrumb"' in body and 'href="/kasus/"' in body


def test_victim_names_are_masked_on_the_list_the_header_and_search(make_case, pasuruan, login):
    case = make_case()
    c = login(pasuruan.users["case_manager"])
    detail = c.get(f"/kasus/{case.pk}/").content.decode()
    assert "Siti Aminah" not in detail and "S.A., 12 th" in detail and "3575014503140001" not in detail
    listing = c.get("/kasus/").content.decode()
    assert "Siti Aminah" not in listing and "S.A., 12 th" in listing
    found = c.post("/kasus/", {"q": "Siti Aminah"}).content.decode().split("<table", 1)[1]
    assert case.number in found and "Siti Aminah" not in found and "S.A., 12 th" in found


def test_revealing_the_identity_is_a_post_and_is_audited(make_case, pasuruan, login):
    case = make_case()
    c = login(pasuruan.users["case_manager"])
    assert c.get(f"/kasus/{case.pk}/identitas/").status_code == 405
    body = c.post(f"/kasus/{case.pk}/identitas/").content.decode()
    assert "Siti Aminah" in body and "3575014503140001" in body
    event = AuditEvent.objects.filter(action="case.identity_reveal").get()
    assert event.object_id == str(case.pk) and "Siti" not in str(event.changes)
    assert "Siti Aminah" not in c.get(f"/kasus/{case.pk}/").content.decode()  # masked again on the next visit


def test_out_of_scope_users_get_404_for_reveal_and_summary(make_case, pasuruan, blitar, login):
    case = make_case()
    for user in [blitar.users["case_manager"], pasuruan.users["partner_police"], pasuruan.users["analyst"]]:
        c = login(user)
        assert c.post(f"/kasus/{case.pk}/identitas/").status_code == 404
        assert c.get(f"/kasus/{case.pk}/ringkasan.pdf").status_code == 404
    assert not AuditEvent.objects.filter(action__in=["case.identity_reveal", "case.summary_pdf"]).exists()


def test_the_case_summary_pdf_is_a_pdf_and_is_audited(make_case, pasuruan, login):
    case = make_case()
    r = login(pasuruan.users["supervisor"]).get(f"/kasus/{case.pk}/ringkasan.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert r["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action="case.summary_pdf", object_id=str(case.pk)).count() == 1


def test_codes_become_labels_and_dates_are_indonesian(make_case, pasuruan, login):
    from naungan.cases.services import case_triage

    case = make_case()
    cm = pasuruan.users["case_manager"]
    case_triage(actor=cm, case=case, risk="tinggi", case_type="kekerasan_anak", authority="kota")
    body = login(cm).get(f"/kasus/{case.pk}/").content.decode()
    assert "1 Oktober 2026" in body  # the incident date
    timeline = body.split('id="linimasa"', 1)[1]
    assert "datang_uptd" not in timeline and "kekerasan_anak" not in timeline and "Kekerasan terhadap anak" in timeline
    listing = login(cm).get("/kasus/").content.decode()
    assert ">fisik" not in listing and "Fisik" in listing
