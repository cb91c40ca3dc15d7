"""Harness of the crash and concurrency drills (test_drills.py): a real server — gunicorn with
naungan/config/gunicorn.py, as `make run` serves — on a loopback port, against a database of the
drill's own (a SQLite file in a temporary folder, or a fresh PostgreSQL database beside the test
database when the suite runs on PostgreSQL), driven over HTTP by client threads.

The two functions at the bottom (`server_setup`, `server_check`) run inside `manage.py shell`
against the drill's database: one migrates it and makes the people, the other reads back what
is stored. No sleeps: every wait polls its condition with a deadline."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
CITIES = ("35.75", "35.72")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Reply:
    status: int  # 0: no answer (connection refused, reset, or cut by the kill)
    body: dict | list | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class DrillServer:
    """One drill database and the server(s) started on it, one after the other."""

    tmp: Path
    database_url: str
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    people: dict = field(default_factory=dict)
    starts: int = 0
    setup_seconds: float = 0.0

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("NAUNGAN_", "DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"))}
        env.update({
            "DATABASE_URL": self.database_url,
            "NAUNGAN_VAR_DIR": str(self.tmp / "var"),
            "NAUNGAN_CONN_MAX_AGE": "0",
            "NAUNGAN_FAST_PASSWORD_HASHER": "1",
            # A burst from one address: the portal's limits raised so that no challenge is asked
            # (the challenge itself is tested in reporting/tests/test_limits.py).
            "NAUNGAN_PORTAL_SUBMIT_RATE": "100000/h",
            "NAUNGAN_PORTAL_SUBMIT_RATE_GLOBAL": "100000/h",
            "NAUNGAN_PORTAL_STATUS_RATE": "100000/h",
            "HOST": "127.0.0.1", "PORT": str(self.port),
            "NAUNGAN_WEB_WORKERS": "2", "NAUNGAN_WEB_THREADS": "4", "NAUNGAN_WEB_TIMEOUT": "60",
            "LOG_LEVEL": "WARNING",
            "NAUNGAN_SQLITE_BUSY_MS": "20",  # SQLite: writers wait 20 ms, not 10 s, before "database is locked"
        })
        return env

    def manage_shell(self, code: str) -> dict:
        r = subprocess.run([str(BIN / "python"), "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT, env=self.env(),
                           capture_output=True, text=True, timeout=180)
        assert r.returncode == 0, f"manage.py shell failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
        line = [x for x in r.stdout.splitlines() if x.startswith("DRILL:")][-1]
        return json.loads(line[len("DRILL:"):])

    def setup(self) -> dict:
        started = time.monotonic()
        self.people = self.manage_shell("from naungan.ops.tests.drill import server_setup; server_setup()")
        self.setup_seconds = time.monotonic() - started
        return self.people

    def check(self) -> dict:
        return self.manage_shell("from naungan.ops.tests.drill import server_check; server_check()")

    # --- the server ---------------------------------------------------------------------------
    def start(self, timeout: float = 60) -> float:
        """Starts gunicorn in a process group of its own; returns the seconds until it answered."""
        assert self.proc is None
        self.starts += 1
        log = open(self.tmp / f"web-{self.starts}.log", "w")  # noqa: SIM115 - the server's, closed with it
        started = time.monotonic()
        self.proc = subprocess.Popen([str(BIN / "gunicorn"), "-c", "naungan/config/gunicorn.py", "naungan.config.wsgi"], cwd=ROOT,
                                     env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        end = started + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError(f"the server exited ({self.proc.returncode}):\n{self.log_tail()}")
            if self.request("GET", "/healthz", timeout=5).status:  # any answer: the app is loaded
                return time.monotonic() - started
            time.sleep(0.05)
        raise AssertionError(f"the server did not answer in {timeout:.0f}s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL to the whole process group (master and workers): no shutdown of any kind."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
        self.proc = None

    def log_tail(self, n: int = 60) -> str:
        out = []
        for f in sorted(self.tmp.glob("web-*.log")):
            out.append(f"----- {f.name}\n" + "\n".join(f.read_text(errors="replace").splitlines()[-n:]))
        return "\n".join(out)

    # --- HTTP -----------------------------------------------------------------------------------
    def request(self, method: str, path: str, body=None, *, token: str = "", timeout: float = 60) -> Reply:
        headers = {"Host": "127.0.0.1", "Connection": "close", "Accept": "application/json", "Accept-Language": "id"}
        if token:
            headers["Authorization"] = f"Token {token}"
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            return Reply(0, None, f"{exc.__class__.__name__}: {exc}")
        finally:
            conn.close()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = {"raw": raw[:500].decode(errors="replace")}
        return Reply(resp.status, parsed)

    # --- the requests of the drills -------------------------------------------------------------
    def public_report(self, city: str, n: int, *, danger_now: bool = False, client_token: str = "") -> Reply:
        """A report as an app sends it: with an idempotency key (`client_token`), so that resending
        after a lost answer stores it once."""
        kel = self.people["kelurahan"][city][n % len(self.people["kelurahan"][city])]
        return self.request("POST", "/api/v1/public/reports/", {
            "city_code": city, "reporter_kind": "tetangga", "kelurahan": kel, "what": ["dipukul"], "danger_now": danger_now,
            "description": f"Latihan: laporan {n}.", "client_token": client_token or secrets.token_urlsafe(18)})

    def register_case(self, token: str, city: str, n: int) -> Reply:
        kel = self.people["kelurahan"][city][n % len(self.people["kelurahan"][city])]
        return self.request("POST", "/api/v1/cases/", {
            "city_code": city, "channel": "telepon", "kelurahan": kel, "place": "rumah_tangga", "forms": ["fisik"],
            "chronology": f"Latihan: kasus {n}.", "persons": [{"role": "victim", "name": "Anonim", "sex": "P", "estimated_age": 12}],
        }, token=token)


def run_parallel(fn, args: list, *, timeout: float = 120) -> list:
    """Runs fn(*a) for every a at the same moment (one thread each, released by a barrier)."""
    if not args:
        return []
    barrier = threading.Barrier(len(args))
    results: list = [None] * len(args)

    def work(i, a):
        try:
            barrier.wait(timeout=timeout)
            results[i] = fn(*a)
        except Exception as exc:  # noqa: BLE001 - returned to the test, which shows it
            results[i] = exc

    threads = [threading.Thread(target=work, args=(i, a), daemon=True) for i, a in enumerate(args)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), "a drill thread did not finish"
    return results


@contextmanager
def drill_database(tmp: Path):
    """A database for the drill: a SQLite file in `tmp`, or on PostgreSQL (when the suite runs
    there) a new database named after the configured one, dropped afterwards. Both start as a
    copy of the test database pytest-django has just migrated (a few seconds saved per database:
    `server_setup` still runs `migrate`, which then has nothing to do); when the copy cannot be
    made the database starts empty and is migrated from scratch."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        path = tmp / "drill.sqlite3"
        try:
            import sqlite3

            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=WAL")  # as a server's first migrate leaves it
            target.close()
        except Exception:  # noqa: BLE001 - an empty file is migrated by server_setup
            path.unlink(missing_ok=True)
        yield f"sqlite:///{path}"
        return
    import psycopg

    base = os.environ.get("DATABASE_URL", "")
    parts = urllib.parse.urlsplit(base.replace("postgresql://", "postgres://", 1))
    name = f"{(parts.path.lstrip('/') or 'naungan')}_drill_{os.getpid()}"
    admin = urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    template = connection.settings_dict["NAME"]
    connections.close_all()  # a template must have no session open on it
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        try:
            c.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        except psycopg.Error:
            c.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parts._replace(path="/" + name))
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------------------------------------
# inside `manage.py shell`, on the drill's database


def server_setup() -> None:
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from naungan.accounts.demo import build_city
    from naungan.accounts.roles import OrgKind

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    out: dict = {"tokens": {}, "kelurahan": {}, "agency": {}}
    for code in CITIES:
        w = build_city(code, password="drill-" + secrets.token_hex(8), ppt_kelurahan=2)
        out["kelurahan"][code] = [k.code for k in w.kelurahan[:4]]
        out["agency"][code] = {"police": w.orgs[OrgKind.POLICE_PPA].pk, "social": w.orgs[OrgKind.DINAS_SOSIAL].pk}
        for role in ("case_manager", "supervisor", "ppt_0", "ppt_1", "satgas_0", "partner_police", "partner_social"):
            out["tokens"][f"{code}:{role}"] = Token.objects.get_or_create(user=w.users[role])[0].key
    print("DRILL:" + json.dumps(out))


def server_check() -> None:
    from collections import Counter, defaultdict

    from naungan.audit.models import AuditEvent
    from naungan.audit.services import audit_verify
    from naungan.cases.models import Case
    from naungan.reporting.models import Report
    from naungan.services.models import Referral

    codes = dict(Report.objects.values_list("pk", "tracking_code"))
    seqs: dict = defaultdict(list)
    for city, seq in Case.objects.values_list("city_id", "seq"):
        seqs[city].append(seq)
    registered = set(AuditEvent.objects.filter(action="case.register").values_list("object_id", flat=True))
    result = audit_verify()
    out = {
        "reports": list(Report.objects.values_list("tracking_code", flat=True)),
        "cases": list(Case.objects.values_list("number", flat=True)),
        "seqs": {k: sorted(v) for k, v in seqs.items()},
        "cases_without_victim": list(Case.objects.filter(persons__isnull=True).values_list("number", flat=True)),
        "cases_per_report": {codes.get(r, str(r)): n for r, n in Counter(Case.objects.exclude(source_report_id=None)
                                                                       .values_list("source_report_id", flat=True)).items()},
        "cases_without_audit": [n for pk, n in Case.objects.values_list("pk", "number") if str(pk) not in {str(x) for x in registered}],
        "letters": list(Referral.objects.exclude(letter_number="").values_list("letter_number", flat=True)),
        "audit": {"ok": result.ok, "checked": result.checked, "problem": result.problem},
    }
    print("DRILL:" + json.dumps(out))
