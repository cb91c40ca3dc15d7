import pytest

from naungan.reporting.services import form_token_issue


@pytest.fixture
def report_data(pasuruan):
    def _data(**kw):
        data = {
            "form_token": form_token_issue(), "website": "", "reporter_kind": "tetangga", "kelurahan": pasuruan.kelurahan[0].code,
            "what": ["dipukul"], "description": "Anak tetangga sering dipukul ayahnya sampai menangis.", "danger_now": "",
            "contact_name": "Bu Warsini", "contact_phone": "0812-7777-8888",
        }
        data.update(kw)
        return {k: v for k, v in data.items() if v is not None}

    return _data


@pytest.fixture
def submit(client, report_data):
    """Submit through the public page like a browser without JavaScript; returns (code, pin)."""

    def _submit(**kw):
        r = client.post("/lapor/35.75/", report_data(**kw))
        assert r.status_code == 302, r.content.decode()[:2000]
        r = client.get(r["Location"])
        body = r.content.decode()
        import re

        code = re.search(r'id="tracking-code">([^<]+)<', body).group(1)
        pin = re.search(r'id="tracking-pin">([^<]+)<', body).group(1)
        return code, pin

    return _submit
