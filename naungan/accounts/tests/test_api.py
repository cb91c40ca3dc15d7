import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
PW = "pw-test-123456"


def test_token_then_me_returns_role_organisation_and_scope(pasuruan):
    api = APIClient()
    user = pasuruan.users["ppt_0"]
    r = api.post("/api/v1/auth/token/", {"username": user.username, "password": PW}, format="json")
    assert r.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {r.json()['token']}")
    me = api.get("/api/v1/me/").json()
    assert me["role"] == "ppt_officer"
    assert me["organisation"].startswith("PPT Kelurahan")
    assert me["city_code"] == "35.75"
    assert me["region_code"] == pasuruan.kelurahan[0].code


def test_token_refused_for_wrong_password(pasuruan):
    r = APIClient().post("/api/v1/auth/token/", {"username": pasuruan.users["ppt_0"].username, "password": "x"}, format="json")
    assert r.status_code == 400 and "salah" in r.json()["detail"]


def test_token_needs_the_totp_code_when_enrolled(pasuruan):
    user = pasuruan.users["supervisor"]
    device = TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    api = APIClient()
    assert api.post("/api/v1/auth/token/", {"username": user.username, "password": PW}, format="json").status_code == 400
    r = api.post("/api/v1/auth/token/", {"username": user.username, "password": PW, "otp": f"{totp(device.bin_key):06d}"}, format="json")
    assert r.status_code == 200 and r.json()["token"]


def test_api_requires_authentication(db):
    assert APIClient().get("/api/v1/me/").status_code in (401, 403)
    assert APIClient().get("/api/v1/organisations/").status_code in (401, 403)


def test_organisation_api_is_scoped(pasuruan, blitar):
    api = APIClient()
    api.force_authenticate(pasuruan.users["case_manager"])
    cities = {o["city"] for o in api.get("/api/v1/organisations/?limit=1000").json()["results"]}
    assert cities == {"35.75"}
    assert api.get(f"/api/v1/organisations/{blitar.orgs['uptd'].pk}/").status_code == 404


def test_user_api_is_scoped(pasuruan, blitar):
    api = APIClient()
    api.force_authenticate(pasuruan.users["ppt_0"])
    assert [u["username"] for u in api.get("/api/v1/users/").json()["results"]] == [pasuruan.users["ppt_0"].username]


def test_openapi_schema_and_docs(pasuruan, client):
    client.force_login(pasuruan.users["case_manager"])
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/auth/token/" in schema and "/api/v1/me/" in schema
    assert client.get("/api/docs/").status_code == 200
