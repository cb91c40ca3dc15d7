"""Production smoke test: the production profile (NAUNGAN_ENV=production) on PostgreSQL, served by
gunicorn on a loopback port with the background worker beside it, driven the way a city's staff
would on day one — through the real HTTP server, as if behind the HTTPS reverse proxy
(X-Forwarded-Proto: https, secure cookies):

  deploy checks → migrate → collectstatic → create_city_admin → start web + worker → reminder
  schedule enqueues → /healthz answers ok (worker heartbeat included) → the administrator logs in
  and enrols TOTP → creates a supervisor → the supervisor logs in, enrols TOTP, logs out, logs in
  again with a TOTP code → registers a case (API, session + CSRF) → exports SIMFONI (background
  job) and downloads it → logs out → a page behind login sends back to the login page.

Usage: .venv/bin/python scripts/smoke_production.py   (DATABASE_URL names the PostgreSQL server;
the test database is "<its name>_smoke", created fresh and dropped afterwards). No sleeps: every
wait polls its condition with a deadline."""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psycopg
from cryptography.fernet import Fernet
from django_otp.oath import totp

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DEADLINE = float(os.environ.get("NAUNGAN_SMOKE_TIMEOUT", "90"))
ADMIN_PW = "Admin-Smoke-" + secrets.token_hex(6)
SUP_PW = "Supervisor-Smoke-" + secrets.token_hex(6)


def log(msg: str) -> None:
    print(f"[smoke] {msg}", flush=True)


def free_port() -> int:
    wanted = os.environ.get("NAUNGAN_SMOKE_PORT")
    if wanted:
        return int(wanted)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_url() -> str:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return ""  # the database cache then; check --deploy would warn, so that check is skipped
    return f"redis://127.0.0.1:6379/{os.environ.get('NAUNGAN_SMOKE_REDIS_DB', '3')}"


def poll(what: str, fn, timeout: float = DEADLINE, interval: float = 0.2):
    """Call fn() until it returns something truthy or the deadline passes."""
    end = time.monotonic() + timeout
    last = None
    while time.monotonic() < end:
        try:
            last = fn()
            if last:
                return last
        except (OSError, http.client.HTTPException) as exc:
            last = exc
        time.sleep(interval)
    raise SystemExit(f"[smoke] FAILED: {what} not reached in {timeout:.0f}s (last: {last!r})")


class Browser:
    """A client that acts as the reverse proxy would forward it: HTTPS headers, cookies, CSRF."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, form: dict | None = None, json_body=None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7", "User-Agent": "naungan-smoke"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method != "GET":
            h.update({"Origin": self.origin, "Referer": self.origin + path, "X-CSRFToken": self.cookies.get("csrftoken", "")})
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body)
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        conn.request(method, path, body=body, headers=h)
        resp = conn.getresponse()
        data = resp.read()
        for key, value in resp.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                val = rest.split(";", 1)[0]
                if val in ('""', "") or "Max-Age=0" in value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = val
        conn.close()
        return resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), data

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def csrf_from(self, path: str) -> str:
        status, _, body = self.get(path)
        assert status == 200, (path, status)
        m = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert m, f"no CSRF token on {path}"
        return m.group(1).decode()

    def post_form(self, path: str, data: dict, *, page: str | None = None):
        token = self.csrf_from(page or path)
        return self.request("POST", path, form={"csrfmiddlewaretoken": token, **data})


def expect(cond, message: str) -> None:
    if not cond:
        raise SystemExit(f"[smoke] FAILED: {message}")
    log(f"ok  {message}")


def totp_code(b32: str, steps_ahead: int = 0) -> str:
    key = base64.b32decode(b32.replace(" ", "") + "=" * (-len(b32.replace(" ", "")) % 8))
    return f"{totp(key, t0=0, step=30, digits=6, drift=steps_ahead):06d}"


def enrol_totp(b: Browser, who: str) -> str:
    status, headers, _ = b.get("/")
    expect(status == 302 and headers["location"].startswith("/akun/2fa/aktifkan/"), f"{who} must enrol two-step verification first")
    _, _, body = b.get("/akun/2fa/aktifkan/")
    key = re.search(rb'id="otp-key">([A-Z2-7 ]+)<', body).group(1).decode()
    status, headers, _ = b.post_form("/akun/2fa/aktifkan/", {"token": totp_code(key)})
    expect(status == 302, f"{who} enrolled TOTP")
    return key


def login(b: Browser, username: str, password: str) -> None:
    status, headers, _ = b.post_form("/akun/masuk/", {"username": username, "password": password})
    expect(status == 302, f"{username} logged in with the password")


def main() -> int:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    parts = urllib.parse.urlsplit(base.replace("postgresql://", "postgres://", 1))
    dbname = (parts.path.lstrip("/") or "naungan") + "_smoke"
    db_url = urllib.parse.urlunsplit(parts._replace(path="/" + dbname))
    admin_dsn = urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=5) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{dbname}"')
    tmp = Path(tempfile.mkdtemp(prefix="naungan-smoke-"))
    port = free_port()
    cache = redis_url()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NAUNGAN_", "DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"))}
    env.update({
        "NAUNGAN_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "NAUNGAN_FIELD_KEYS": Fernet.generate_key().decode(),
        "NAUNGAN_BLIND_INDEX_KEY": secrets.token_urlsafe(40),
        "NAUNGAN_PIN_KEYS": secrets.token_urlsafe(40),
        "DATABASE_URL": db_url,
        "NAUNGAN_CACHE_URL": cache,
        "NAUNGAN_VAR_DIR": str(tmp / "var"),
        "NAUNGAN_BACKUP_RECIPIENTS": "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "NAUNGAN_CONN_MAX_AGE": "0",
        "HOST": "127.0.0.1", "PORT": str(port), "NAUNGAN_WEB_WORKERS": "2", "NAUNGAN_WEB_THREADS": "2",
    })
    if cache:  # flush only our own database number
        subprocess.run(["redis-cli", "-n", cache.rsplit("/", 1)[1], "FLUSHDB"], capture_output=True, check=False)

    def manage(*args, input=None):
        r = subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, input=input, capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            raise SystemExit(f"[smoke] FAILED: manage.py {' '.join(args)}\n{r.stdout}\n{r.stderr}")
        return r.stdout

    procs: list[subprocess.Popen] = []
    web_log = open(tmp / "web.log", "w+")  # noqa: SIM115 - closed in finally
    worker_log = open(tmp / "worker.log", "w+")  # noqa: SIM115
    started = time.monotonic()
    try:
        manage("check", "--deploy", *(["--fail-level", "WARNING"] if cache else []))
        log("ok  manage.py check --deploy: no warnings" if cache else "ok  manage.py check --deploy (no Redis here: W001 expected)")
        manage("migrate", "--noinput", "-v", "0")
        if not cache:
            manage("createcachetable")
        manage("collectstatic", "--noinput", "-v", "0")
        out = manage("create_city_admin", "--city", "35.75", "--username", "admin.pasuruan", "--password-stdin", input=ADMIN_PW + "\n")
        expect(out.startswith("OK:"), "create_city_admin made the first administrator")

        procs.append(subprocess.Popen([str(BIN / "gunicorn"), "-c", "naungan/config/gunicorn.py", "naungan.config.wsgi"], cwd=ROOT, env=env,
                                      stdout=web_log, stderr=subprocess.STDOUT, start_new_session=True))
        procs.append(subprocess.Popen([str(BIN / "python"), "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.5",
                                       "--no-startup-delay"], cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
                                      start_new_session=True))
        manage("send_reminders", "--enqueue")  # what the reminder timer does every 15 minutes
        serving = time.monotonic()
        b = Browser(port)

        def healthy():
            status, _, body = b.get("/healthz")
            return (status, json.loads(body)) if status == 200 else None

        status, health = poll("/healthz ok (database, cache, files, worker heartbeat, backlog)", healthy)
        expect(health["status"] == "ok" and set(health["checks"]) == {"database", "cache", "protected_files", "worker", "task_backlog"},
               f"/healthz answers ok {time.monotonic() - serving:.1f}s after start: {health['checks']}")
        _, _, raw = b.get("/healthz")
        expect(b"version" not in raw.lower() and b"django" not in raw.lower(), "/healthz tells anonymous callers no versions")
        status, headers, _ = b.get("/akun/masuk/")
        expect("max-age=31536000" in headers.get("strict-transport-security", ""), "HSTS on every answer")
        status, headers, _ = b.request("GET", "/akun/masuk/", headers={"X-Forwarded-Proto": "http"})
        expect(status == 301 and headers["location"].startswith("https://"), "plain HTTP is redirected to HTTPS")

        # the administrator's first login: two-step verification, then a supervisor account
        login(b, "admin.pasuruan", ADMIN_PW)
        enrol_totp(b, "the administrator")
        _, _, page = b.get("/akun/pengguna/baru/")
        org = re.search(rb'<option value="(\d+)"[^>]*>DP3AP2KB', page).group(1).decode()
        status, _, _ = b.post_form("/akun/pengguna/baru/", {"username": "supervisor.pasuruan", "password": SUP_PW, "role": "supervisor",
                                                            "organisation": org, "first_name": "Kepala", "last_name": "UPTD"})
        expect(status == 302, "the administrator created a supervisor")
        b.post_form("/akun/keluar/", {}, page="/akun/profil/")

        # the supervisor: enrol, log out, log in again with a TOTP code
        s = Browser(port)
        login(s, "supervisor.pasuruan", SUP_PW)
        key = enrol_totp(s, "the supervisor")
        s.post_form("/akun/keluar/", {}, page="/akun/profil/")
        login(s, "supervisor.pasuruan", SUP_PW)
        status, headers, _ = s.get("/")
        expect(status == 302 and headers["location"].startswith("/akun/2fa/verifikasi/"), "a code is asked after the password")
        status, headers, _ = s.post_form("/akun/2fa/verifikasi/", {"token": totp_code(key, steps_ahead=1)})
        expect(status == 302 and s.get("/")[0] == 200, "the supervisor logged in with a TOTP code")

        # register a case through the API (session + CSRF, as the pages' scripts would)
        _, _, me = s.get("/api/v1/me/")
        kel = "35.75.01.1001"
        status, _, body = s.request("POST", "/api/v1/cases/", json_body={
            "city_code": "35.75", "channel": "datang_uptd", "kelurahan": kel, "incident_date": time.strftime("%Y-%m-%d"),
            "place": "rumah_tangga", "forms": ["fisik"], "chronology": "Uji asap: korban fiktif.",  # incident: today (UTC)
            "persons": [{"role": "victim", "name": "Korban Uji Asap", "sex": "P", "estimated_age": 12}]})
        expect(status == 201, f"registered a case ({status})")
        number = json.loads(body)["number"]

        # export SIMFONI in the background worker, then download it
        day = 86400
        status, headers, _ = s.post_form("/statistik/ekspor/", {"kind": "simfoni", "fmt": "csv",  # ± 2 days: any time zone
                                                               "date_from": time.strftime("%Y-%m-%d", time.gmtime(time.time() - 2 * day)),
                                                               "date_to": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 2 * day))})
        expect(status == 302 and "/statistik/ekspor/" in headers["location"], "export job created")
        job_path = urllib.parse.urlsplit(headers["location"]).path
        poll("the worker finishing the export", lambda: b"unduh/" in s.get(job_path)[2])
        status, headers, csv_body = s.get(job_path.rstrip("/") + "/unduh/")
        got = status == 200 and number.encode() in csv_body and b"Korban Uji Asap" in csv_body
        expect(got, f"export downloaded with case {number}" + ("" if got else f" ({status}: {csv_body[:300]!r})"))

        status, _, _ = s.post_form("/akun/keluar/", {}, page="/akun/profil/")
        status, headers, _ = s.get("/kasus/")
        expect(status == 302 and headers["location"].startswith("/akun/masuk/"), "logged out: pages send back to the login page")

        web_log.seek(0)
        lines = [line for line in web_log.read().splitlines() if line.strip()]
        bad = [line for line in lines if not line.startswith("{")]
        expect(lines and not bad, f"{len(lines)} server log lines, each one JSON object")
        joined = "\n".join(lines)
        expect("Korban Uji Asap" not in joined and SUP_PW not in joined and key.replace(" ", "") not in joined,
               "no identity, password or key in the server log")
        log(f"PASSED in {time.monotonic() - started:.1f}s")
        return 0
    except SystemExit:
        for f, name in ((web_log, "web"), (worker_log, "worker")):
            f.seek(0)
            print(f"----- {name} log (last lines) -----\n" + "\n".join(f.read().splitlines()[-40:]), file=sys.stderr)
        raise
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        web_log.close()
        worker_log.close()
        with psycopg.connect(admin_dsn, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
