"""The navigation: every role sees its links, the current section marked, who is signed in and
a logout button on every page; public pages carry the quick exit."""

import re

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["admin", "supervisor", "case_manager", "analyst", "auditor", "partner_police", "community", "ppt_0", "satgas_0"]


@pytest.mark.parametrize("who", ROLES)
def test_every_role_has_a_working_navigation_with_name_role_and_logout(who, pasuruan, client):
    user = pasuruan.users[who]
    client.force_login(user)
    body = client.get("/").content.decode()
    side = re.search(r'<nav class="sidenav".*?</nav>', body, re.S).group(0)
    links = re.findall(r'href="([^"]+)"', side)
    assert len(links) >= 3 and "/akun/profil/" in links
    assert 'id="logout"' in body and user.get_username() in body or user.get_full_name() in body
    m = pasuruan.users[who].memberships.first()
    assert m.get_role_display() in body and m.organisation.name in body
    for href in links:
        assert client.get(href).status_code == 200, href


def test_the_current_section_is_marked(pasuruan, client):
    client.force_login(pasuruan.users["case_manager"])
    body = client.get("/kasus/baru/").content.decode()
    side = re.search(r'<nav class="sidenav".*?</nav>', body, re.S).group(0)
    assert re.search(r'href="/kasus/baru/" aria-current="page"', side)
    assert not re.search(r'href="/kasus/" aria-current="page"', side)  # the longest match only


def test_public_pages_carry_the_quick_exit_and_staff_pages_do_not(pasuruan, client):
    for path in ["/lapor/", "/lapor/35.75/", "/lapor/35.75/anak/", "/lapor/status/", "/akun/masuk/"]:
        body = client.get(path).content.decode()
        assert 'id="quick-exit"' in body and "Keluar cepat" in body and "core/quickexit.js" in body, path
        assert "<script>" not in body  # CSP: no inline script
    client.force_login(pasuruan.users["case_manager"])
    assert 'id="quick-exit"' not in client.get("/kasus/").content.decode()
    client.force_login(pasuruan.users["community"])
    assert 'id="quick-exit"' in client.get("/lapor/komunitas/").content.decode()
