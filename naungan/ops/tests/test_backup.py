"""The backup drill (README: Backup): fill data, back up, restore into a fresh database with the
real commands, and check that the audit chain verifies, counts and a sample of decrypted
identities equal the original, and attachments open. Runs on SQLite and on PostgreSQL."""

import hashlib
import json
import os
import uuid
from pathlib import Path

import psycopg
import pyrage
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from naungan.cases.models import Attachment, Person
from naungan.ops.backup import load_identities, read_manifest
from naungan.reporting.models import Report

from .fill import fill_city

pytestmark = pytest.mark.django_db(transaction=True)

READ_BACK = """
import hashlib, json
from naungan.cases.models import Attachment, Person
from naungan.reporting.models import Report
persons = {p.pk: [p.name, p.nik, p.phone, p.street, p.birth_date] for p in Person.objects.all()}
files = {a.pk: hashlib.sha256(a.file.open('rb').read()).hexdigest() for a in Attachment.objects.all()}
reports = {r.pk: [r.contact_name, hashlib.sha256(r.attachment.open('rb').read()).hexdigest()] for r in Report.objects.exclude(attachment='')}
print('JSON' + json.dumps({'persons': persons, 'files': files, 'reports': reports}))
"""


@pytest.fixture
def backup_key(tmp_path, settings):
    identity = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "backup-key.txt"
    key_file.write_text(f"# test\n{identity}\n")
    settings.BACKUP_RECIPIENTS = [str(identity.to_public())]
    return key_file


@pytest.fixture
def fresh_database(tmp_path):
    """DATABASE_URL of a new, empty database of the same engine as the tests."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    s = connection.settings_dict
    name = f"{s['NAME']}_r{uuid.uuid4().hex[:6]}"
    dsn = f"host={s['HOST'] or '127.0.0.1'} port={s['PORT'] or 5432} user={s['USER']} dbname=postgres"
    if s.get("PASSWORD"):
        dsn += f" password={s['PASSWORD']}"
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{s['USER']}{':' + s['PASSWORD'] if s.get('PASSWORD') else ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restored_env(database_url: str, tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "NAUNGAN_"))}
    env.update({"DATABASE_URL": database_url, "NAUNGAN_PROTECTED_MEDIA": str(tmp_path / "restored-protected"),
                "NAUNGAN_VAR_DIR": str(tmp_path / "restored-var"), "NAUNGAN_CONN_MAX_AGE": "0"})
    return env


def test_backup_drill_restores_everything_into_a_fresh_database(pasuruan, backup_key, fresh_database, tmp_path, manage, settings):
    filled = fill_city(pasuruan)
    (Path(settings.PROTECTED_MEDIA_ROOT) / "exports").mkdir(parents=True, exist_ok=True)
    (Path(settings.PROTECTED_MEDIA_ROOT) / "exports" / "export-1.csv").write_text("nama\nSiti Aminah\n")
    originals = {
        "persons": {str(p.pk): [p.name, p.nik, p.phone, p.street, p.birth_date] for p in Person.objects.all()},
        "files": {str(a.pk): a.sha256 for a in Attachment.objects.all()},
        "reports": {str(r.pk): [r.contact_name, hashlib.sha256(r.attachment.open("rb").read()).hexdigest()]
                    for r in Report.objects.exclude(attachment="")},
    }
    assert originals["persons"][str(filled.victim.pk)][0] == "Siti Aminah Djojo" and originals["files"] and originals["reports"]

    call_command("backup", "--output", str(tmp_path / "backups"), verbosity=0)
    archives = list((tmp_path / "backups").glob("naungan-*.tar.age"))
    assert len(archives) == 1
    raw = archives[0].read_bytes()
    assert raw.startswith(b"age-encryption.org/v1") and b"Siti" not in raw and b"%PDF" not in raw  # encrypted as a whole
    manifest = read_manifest(archives[0], load_identities(backup_key))
    assert manifest["counts"]["cases_person"] == Person.objects.count() == 4
    assert manifest["files"]["count"] == 2  # the attachment and the report's upload; exports are not backed up

    env = restored_env(fresh_database, tmp_path)
    r = manage("restore", str(archives[0]), "--identity", str(backup_key), env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "audit chain of" in r.stdout and "identities readable" in r.stdout
    r = manage("verify_audit", env=env)
    assert r.returncode == 0 and r.stdout.startswith("OK: ")
    r = manage("shell", "-c", READ_BACK, env=env)
    assert r.returncode == 0, r.stderr
    restored = json.loads(r.stdout.split("JSON", 1)[1])
    assert restored == originals
    assert not (tmp_path / "restored-protected" / "exports").exists()

    # a second restore into the same (now full) database is refused
    r = manage("restore", str(archives[0]), "--identity", str(backup_key), env=env)
    assert r.returncode != 0 and "not empty" in r.stderr


def test_an_archive_cannot_be_read_without_its_private_key(pasuruan, backup_key, tmp_path):
    call_command("backup", "--output", str(tmp_path), verbosity=0)
    archive = next(tmp_path.glob("naungan-*.tar.age"))
    other = tmp_path / "other-key.txt"
    other.write_text(str(pyrage.x25519.Identity.generate()) + "\n")
    with pytest.raises(Exception, match="cannot be decrypted"):
        read_manifest(archive, load_identities(other))


def test_backup_refuses_to_run_without_a_recipient_and_keeps_only_the_newest(pasuruan, settings, tmp_path, backup_key):
    settings.BACKUP_RECIPIENTS = []
    with pytest.raises(CommandError, match="NAUNGAN_BACKUP_RECIPIENTS"):
        call_command("backup", "--output", str(tmp_path))
    settings.BACKUP_RECIPIENTS = [str(load_identities(backup_key)[0].to_public())]
    for name in ("naungan-20200101T000000Z.tar.age", "naungan-20200102T000000Z.tar.age"):
        (tmp_path / name).write_bytes(b"old")
    call_command("backup", "--output", str(tmp_path), "--keep", "2", verbosity=0)
    assert sorted(p.name for p in tmp_path.glob("naungan-*.tar.age"))[0] == "naungan-20200102T000000Z.tar.age"
    assert len(list(tmp_path.glob("naungan-*.tar.age"))) == 2


def test_backup_keygen_writes_a_private_key_file_readable_only_by_its_owner(tmp_path, manage):
    key = tmp_path / "k.txt"
    r = manage("backup_keygen", "--output", str(key), env={**os.environ})
    assert r.returncode == 0, r.stderr
    assert "NAUNGAN_BACKUP_RECIPIENTS=age1" in r.stdout
    assert oct(key.stat().st_mode & 0o777) == "0o600" and load_identities(key)
    assert manage("backup_keygen", "--output", str(key), env={**os.environ}).returncode != 0
