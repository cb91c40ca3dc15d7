"""deploy/ and the README stay true: every command a unit runs exists, every timer has its
service, every environment variable the settings read is in the README's configuration table."""

import io
import re
import sys

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from naungan.accounts.models import Membership, Organisation, User
from naungan.audit.models import AuditEvent

from .conftest import ROOT

DEPLOY = ROOT / "deploy"


def test_every_unit_runs_an_existing_command_and_every_timer_has_its_service():
    commands = set(get_commands())
    units = list((DEPLOY / "systemd").glob("*.service"))
    assert {u.stem for u in units} >= {"naungan-web", "naungan-worker", "naungan-reminders", "naungan-retention", "naungan-backup"}
    for unit in units:
        text = unit.read_text()
        assert "EnvironmentFile=/etc/naungan/naungan.env" in text and "User=naungan" in text
        for cmd in re.findall(r"manage\.py (\w+)", text):
            assert cmd in commands, (unit.name, cmd)
        for script in re.findall(r"ExecStart\w*=(/opt/naungan/deploy/\S+)", text):
            assert (ROOT / script.removeprefix("/opt/naungan/")).exists(), script
    for timer in (DEPLOY / "systemd").glob("*.timer"):
        assert (timer.with_suffix(".service")).exists(), timer.name
        assert "OnCalendar=" in timer.read_text()


def test_every_environment_variable_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    read = set(re.findall(r'environ\.get\("([A-Z_0-9]+)"', (ROOT / "naungan/config/settings.py").read_text()))
    read |= set(re.findall(r'env_bool\("([A-Z_0-9]+)"', (ROOT / "naungan/config/settings.py").read_text()))
    read |= set(re.findall(r'environ\.get\("([A-Z_0-9]+)"', (ROOT / "naungan/config/gunicorn.py").read_text()))
    example = set(re.findall(r"^#? ?([A-Z_0-9]+)=", (DEPLOY / "naungan.env.example").read_text(), re.M))
    missing = sorted(v for v in read | example if f"`{v}`" not in table)
    assert not missing, missing


def test_every_command_the_readme_names_exists():
    readme = (ROOT / "README.md").read_text()
    named = set(re.findall(r"manage\.py (\w+)", readme))
    assert {"backup", "restore", "backup_keygen", "rotate_field_keys", "rotate_blind_index_key", "apply_retention", "create_city_admin"} <= named
    assert named <= set(get_commands()), named - set(get_commands())


@pytest.mark.django_db
def test_create_city_admin_sets_up_the_city_and_its_first_administrator(monkeypatch, settings, client):
    # Kota Malang: a city nobody has set up (the personas of Pasuruan and Blitar stand in every test database).
    monkeypatch.setattr(sys, "stdin", io.StringIO("Pendek\n"))
    with pytest.raises(CommandError):
        call_command("create_city_admin", "--city", "35.73", "--username", "admin.kota", "--password-stdin")
    monkeypatch.setattr(sys, "stdin", io.StringIO("Kata-Sandi-Awal-2026\n"))
    call_command("create_city_admin", "--city", "35.73", "--username", "admin.kota", "--password-stdin", stdout=io.StringIO())
    user = User.objects.get(username="admin.kota")
    m = Membership.objects.get(user=user)
    assert m.role == "city_admin" and m.city_id == "35.73" and m.organisation.kind == "dinas"
    assert Organisation.objects.filter(city_id="35.73").count() == 1
    assert AuditEvent.objects.filter(action__in=["user.create", "membership.grant"]).count() == 2
    with pytest.raises(CommandError, match="exists"):
        call_command("create_city_admin", "--city", "35.73", "--username", "admin.kota", "--password-stdin")
    settings.NAUNGAN_REQUIRE_2FA = True  # production: the administrator must enrol before anything else
    assert client.post("/akun/masuk/", {"username": "admin.kota", "password": "Kata-Sandi-Awal-2026"}).status_code == 302
    r = client.get("/akun/pengguna/")
    assert r.status_code == 302 and r["Location"] == "/akun/2fa/aktifkan/"
    body = client.get("/akun/2fa/aktifkan/").content.decode()
    assert re.search(r'id="otp-key">[A-Z2-7]{4}( [A-Z2-7]{1,4})+<', body)  # a key apps accept as text
