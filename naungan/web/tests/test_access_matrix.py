"""The access matrix, generated from the project: every URL pattern of the resolver and every
path of the OpenAPI schema, every method it accepts, as every role of two cities and as an
anonymous client, against records of Kota Pasuruan in kelurahan 0 (naungan/web/tests/world.py).

Who may use a route is stated in MATRIX below. Everyone else gets a 404 (anonymous: a login
redirect, 401/403 without data, or 404): never a 200, a 403 with data, or a 500. A route with no
MATRIX entry fails the test until someone states who may use it.

Personas: "p:<key>" is a user of Kota Pasuruan (the records' city), "b:<key>" of Kota Blitar
(another city), keys as in conftest.py; ppt_1/satgas_1 work in another kelurahan than the records;
partner_social is another unit than the police the referral went to."""

from __future__ import annotations

import os
import re

import pytest
from django.test import Client

from naungan.web.tests.matrix_entries import ENTRIES as MATRIX
from naungan.web.tests.matrix_entries import KEYS, PERSONAS, Entry, extra_records
from naungan.web.tests.routes import all_routes


def _fill(route: str, entry: Entry, rec: dict) -> str:
    def repl(m):
        name = m.group("name")
        val = entry.args.get(name)
        if val is None:
            raise AssertionError(f"{route}: no value for <{name}> in the matrix entry")
        return str(rec.get(val, val))

    path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", repl, route)
    path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", repl, path)
    return "/" + path


def _methods(callback) -> list[str]:
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is not None and hasattr(cls, "http_method_names"):
        found = [m for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)]
        return found or ["get"]
    return ["get", "post"]


CHUNKS = 6  # the routes are split into this many tests, each with its own world (xdist spreads them)


def _build_world(tmp_path, settings):
    from naungan.accounts.demo import build_city
    from naungan.web.tests.world import build_records

    pas, bli = build_city("35.75", password="pw-test-123456"), build_city("35.72", password="pw-test-123456")
    rec = build_records(pas)
    rec |= extra_records(pas, rec)  # records of apps merged after world.py (matrix_entries.py)
    clients = {"anon": Client()}
    for prefix, world in (("p", pas), ("b", bli)):
        for k in KEYS:
            c = Client()
            c.force_login(world.users[k])
            clients[f"{prefix}:{k}"] = c
    return {"rec": rec, "clients": clients}


def _routes():
    return [r for r in all_routes()]


ROUTES = _routes()
# Strings only Kota Pasuruan's test records hold: a Blitar user's page must never show one.
PASURUAN_MARKERS = ["Siti Aminah", "Warsini", "Sri Wahyuni", "Suparman", "Dewi Lestari", "35.75-2026-", "PATBM 1", "Forum Anak Kelurahan"]
ANON_OK = {301, 302, 401, 403, 404, 405}
SIGNED_OUT_OF_SCOPE_OK = {404, 405}
DISCOVER = os.environ.get("NAUNGAN_MATRIX_DISCOVER") == "1"


def test_every_route_and_openapi_path_has_a_matrix_entry():
    from django.urls import resolve
    from drf_spectacular.generators import SchemaGenerator

    missing = sorted(r.name for r in ROUTES if r.name not in MATRIX)
    assert not missing, "Routes without a matrix entry (state who may use them in matrix_entries.py): " + ", ".join(missing)
    stale = sorted(set(MATRIX) - {r.name for r in ROUTES})
    assert not stale, "Matrix entries for routes that no longer exist: " + ", ".join(stale)
    schema = SchemaGenerator().get_schema(request=None, public=True)
    unmatched = []
    for path, ops in schema["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path.replace("{city_code}", "35.75"))
        try:
            match = resolve(concrete)
        except Exception:  # noqa: BLE001
            unmatched.append(path)
            continue
        name = f"{match.namespace}:{match.url_name}".strip(":")
        if name not in MATRIX:
            unmatched.append(path)
    assert not unmatched, "OpenAPI paths without a matrix entry: " + ", ".join(unmatched)
    ops = sum(len([m for m in v if m in ("get", "post", "put", "patch", "delete")]) for v in schema["paths"].values())
    print(f"\naccess matrix: {len(ROUTES)} routes ({len(schema['paths'])} OpenAPI paths, {ops} operations) × {len(PERSONAS)} personas")


def _check_route(route, world) -> list[str]:
    from django.db import transaction

    entry = MATRIX.get(route.name)
    if entry is None:
        return [f"{route.name} ({route.route}) has no matrix entry: state who may use it in matrix_entries.py"]
    path = _fill(route.route, entry, world["rec"]) + entry.query
    methods = _methods(route.callback)
    problems, seen = [], []
    for persona in PERSONAS:
        c = world["clients"][persona]
        allowed = persona in entry.may
        for method in methods:
            if allowed and method != "get":
                continue  # writes by those who may are the features' own tests
            kwargs = {"content_type": "application/json", "data": "{}"} if path.startswith("/api/") and method != "get" else {}
            c.cookies = world["jar"][persona]()  # a logout or a rotated session in an earlier request must not carry over
            with transaction.atomic():  # whatever a request changed is undone before the next one
                r = getattr(c, method)(path, **kwargs)
                transaction.set_rollback(True)
            code = r.status_code
            seen.append((persona, method, code))
            if persona.startswith("b:") and 200 <= code < 300 and not getattr(r, "streaming", False):
                body = r.content.decode("utf-8", "replace")
                leaked = [m for m in PASURUAN_MARKERS if m in body]
                if leaked:
                    problems.append(f"{persona} {method.upper()} → {code} shows records of the other city: {leaked}")
            if code >= 500:
                problems.append(f"{persona} {method.upper()} → {code}")
            elif allowed:
                if code == 404:
                    problems.append(f"{persona} {method.upper()} → 404 but the matrix says they may")
            elif persona == "anon":
                if code not in ANON_OK and code != 429:
                    problems.append(f"anon {method.upper()} → {code} (expected login, 401/403 without data, or 404)")
                elif code == 403 and len(r.content) > 400:
                    problems.append(f"anon {method.upper()} → 403 with a body of {len(r.content)} bytes")
            elif method == "get" or entry.record:
                if code not in SIGNED_OUT_OF_SCOPE_OK:
                    problems.append(f"{persona} {method.upper()} → {code} (out of scope must be 404)")
            elif 200 <= code < 300:
                # a write to a list/create address without a record: refused (400/403/404), never done
                problems.append(f"{persona} {method.upper()} → {code} (a write out of scope must not succeed)")
    world["requests"] = world.get("requests", 0) + len(seen)
    if DISCOVER:
        with open(os.environ.get("NAUNGAN_MATRIX_DISCOVER_FILE", "/tmp/naungan-matrix-discover.txt"), "a") as fh:
            fh.write(f"DISCOVER {route.name} {path} " + " ".join(f"{p}/{m}={c}" for p, m, c in seen) + "\n")
        return []
    return [f"{route.name} {path}: {x}" for x in problems]


@pytest.mark.django_db
@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_access_matrix(chunk, tmp_path, settings):
    import copy

    world = _build_world(tmp_path, settings)
    jars = {k: c.cookies for k, c in world["clients"].items()}
    world["jar"] = {k: (lambda j=j: copy.deepcopy(j)) for k, j in jars.items()}
    mine = ROUTES[chunk::CHUNKS]
    problems = []
    for route in mine:
        problems += _check_route(route, world)
    print(f"\naccess matrix chunk {chunk}: {len(mine)} routes × {len(PERSONAS)} personas, {world.get('requests', 0)} requests")
    assert not problems, "\n".join(problems)
