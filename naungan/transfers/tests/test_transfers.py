import pytest

from naungan.audit.models import AuditEvent
from naungan.cases import services as CS
from naungan.cases.models import Case, CaseEvent, Person, PersonToken, Status
from naungan.core.errors import DomainError
from naungan.transfers import services as S
from naungan.transfers.models import Transfer, TransferStatus

pytestmark = pytest.mark.django_db


def send(case, actor, to="35.71", fields=("victim_age_sex", "forms"), **kw):
    data = {"reason": "Keluarga pindah ke Kediri.", "shared_fields": list(fields), "consent_relation": "ibu", "consent_method": "tertulis"}
    data.update(kw)
    return S.transfer_send(actor=actor, case=case, to_code=to, **data)


def test_sending_requires_consent_and_a_reason(pasuruan, kediri, pasuruan_case):
    cm = pasuruan.users["case_manager"]
    with pytest.raises(DomainError) as e:
        send(pasuruan_case, cm, consent_relation="")
    assert str(e.value) == S.CONSENT_REQUIRED
    with pytest.raises(DomainError) as e:
        send(pasuruan_case, cm, consent_method="telepati")
    assert str(e.value) == S.CONSENT_REQUIRED
    with pytest.raises(DomainError) as e:
        send(pasuruan_case, cm, reason=" ")
    assert str(e.value) == S.REASON_REQUIRED
    with pytest.raises(DomainError) as e:
        send(pasuruan_case, cm, to="35.75")
    assert str(e.value) == S.SAME_CITY
    assert not Transfer.objects.exists()


def test_a_partner_or_another_city_cannot_send(pasuruan, blitar, kediri, pasuruan_case):
    from django.http import Http404

    with pytest.raises(Http404):
        send(pasuruan_case, blitar.users["supervisor"])
    with pytest.raises(Http404):
        send(pasuruan_case, pasuruan.users["partner_police"])


def test_before_acceptance_the_receiver_sees_only_what_was_shared(pasuruan, kediri, pasuruan_case, login):
    t = send(pasuruan_case, pasuruan.users["case_manager"], fields=["victim_age_sex", "forms"])
    client = login(kediri.users["supervisor"])
    assert client.get(f"/kasus/{pasuruan_case.pk}/").status_code == 404
    body = client.get(f"/pindah/{t.pk}/").content.decode()
    assert "Fisik" in body and "12 th" in body and pasuruan_case.number in body
    assert "Siti" not in body and "dipukul" not in body and "3575014503140001" not in body and "Budi" not in body
    api = client.get(f"/api/v1/transfers/{t.pk}/").json()
    assert set(api["shared"]["fields"]) == {"Bentuk kekerasan", "Umur / jenis kelamin"}
    assert AuditEvent.objects.filter(action="transfer.shared_view", city_code="35.71").exists()
    # the receiving city's other staff roles and other cities see nothing at all
    for user in (kediri.users["partner_police"], kediri.users["community"], kediri.users["ppt_0"]):
        assert login(user).get(f"/pindah/{t.pk}/").status_code == 404
    assert login(kediri.users["partner_police"]).get(f"/api/v1/transfers/{t.pk}/").status_code == 404


def test_identity_is_shown_before_acceptance_only_when_the_sender_chose_it(pasuruan, kediri, pasuruan_case, login):
    t = send(pasuruan_case, pasuruan.users["case_manager"], fields=["victim_name", "chronology"])
    body = login(kediri.users["case_manager"]).get(f"/pindah/{t.pk}/").content.decode()
    assert "Siti Aminah" in body and "dipukul" in body and "3575014503140001" not in body


def test_out_of_scope_users_get_404_on_every_transfer_page_and_endpoint(pasuruan, blitar, kediri, pasuruan_case, login):
    t = send(pasuruan_case, pasuruan.users["case_manager"])
    client = login(blitar.users["supervisor"])
    for url in (f"/pindah/{t.pk}/", f"/pindah/kasus/{pasuruan_case.pk}/kirim/", f"/api/v1/transfers/{t.pk}/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/pindah/{t.pk}/aksi/terima/").status_code == 404
    assert client.post(f"/api/v1/transfers/{t.pk}/accept/").status_code == 404
    assert client.get("/api/v1/transfers/").json()["results"] == []
    assert login(pasuruan.users["partner_police"]).get("/pindah/").status_code == 404
    assert login(pasuruan.users["community"]).get("/pindah/minta/").status_code == 404
    t.refresh_from_db()
    assert t.status == TransferStatus.PENDING


def test_acceptance_gives_a_new_number_moves_the_history_and_leaves_a_read_only_stub(pasuruan, kediri, pasuruan_case, login):
    old_number = pasuruan_case.number
    CS.case_note_add(actor=pasuruan.users["case_manager"], case=pasuruan_case, body="Kunjungan rumah pertama.")
    t = send(pasuruan_case, pasuruan.users["case_manager"])
    new = S.transfer_accept(actor=kediri.users["supervisor"], transfer=t)

    assert new.city_id == "35.71" and new.number.startswith("35.71-") and new.owner_org == kediri.orgs["uptd"]
    t.refresh_from_db()
    assert t.status == TransferStatus.ACCEPTED and t.old_number == old_number and t.new_number == new.number
    # the history travels: persons (with their search tokens), timeline, forms
    assert new.persons.get(role="victim").name == "Siti Aminah" and new.chronology == "Korban dipukul di rumah oleh ayah."
    assert "Kunjungan rumah pertama." in [e.body for e in CaseEvent.objects.filter(case=new)]
    assert PersonToken.objects.filter(case=new).exists() and not PersonToken.objects.filter(case=pasuruan_case).exists()
    assert sorted(new.forms.values_list("form", flat=True)) == ["fisik", "psikis"]
    # the stub: closed, outcome recorded, no identity left, countable rows kept for the city's figures
    stub = Case.objects.get(pk=pasuruan_case.pk)
    assert stub.status == Status.CLOSED and stub.number == old_number and new.number in stub.closure_note
    assert stub.chronology == ""
    stub_victim = Person.objects.get(case=stub, role="victim")
    assert stub_victim.name == "" and stub_victim.nik_bidx == "" and stub_victim.sex == "P" and stub_victim.is_child
    assert sorted(stub.forms.values_list("form", flat=True)) == ["fisik", "psikis"]
    # read-only: no note, no reopen
    with pytest.raises(DomainError) as e:
        CS.case_note_add(actor=pasuruan.users["case_manager"], case=stub, body="x")
    assert str(e.value) == S.STUB_READ_ONLY
    with pytest.raises(DomainError):
        CS.case_reopen(actor=pasuruan.users["supervisor"], case=stub, reason="salah")
    # scope: each side sees its own
    sender = login(pasuruan.users["supervisor"])
    body = sender.get(f"/kasus/{stub.pk}/").content.decode()
    assert new.number in body and "hanya dapat dibaca" in body and "Siti" not in body
    assert sender.get(f"/kasus/{new.pk}/").status_code == 404
    receiver = login(kediri.users["case_manager"])
    assert old_number in receiver.get(f"/kasus/{new.pk}/").content.decode()
    assert "Siti Aminah" in receiver.post(f"/kasus/{new.pk}/identitas/").content.decode()  # names are masked until revealed
    assert receiver.get(f"/kasus/{stub.pk}/").status_code == 404
    # both sides audited
    assert AuditEvent.objects.filter(action="transfer.accept", city_code="35.75").exists()
    assert AuditEvent.objects.filter(action="transfer.receive", city_code="35.71").exists()


def test_a_transferred_person_is_found_by_the_receiving_city_search(pasuruan, kediri, pasuruan_case):
    from naungan.cases.selectors import case_list

    new = S.transfer_accept(actor=kediri.users["supervisor"], transfer=send(pasuruan_case, pasuruan.users["case_manager"]))
    assert list(case_list(user=kediri.users["case_manager"], filters={"q": "3575014503140001"})) == [new]
    assert list(case_list(user=pasuruan.users["case_manager"], filters={"q": "3575014503140001"})) == []


def test_only_the_receiving_unit_decides_an_offer(pasuruan, kediri, blitar, pasuruan_case):
    t = send(pasuruan_case, pasuruan.users["case_manager"])
    for user in (pasuruan.users["supervisor"], kediri.users["ppt_0"], blitar.users["supervisor"]):
        with pytest.raises(DomainError) as e:
            S.transfer_accept(actor=user, transfer=t)
        assert str(e.value) == S.NOT_DECIDER
    S.transfer_decline(actor=kediri.users["supervisor"], transfer=t, reason="Alamat keluarga bukan di Kediri.")
    t.refresh_from_db()
    assert t.status == TransferStatus.DECLINED
    with pytest.raises(DomainError) as e:
        S.transfer_accept(actor=kediri.users["supervisor"], transfer=t)
    assert str(e.value) == S.NOT_PENDING
    assert Case.objects.get(pk=pasuruan_case.pk).status != Status.CLOSED


def test_the_sender_can_cancel_and_send_again(pasuruan, kediri, pasuruan_case):
    t = send(pasuruan_case, pasuruan.users["case_manager"])
    with pytest.raises(DomainError) as e:
        send(pasuruan_case, pasuruan.users["case_manager"])
    assert str(e.value) == S.ALREADY_PENDING
    S.transfer_cancel(actor=pasuruan.users["case_manager"], transfer=t)
    assert send(pasuruan_case, pasuruan.users["case_manager"]).status == TransferStatus.PENDING


def test_a_supervisor_requests_a_case_and_the_owner_accepts(pasuruan, kediri, pasuruan_case, login):
    client = login(kediri.users["supervisor"])
    r = client.post("/pindah/minta/", {"number": pasuruan_case.number, "reason": "Keluarga kini tinggal di Kediri.",
                                       "consent_relation": "ibu", "consent_method": "lisan", "consent_confirm": "on"})
    t = Transfer.objects.get()
    assert r.status_code == 302 and t.direction == "request" and t.to_region_id == "35.71"
    body = client.get(f"/pindah/{t.pk}/").content.decode()
    assert "Siti" not in body and "dipukul" not in body and "Terima pemindahan" not in body
    assert client.get(f"/kasus/{pasuruan_case.pk}/").status_code == 404
    # the requester cannot accept its own request; the owning city decides
    with pytest.raises(DomainError):
        S.transfer_accept(actor=kediri.users["supervisor"], transfer=t)
    owner = login(pasuruan.users["supervisor"])
    assert "Terima pemindahan" in owner.get(f"/pindah/{t.pk}/").content.decode()
    r = owner.post(f"/pindah/{t.pk}/aksi/terima/")
    t.refresh_from_db()
    assert t.status == TransferStatus.ACCEPTED and t.new_case.city_id == "35.71"
    assert login(kediri.users["supervisor"]).get(f"/kasus/{t.new_case_id}/").status_code == 200


def test_only_supervisors_request(pasuruan, kediri, pasuruan_case):
    with pytest.raises(DomainError) as e:
        S.transfer_request(actor=kediri.users["case_manager"], case=pasuruan_case, city_code="35.71", reason="x",
                           consent_relation="ibu", consent_method="lisan")
    assert str(e.value) == S.ONLY_SUPERVISOR_REQUESTS


def test_transfer_up_to_the_province_uptd(pasuruan, pasuruan_case, province_supervisor, login):
    t = send(pasuruan_case, pasuruan.users["supervisor"], to="35")
    client = login(province_supervisor)
    assert client.get(f"/pindah/{t.pk}/").status_code == 200
    r = client.post(f"/api/v1/transfers/{t.pk}/accept/")
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    new = Case.objects.get(number=r.json()["new_number"])
    assert new.city_id == "35" and client.get(f"/kasus/{new.pk}/").status_code == 200


def test_a_city_not_yet_loaded_can_be_chosen(pasuruan, pasuruan_case):
    from naungan.regions.models import Region

    assert not Region.objects.filter(code="64.71").exists()
    t = send(pasuruan_case, pasuruan.users["case_manager"], to="64.71")
    assert t.to_region.name.upper().endswith("BALIKPAPAN")


def test_send_page_and_api(pasuruan, kediri, pasuruan_case, login):
    client = login(pasuruan.users["case_manager"])
    assert client.get(f"/pindah/kasus/{pasuruan_case.pk}/kirim/").status_code == 200
    r = client.post(f"/pindah/kasus/{pasuruan_case.pk}/kirim/", {"to_code": "35.71", "reason": "Pindah", "shared_fields": ["forms"],
                                                                 "consent_relation": "ibu", "consent_method": "tertulis", "consent_confirm": "on"})
    assert r.status_code == 302
    t = Transfer.objects.get()
    assert t.shared_fields == ["forms"]
    S.transfer_cancel(actor=pasuruan.users["case_manager"], transfer=t)
    r = client.post(f"/api/v1/cases/{pasuruan_case.pk}/transfer/", {"to_code": "35.71", "reason": "Pindah", "consent_relation": "ibu",
                                                                    "consent_method": "tertulis"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["shared"] is None
    assert login(kediri.users["supervisor"]).post(f"/api/v1/cases/{pasuruan_case.pk}/transfer/", {}, content_type="application/json").status_code == 404


def test_transfer_list_has_a_constant_query_count(pasuruan, kediri, pasuruan_case, login, django_assert_max_num_queries):
    from naungan.cases.services import case_register

    from .conftest import VICTIM

    client = login(kediri.users["supervisor"])
    send(pasuruan_case, pasuruan.users["case_manager"])
    client.get("/pindah/")
    with django_assert_max_num_queries(20):
        assert client.get("/pindah/").status_code == 200
    for i in range(4):
        c = case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="datang_uptd", persons=[dict(VICTIM, nik="")])
        send(c, pasuruan.users["case_manager"])
    with django_assert_max_num_queries(20):
        assert client.get("/pindah/").status_code == 200
