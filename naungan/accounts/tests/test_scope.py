import pytest

from naungan.accounts.models import Organisation
from naungan.accounts.roles import OrgKind
from naungan.accounts.scope import organisations_visible_to, users_visible_to

pytestmark = pytest.mark.django_db


def test_every_role_sees_only_organisations_of_its_own_city(pasuruan, blitar):
    for key in ["admin", "supervisor", "case_manager", "analyst", "auditor", "partner_police", "ppt_0", "satgas_0"]:
        cities = set(organisations_visible_to(pasuruan.users[key]).values_list("city_id", flat=True))
        assert cities == {"35.75"}, key


def test_community_reporter_sees_only_its_own_group(pasuruan):
    orgs = list(organisations_visible_to(pasuruan.users["community"]))
    assert orgs == [pasuruan.orgs["community"]]


def test_city_admin_supervisor_and_auditor_see_the_city_users_others_only_themselves(pasuruan, blitar):
    city_users = set(pasuruan.users.values())
    for key in ["admin", "supervisor", "auditor"]:
        seen = set(users_visible_to(pasuruan.users[key]))
        assert city_users <= seen, key
        assert not (set(blitar.users.values()) & seen), key
    for key in ["case_manager", "analyst", "ppt_0", "satgas_0", "partner_police", "community"]:
        assert list(users_visible_to(pasuruan.users[key])) == [pasuruan.users[key]], key


def test_each_kelurahan_has_a_ppt_and_a_satgas(pasuruan):
    assert Organisation.objects.filter(city_id="35.75", kind=OrgKind.PPT).count() == 34
    assert Organisation.objects.filter(city_id="35.75", kind=OrgKind.SATGAS_KELURAHAN).count() == 34
    assert Organisation.objects.filter(city_id="35.75", kind=OrgKind.SATGAS_KECAMATAN).count() == 4


def test_organisation_page_of_another_city_is_not_found(pasuruan, blitar, login):
    client = login(pasuruan.users["supervisor"])
    assert client.get(f"/akun/organisasi/{pasuruan.orgs['uptd'].pk}/").status_code == 200
    assert client.get(f"/akun/organisasi/{blitar.orgs['uptd'].pk}/").status_code == 404


def test_organisation_list_page_shows_own_city_only(pasuruan, blitar, login, django_assert_max_num_queries):
    client = login(pasuruan.users["admin"])
    with django_assert_max_num_queries(12):
        body = client.get("/akun/organisasi/").content.decode()
    assert "UPTD PPA Kota Pasuruan" in body
    assert "UPTD PPA Kota Blitar" not in body


def test_user_list_page_is_scoped(pasuruan, blitar, login, django_assert_max_num_queries):
    client = login(pasuruan.users["auditor"])
    with django_assert_max_num_queries(12):
        body = client.get("/akun/pengguna/").content.decode()
    assert pasuruan.users["case_manager"].username in body
    assert blitar.users["case_manager"].username not in body
    body = login(pasuruan.users["ppt_0"]).get("/akun/pengguna/").content.decode()
    assert pasuruan.users["case_manager"].username not in body


def test_only_a_city_admin_can_create_users_and_organisations(pasuruan, login):
    for key in ["supervisor", "case_manager", "auditor", "analyst", "ppt_0", "partner_police", "community"]:
        client = login(pasuruan.users[key])
        assert client.get("/akun/pengguna/baru/").status_code == 404, key
        assert client.get("/akun/organisasi/baru/").status_code == 404, key
        assert client.get("/akun/konfigurasi-kota/").status_code == 404, key


def test_city_admin_creates_a_user_with_a_role_and_it_is_audited(pasuruan, login):
    from naungan.accounts.models import User
    from naungan.audit.models import AuditEvent

    client = login(pasuruan.users["admin"])
    r = client.post("/akun/pengguna/baru/", {
        "username": "petugas.baru", "first_name": "Sri", "last_name": "", "password": "Sangat-Rahasia-99",
        "role": "case_manager", "organisation": pasuruan.orgs["uptd"].pk,
    })
    assert r.status_code == 302
    user = User.objects.get(username="petugas.baru")
    assert user.memberships.get().role == "case_manager"
    assert AuditEvent.objects.filter(action="membership.grant", object_id=str(user.memberships.get().pk)).exists()


def test_role_must_fit_the_organisation_kind(pasuruan, login):
    client = login(pasuruan.users["admin"])
    r = client.post("/akun/pengguna/baru/", {
        "username": "salah.peran", "password": "Sangat-Rahasia-99", "role": "ppt_officer", "organisation": pasuruan.orgs["uptd"].pk,
    })
    assert r.status_code == 200
    assert "tidak cocok" in r.content.decode()


def test_city_admin_edits_response_clocks(pasuruan, login):
    from naungan.accounts.models import CityConfig

    client = login(pasuruan.users["admin"])
    data = {"dinas_name": "DP3AKB", "uptd_phone": "0343-1", "uptd_whatsapp": "", "letterhead_lines": "KOP",
            "respond_minutes_tinggi": 60, "respond_minutes_sedang": 300, "respond_minutes_rendah": 2000, "outreach_minutes": 600}
    assert client.post("/akun/konfigurasi-kota/", data).status_code == 302
    assert CityConfig.objects.get(city_id="35.75").respond_minutes("tinggi") == 60


def test_home_page_shows_each_role_its_work(pasuruan, login):
    body = login(pasuruan.users["admin"]).get("/").content.decode()
    assert "Administrasi kota" in body and "Konfigurasi kota" in body
    body = login(pasuruan.users["auditor"]).get("/").content.decode()
    assert "Jejak audit" in body and "Administrasi kota" not in body
    body = login(pasuruan.users["ppt_0"]).get("/").content.decode()
    assert "Administrasi kota" not in body and "Jejak audit" not in body
