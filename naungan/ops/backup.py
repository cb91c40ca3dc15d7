"""One encrypted archive holds everything needed to bring Naungan back: the database (pg_dump's
custom format on PostgreSQL, SQLite's online backup API otherwise), the protected files
(attachments, report uploads, KLA evidence) and a manifest with row counts and the audit chain
head, all in one tar stream encrypted with age (https://age-encryption.org, through pyrage).

Everything streams: pg_dump's output goes into the archive in 16 MiB pieces, files are copied
through a pipe, and age encrypts in 64 KiB chunks, so memory stays flat whatever the database
size. The archive is written to public age *recipients*: the server can make backups but cannot
read them; the private key (identity) lives offline and is needed only to restore. The field keys
are not in the archive (identities in it stay sealed): keep them in the safe with the identity.

Export files (var/protected/exports/) are derived copies of identities and are not backed up."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyrage
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "naungan-backup/1"
MANIFEST = "manifest.json"
DB_PREFIX = "database/"
FILES_PREFIX = "files/"
CHUNK = 16 * 1024 * 1024
SKIPPED_DIRS = ("exports", "health_check")


class BackupError(Exception):
    pass


def fingerprint(secret: str) -> str:
    """A short, non-reversible name for a key, to tell keys apart without revealing them."""
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def table_names() -> list[str]:
    names = {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy}
    return sorted(names)


def _count_rows(cursor, tables: Iterable[str], existing: set[str]) -> dict[str, int]:
    counts = {}
    for t in tables:
        if t in existing:
            cursor.execute(f'SELECT COUNT(*) FROM "{t}"')  # noqa: S608 - names come from the models
            counts[t] = cursor.fetchone()[0]
    return counts


def _audit_head(cursor) -> dict:
    cursor.execute('SELECT last_seq, last_hash FROM "audit_auditchainhead" WHERE id = 1')
    row = cursor.fetchone()
    return {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": "0" * 64}


def protected_files() -> list[tuple[Path, str, int]]:
    root = Path(settings.PROTECTED_MEDIA_ROOT)
    out = []
    if not root.exists():
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        if rel_dir == Path("."):
            dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if p.is_file() and not p.is_symlink():
                out.append((p, str(rel_dir / name) if rel_dir != Path(".") else name, p.stat().st_size))
    return out


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"unsupported database: {vendor}")
    return vendor


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    size: int


# ----------------------------------------------------------------------------------------------
# writing

def _add_stream(tar: tarfile.TarFile, name: str, fh, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, fh)


def _write_tar(out, manifest: dict, db_source: Callable[[tarfile.TarFile], None], files: list[tuple[Path, str, int]]) -> None:
    with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        data = json.dumps(manifest, indent=2, sort_keys=True).encode()
        _add_stream(tar, MANIFEST, io.BytesIO(data), len(data))
        db_source(tar)
        for path, rel, size in files:
            with open(path, "rb") as fh:
                _add_stream(tar, FILES_PREFIX + rel, fh, size)


def _pg_dump_source(snapshot: str, db: dict):
    def source(tar: tarfile.TarFile) -> None:
        cmd = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_pg_env(db))
        part = 0
        try:
            while True:
                chunk = proc.stdout.read(CHUNK)
                if not chunk:
                    break
                part += 1
                _add_stream(tar, f"{DB_PREFIX}pg_dump.{part:06d}", io.BytesIO(chunk), len(chunk))
        finally:
            proc.stdout.close()
            err = proc.stderr.read().decode(errors="replace")
            rc = proc.wait()
        if rc != 0:
            raise BackupError(f"pg_dump failed ({rc}): {err.strip()[:500]}")
    return source


def _sqlite_source(copy_path: Path):
    def source(tar: tarfile.TarFile) -> None:
        with open(copy_path, "rb") as fh:
            _add_stream(tar, f"{DB_PREFIX}naungan.sqlite3", fh, copy_path.stat().st_size)
    return source


def _encrypt_pipeline(target: Path, recipients: list, produce: Callable[[io.BufferedWriter], None]) -> None:
    """Run `produce(writer)` in a thread; age-encrypt what it writes into `target` here."""
    r_fd, w_fd = os.pipe()
    errors: list[BaseException] = []

    def producer():
        with os.fdopen(w_fd, "wb", buffering=1024 * 1024) as writer:
            try:
                produce(writer)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                errors.append(exc)

    thread = threading.Thread(target=producer, name="backup-writer", daemon=True)
    thread.start()
    reader = os.fdopen(r_fd, "rb", buffering=1024 * 1024)
    try:
        with open(target, "wb") as out:
            pyrage.encrypt_io(reader, out, recipients)
            out.flush()
            os.fsync(out.fileno())
    finally:
        reader.close()  # a failed encryption unblocks the producer (broken pipe)
        thread.join()
    if errors:
        raise errors[0]


def _recipients(raw: list[str]) -> list:
    if not raw:
        raise BackupError("no backup recipient: set NAUNGAN_BACKUP_RECIPIENTS (README: Backup)")
    try:
        return [pyrage.x25519.Recipient.from_str(r) for r in raw]
    except Exception as exc:
        raise BackupError(f"NAUNGAN_BACKUP_RECIPIENTS holds an invalid age recipient: {exc}") from exc


def backup_create(*, output_dir: Path, recipients: list[str] | None = None) -> BackupResult:
    """Write one encrypted archive into `output_dir` and return its path and manifest."""
    keys = _recipients(recipients if recipients is not None else settings.BACKUP_RECIPIENTS)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    final = output_dir / f"naungan-{stamp}.tar.age"
    partial = output_dir / f".{final.name}.partial"
    vendor = engine()
    tables = table_names()
    files = protected_files()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": vendor,
        "files": {"count": len(files), "bytes": sum(s for _, _, s in files)},
        "field_key_fingerprints": [fingerprint(k) for k in settings.FIELD_ENCRYPTION_KEYS],
        "blind_index_key_fingerprint": fingerprint(settings.BLIND_INDEX_KEY),
    }
    try:
        if vendor == "postgresql":
            # One snapshot for the counts, the chain head and pg_dump: the manifest describes
            # exactly the data in the dump, even while people keep working.
            with transaction.atomic():
                with connection.cursor() as cur:
                    cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    cur.execute("SELECT pg_export_snapshot()")
                    snapshot = cur.fetchone()[0]
                    existing = set(connection.introspection.table_names(cur))
                    manifest["counts"] = _count_rows(cur, tables, existing)
                    manifest["audit_head"] = _audit_head(cur)
                    manifest["migrations"] = _migrations(cur)
                source = _pg_dump_source(snapshot, connection.settings_dict)
                _encrypt_pipeline(partial, keys, lambda w: _write_tar(w, manifest, source, files))
        else:
            with tempfile.TemporaryDirectory(prefix="naungan-backup-", dir=output_dir) as tmp:
                copy = Path(tmp) / "naungan.sqlite3"
                connection.ensure_connection()
                dest = sqlite3.connect(copy)
                try:
                    connection.connection.backup(dest)  # online: readers and writers go on
                finally:
                    dest.close()
                src = sqlite3.connect(copy)
                try:
                    cur = src.cursor()
                    existing = {r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type='table'")}
                    manifest["counts"] = _count_rows(cur, tables, existing)
                    manifest["audit_head"] = _audit_head(cur)
                    manifest["migrations"] = _migrations(cur)
                finally:
                    src.close()
                _encrypt_pipeline(partial, keys, lambda w: _write_tar(w, manifest, _sqlite_source(copy), files))
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(path=final, manifest=manifest, size=final.stat().st_size)


def _migrations(cursor) -> dict[str, str]:
    cursor.execute('SELECT app, name FROM "django_migrations" ORDER BY id')
    last: dict[str, str] = {}
    for app, name in cursor.fetchall():
        last[app] = name
    return last


def prune_old_backups(output_dir: Path, keep: int) -> list[Path]:
    """Keep the newest `keep` archives in `output_dir` (the off-site copy keeps its own history)."""
    archives = sorted(Path(output_dir).glob("naungan-*.tar.age"))
    old = archives[:-keep] if keep > 0 else []
    for p in old:
        p.unlink()
    return old


# ----------------------------------------------------------------------------------------------
# reading

def load_identities(path: Path) -> list:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            out.append(pyrage.x25519.Identity.from_str(line))
    if not out:
        raise BackupError(f"no age identity (AGE-SECRET-KEY-…) in {path}")
    return out


def _decrypt_pipeline(archive: Path, identities: list, consume: Callable[[io.BufferedReader], None]) -> None:
    """Decrypt `archive` in a thread into a pipe; `consume(reader)` reads the tar stream here."""
    r_fd, w_fd = os.pipe()
    errors: list[BaseException] = []

    def decrypter():
        with os.fdopen(w_fd, "wb", buffering=1024 * 1024) as writer, open(archive, "rb") as src:
            try:
                pyrage.decrypt_io(src, writer, identities)
            except BrokenPipeError:
                pass  # the reader stopped early and says why
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                errors.append(exc)

    thread = threading.Thread(target=decrypter, name="backup-reader", daemon=True)
    thread.start()
    reader = os.fdopen(r_fd, "rb", buffering=1024 * 1024)
    failure: BaseException | None = None
    try:
        consume(reader)
        while reader.read(1024 * 1024):  # drain, so the decrypter can finish (and authenticate the end)
            pass
    except BaseException as exc:  # noqa: BLE001 - a decryption failure explains it better, if there is one
        failure = exc
    finally:
        reader.close()
        thread.join()
    if errors:
        raise BackupError(f"the archive cannot be decrypted with this identity or is damaged: {errors[0]}") from errors[0]
    if failure is not None:
        raise failure


def read_manifest(archive: Path, identities: list) -> dict:
    found: dict = {}

    def consume(reader):
        with tarfile.open(fileobj=reader, mode="r|") as tar:
            member = tar.next()
            if member is None or member.name != MANIFEST:
                raise BackupError("not a Naungan backup (no manifest first)")
            found.update(json.loads(tar.extractfile(member).read()))

    _decrypt_pipeline(archive, identities, consume)
    return found


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0


def database_is_empty() -> bool:
    with connection.cursor() as cur:
        return not connection.introspection.table_names(cur)


def _safe_target(root: Path, rel: str) -> Path:
    target = (root / rel).resolve()
    if not str(target).startswith(str(root.resolve()) + os.sep):
        raise BackupError(f"refusing a file outside the protected folder: {rel!r}")
    return target


def backup_restore(*, archive: Path, identities: list) -> RestoreResult:
    """Restore into an empty database and an empty protected folder. The caller verifies."""
    vendor = engine()
    db = dict(connection.settings_dict)
    if not database_is_empty():
        raise BackupError("the database is not empty: restore only into a new, empty database")
    root = Path(settings.PROTECTED_MEDIA_ROOT)
    if root.exists() and any(p for p in root.iterdir() if p.name not in SKIPPED_DIRS):
        raise BackupError(f"the protected folder {root} is not empty")
    connection.close()
    result = RestoreResult(manifest={})
    state: dict = {"proc": None, "sqlite_tmp": None}

    def consume(reader):
        with tarfile.open(fileobj=reader, mode="r|") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    result.manifest = json.loads(tar.extractfile(member).read())
                    if result.manifest.get("format") != FORMAT:
                        raise BackupError(f"unknown archive format {result.manifest.get('format')!r}")
                    if result.manifest.get("engine") != vendor:
                        raise BackupError(f"the archive holds a {result.manifest.get('engine')} database; this server uses {vendor}")
                    continue
                if not result.manifest:
                    raise BackupError("not a Naungan backup (no manifest first)")
                if not member.isfile():
                    continue
                src = tar.extractfile(member)
                if member.name.startswith(DB_PREFIX):
                    if vendor == "postgresql":
                        if state["proc"] is None:
                            state["proc"] = subprocess.Popen(
                                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", db["NAME"]],
                                stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=_pg_env(db))
                        shutil.copyfileobj(src, state["proc"].stdin, 1024 * 1024)
                    else:
                        target = Path(db["NAME"])
                        tmp = target.with_name(f".{target.name}.restoring")
                        with open(tmp, "wb") as out:
                            shutil.copyfileobj(src, out, 1024 * 1024)
                        state["sqlite_tmp"] = tmp
                elif member.name.startswith(FILES_PREFIX):
                    target = _safe_target(root, member.name[len(FILES_PREFIX):])
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with open(target, "wb") as out:
                        shutil.copyfileobj(src, out, 1024 * 1024)
                    result.files += 1

    try:
        _decrypt_pipeline(archive, identities, consume)
    finally:
        proc = state["proc"]
        if proc is not None:
            proc.stdin.close()
            err = proc.stderr.read().decode(errors="replace")
            rc = proc.wait()
            if rc != 0:
                raise BackupError(f"pg_restore failed ({rc}): {err.strip()[:500]}")
    if vendor == "sqlite":
        tmp = state["sqlite_tmp"]
        if tmp is None:
            raise BackupError("the archive holds no database")
        target = Path(db["NAME"])
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(tmp, target)
    elif state["proc"] is None:
        raise BackupError("the archive holds no database")
    connection.close()
    with connection.cursor() as cur:
        existing = set(connection.introspection.table_names(cur))
        result.counts = _count_rows(cur, result.manifest.get("counts", {}), existing)
    return result
