"""Crash and concurrency drills against the real server (gunicorn, as `make run` serves) on a
database of their own: SQLite in `make test`, PostgreSQL when the suite runs there (.ci/run).

Crash drill: a burst of public reports and case registrations from 8 client threads; the server
is killed with SIGKILL (its whole process group) in the middle of it, started again, and every
request that got a 2xx answer must be in the database, case numbers gap-free with no duplicate,
and the audit chain intact (`verify_audit`).

Concurrency drill: parallel edits of one case, parallel registrations in two cities, parallel
referral letters and responses: every outcome is either a success or a clear refusal (409
conflict, 400 with a message); nothing is lost silently, no number is given twice, no 500, and
on SQLite no "database is locked" reaches a client."""

from __future__ import annotations

import secrets
import threading
import time
from collections import Counter

import pytest

from .drill import CITIES, DrillServer, drill_database, run_parallel

CLIENTS = 8  # client threads of the crash burst (the server: 2 processes × 4 threads)
KILL_AFTER = 24  # acknowledged requests before the kill (at least 4 of each kind)


@pytest.fixture(scope="module")
def drill_server(tmp_path_factory, django_db_setup, django_db_blocker):
    """One drill database and server for both drills (set up once: migrating takes seconds)."""
    tmp = tmp_path_factory.mktemp("drill")
    with django_db_blocker.unblock(), drill_database(tmp) as url:
        server = DrillServer(tmp, url)
        server.setup()
        print(f"\n[drill] database ready in {server.setup_seconds:.1f}s")
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def drill(drill_server, db):
    if drill_server.proc is None:
        print(f"\n[drill] server answered in {drill_server.start():.1f}s")
    return drill_server


def _assert_no_server_error(replies, what: str, drill: DrillServer) -> None:
    bad = [(r.status, r.body) for r in replies if not isinstance(r, Exception) and r.status >= 500]
    errors = [r for r in replies if isinstance(r, Exception)]
    assert not errors, f"{what}: {errors}"
    assert not bad, f"{what}: server errors {bad}\n{drill.log_tail()}"
    text = str([r.body for r in replies])
    assert "locked" not in text.lower(), f"{what}: a lock error reached a client: {text[:2000]}"


def _assert_stored(drill: DrillServer, reports: list[str], cases: list[str]) -> dict:
    stored = drill.check()
    missing_reports = sorted(set(reports) - set(stored["reports"]))
    missing_cases = sorted(set(cases) - set(stored["cases"]))
    assert not missing_reports, f"acknowledged reports lost: {missing_reports}"
    assert not missing_cases, f"acknowledged cases lost: {missing_cases}"
    assert len(stored["cases"]) == len(set(stored["cases"])), "a case number was given twice"
    for city, seqs in stored["seqs"].items():
        assert seqs == list(range(1, len(seqs) + 1)), f"case numbers of {city} not gap-free and unique: {seqs}"
    assert not stored["cases_without_victim"], f"half-written cases: {stored['cases_without_victim']}"
    assert not stored["cases_without_audit"], f"cases without their audit event: {stored['cases_without_audit']}"
    assert stored["audit"]["ok"], f"verify_audit: {stored['audit']}"
    return stored


def test_crash_drill_sigkill_mid_burst_loses_no_acknowledged_request(drill):
    tokens = drill.people["tokens"]
    registrars = {c: [tokens[f"{c}:{r}"] for r in ("case_manager", "supervisor")] for c in CITIES}
    lock = threading.Lock()
    acked_reports: list[str] = []
    acked_cases: list[str] = []
    refused: list = []
    cut: list[str] = []
    unanswered: list[tuple[str, int, str]] = []  # reports whose answer the kill cut off: resent after the restart
    stop = threading.Event()
    enough = threading.Event()

    def client(i: int) -> None:
        n = i
        while not stop.is_set():
            n += CLIENTS
            city = CITIES[n % 2]
            if i % 2:
                client_token = secrets.token_urlsafe(18)
                reply = drill.public_report(city, n, client_token=client_token)
                key = (reply.body or {}).get("tracking_code") if reply.ok else None
            else:
                reply = drill.register_case(registrars[city][(n // 2) % 2], city, n)
                key = (reply.body or {}).get("number") if reply.ok else None
            with lock:
                if reply.ok:
                    (acked_reports if i % 2 else acked_cases).append(key)
                    if len(acked_reports) + len(acked_cases) >= KILL_AFTER and min(len(acked_reports), len(acked_cases)) >= 4:
                        enough.set()
                elif reply.status:
                    refused.append((reply.status, reply.body))
                else:
                    cut.append(reply.error)
                    if i % 2:
                        unanswered.append((city, n, client_token))

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(CLIENTS)]
    burst_started = time.monotonic()
    for t in threads:
        t.start()
    assert enough.wait(timeout=90), f"the burst did not reach {KILL_AFTER} answers:\n{refused[:5]}\n{drill.log_tail()}"
    drill.kill()  # mid-burst: the other client threads have requests in flight
    killed_at = time.monotonic()
    stop.set()
    for t in threads:
        t.join(timeout=90)
    assert not any(t.is_alive() for t in threads)
    assert not refused, f"refused or failed during the burst: {refused[:5]}"
    in_flight = [e for e in cut if "Refused" not in e]
    assert in_flight, "the kill came between requests, not in the middle of the burst"
    before_kill = (len(acked_reports), len(acked_cases))

    restart = drill.start()
    after = run_parallel(lambda k: drill.public_report(CITIES[k % 2], 1000 + k) if k % 2
                         else drill.register_case(registrars[CITIES[(k // 2) % 2]][k // 4], CITIES[(k // 2) % 2], 1000 + k),
                         [(k,) for k in range(CLIENTS)])
    _assert_no_server_error(after, "after the restart", drill)
    assert all(r.ok for r in after), [(r.status, r.body) for r in after]
    acked_reports += [r.body["tracking_code"] for r in after if "tracking_code" in r.body]
    acked_cases += [r.body["number"] for r in after if "number" in r.body]

    # the app resends every report whose answer it never got, with the same idempotency key: stored
    # before the kill → the earlier report (200, already received, no new PIN); else stored now (201)
    resent = run_parallel(lambda city, n, client_token: drill.public_report(city, n, client_token=client_token), unanswered)
    _assert_no_server_error(resent, "reports resent after the restart", drill)
    assert all(r.status in (200, 201) for r in resent), [(r.status, r.body) for r in resent]
    assert all(r.body["already_received"] == (r.status == 200) and (r.body["pin"] is None) == (r.status == 200) for r in resent)
    acked_reports += [r.body["tracking_code"] for r in resent]

    stored = _assert_stored(drill, acked_reports, acked_cases)
    # exactly once: every stored report was acknowledged to its sender, none twice
    assert sorted(stored["reports"]) == sorted(set(acked_reports)), (sorted(stored["reports"]), sorted(acked_reports))
    print(f"\n[crash drill] {drill.database_url.split(':')[0]}: SIGKILL to gunicorn's process group after "
          f"{before_kill[0]} reports + {before_kill[1]} cases acknowledged ({killed_at - burst_started:.1f}s into a burst from "
          f"{CLIENTS} clients; {len(in_flight)} requests cut in flight); restarted in {restart:.1f}s; "
          f"{len(resent)} unanswered reports resent with their key ({sum(r.status == 200 for r in resent)} had been stored); "
          f"{len(acked_reports) + len(acked_cases)} acknowledged requests checked: all stored "
          f"({len(stored['reports'])} reports, {len(stored['cases'])} cases in the database), "
          f"verify_audit OK ({stored['audit']['checked']} events)")


def test_concurrency_drill_no_lost_update_no_duplicate_number_no_500(drill):
    tokens = drill.people["tokens"]
    manager = tokens["35.75:case_manager"]
    N = 8

    # 1. registrations in two cities at the same moment, by four people (three each)
    registrars = [(c, tokens[f"{c}:{r}"]) for c in CITIES for r in ("case_manager", "supervisor")]
    regs = run_parallel(lambda k: drill.register_case(registrars[k % 4][1], registrars[k % 4][0], k), [(k,) for k in range(12)])
    _assert_no_server_error(regs, "parallel registrations", drill)
    assert all(r.status == 201 for r in regs), [(r.status, r.body) for r in regs]
    numbers = [r.body["number"] for r in regs]
    assert len(set(numbers)) == len(numbers), Counter(numbers).most_common(3)

    # 2a. N editors save the same version of one case: one wins, the others get 409 with the fields
    case = regs[0].body
    path = f"/api/v1/cases/{case['id']}/"
    same = run_parallel(lambda k: drill.request("PATCH", path, {"version": case["version"], "place": ["sekolah", "rumah_tangga"][k % 2],
                                                                "chronology": f"Versi penyunting {k}."}, token=manager),
                        [(k,) for k in range(N)])
    _assert_no_server_error(same, "same-version edits", drill)
    assert sorted(r.status for r in same) == [200] + [409] * (N - 1), [(r.status, r.body) for r in same]
    winner = next(r.body for r in same if r.status == 200)
    assert all(r.body["code"] == "conflict" and r.body["detail"] for r in same if r.status == 409)
    now = drill.request("GET", path, token=manager).body
    assert now["version"] == case["version"] + 1 and now["chronology"] == winner["chronology"]

    # 2b. N editors each add a line, reading again and retrying on 409: no line is lost
    def add_line(k: int) -> list[int]:
        statuses = []
        for _ in range(200):
            cur = drill.request("GET", path, token=manager).body
            r = drill.request("PATCH", path, {"version": cur["version"], "chronology": cur["chronology"] + f"\nBaris {k}."}, token=manager)
            statuses.append(r.status)
            if r.status != 409:
                break
        return statuses

    before = drill.request("GET", path, token=manager).body
    tries = run_parallel(add_line, [(k,) for k in range(N)])
    assert not any(isinstance(t, Exception) for t in tries), tries
    assert all(t[-1] == 200 and set(t[:-1]) <= {409} for t in tries), tries
    final = drill.request("GET", path, token=manager).body
    assert all(f"\nBaris {k}." in final["chronology"] for k in range(N)), final["chronology"]
    assert final["version"] == before["version"] + N

    # 3. referral letters sent in parallel for one case: distinct, gap-free letter numbers
    police = drill.people["agency"]["35.75"]["police"]
    refs = run_parallel(lambda k: drill.request("POST", f"{path}referrals/", {"agency": police, "request": f"Mohon pendampingan {k}."},
                                                token=manager), [(k,) for k in range(N)])
    _assert_no_server_error(refs, "parallel referrals", drill)
    assert all(r.status == 201 for r in refs), [(r.status, r.body) for r in refs]

    # 4. the agency answers one referral from several devices at once: one acceptance, the rest a
    # clear 400; and answers the other referrals in parallel: all accepted
    partner = tokens["35.75:partner_police"]
    one = refs[0].body["id"]
    answers = run_parallel(lambda k: drill.request("POST", f"/api/v1/referrals/{one}/respond/", {"to": "accepted"}, token=partner),
                           [(k,) for k in range(N)])
    _assert_no_server_error(answers, "parallel answers to one referral", drill)
    assert sorted(r.status for r in answers) == [200] + [400] * (N - 1), [(r.status, r.body) for r in answers]
    assert all(r.body.get("detail") for r in answers if r.status == 400)
    others = run_parallel(lambda rid: drill.request("POST", f"/api/v1/referrals/{rid}/respond/", {"to": "accepted"}, token=partner),
                          [(r.body["id"],) for r in refs[1:]])
    _assert_no_server_error(others, "parallel answers to several referrals", drill)
    assert all(r.status == 200 and r.body["status"] == "accepted" for r in others), [(r.status, r.body) for r in others]

    # 5. the victim's record edited from several screens with the same version: one saved, the rest 409
    victim = now["persons"][0]
    person_path = f"{path}persons/{victim['id']}/"
    edits = run_parallel(lambda k: drill.request("PATCH", person_path, {"version": victim["version"], "estimated_age": 10 + k}, token=manager),
                         [(k,) for k in range(N)])
    _assert_no_server_error(edits, "same-version person edits", drill)
    assert sorted(r.status for r in edits) == [200] + [409] * (N - 1), [(r.status, r.body) for r in edits]

    # 6. one public report converted to a case by the city's two triage officers, several taps each:
    # one case, the other answers a clear 400
    report = drill.public_report("35.75", 7, danger_now=True).body["tracking_code"]
    queue = drill.request("GET", "/api/v1/reports/?limit=100", token=manager).body["results"]
    report_id = next(r["id"] for r in queue if r["tracking_code"] == report)
    triage = [manager, tokens["35.75:supervisor"]]
    conversions = run_parallel(lambda k: drill.request("POST", f"/api/v1/reports/{report_id}/convert/", token=triage[k % 2]),
                               [(k,) for k in range(N)])
    _assert_no_server_error(conversions, "parallel conversions of one report", drill)
    assert sorted(r.status for r in conversions) == [200] + [400] * (N - 1), [(r.status, r.body) for r in conversions]
    assert all(r.body.get("detail") for r in conversions if r.status == 400)
    numbers.append(next(r.body["case_number"] for r in conversions if r.status == 200))

    stored = _assert_stored(drill, [report], numbers)
    assert stored["cases_per_report"].get(report) == 1, stored["cases_per_report"]
    letters = stored["letters"]
    assert len(letters) == N and len(set(letters)) == N, letters
    seqs = sorted(int(x.split("/")[1]) for x in letters)
    assert seqs == list(range(1, N + 1)), letters
    print(f"\n[concurrency drill] {drill.database_url.split(':')[0]}: {len(regs)} parallel registrations in 2 cities, "
          f"{N} same-version edits (1 saved, {N - 1} × 409), {N} read-retry editors ({sum(len(t) for t in tries)} attempts, no line lost), "
          f"{N} parallel referral letters (gap-free), {N} parallel answers to one referral (1 accepted, {N - 1} × 400), "
          f"{N} same-version edits of a person (1 saved, {N - 1} × 409), {N} parallel conversions of one report (1 case, {N - 1} × 400): "
          f"no 500, no duplicate number, verify_audit OK ({stored['audit']['checked']} events)")
