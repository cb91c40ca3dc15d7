"""Maintained aggregates: the facts every figure is read from.

One function turns a case into its *snapshot* — the typed attributes it is counted by (city,
kelurahan, month, place, risk, forms, each victim's sex/age band/child flag, perpetrators'
relations, services, referrals, rights, clocks) — and one function expands a snapshot into fact
cells (`expand`). The case services call `naungan.cases.signals.case_changed` after every write
that can change a counted attribute; `refresh_cases` then subtracts the cells of the stored
snapshot, adds the cells of the new one and stores it, in the same transaction. A deleted case
contributes nothing. `rebuild` recomputes everything from the raw rows; a property test holds
that rebuild == incremental.

Kinds (grain m: per kelurahan × month — grain c the same per kecamatan × month —, repeated for each form filter value and age-band filter
value of the case, "" meaning no filter; grain y: per city × year; grain o: open caseload now):
  case     m,y  one per case: child (a victim under 18); measures open/closed/pending/triaged, on
                time, late, response, closure and reporting-delay sums
  place    m,y  one per case: place of the incident
  risk     m    one per triaged case: risk; the same measures as case
  form     m,y  one per form of the case
  victim   m,y  one per victim: sex, age band, child; measures served, disabled (y: also the
                case's special-protection group)
  perp     m    one per perpetrator: relation
  service  m,y  one per service delivery: SIMFONI category
  ref      m    one per referral: agency, status
  right    m    one per victim right: right, status
  clock    m    one per case awaiting its first response: risk, due time
  ctype    y    one per case with a case type
  load     o    one per open case: owner unit, assigned officer
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from naungan.cases.models import Case, CaseViolenceForm, Person, PersonRole
from naungan.services.models import Referral, RightRecord, ServiceDelivery

from .cache import figures_changed
from .models import CaseContribution, Fact

MEASURES = ("n", "open_n", "closed_n", "pending_n", "triaged_n", "on_time_n", "late_n", "resp_n", "resp_s", "close_n", "close_s",
            "delay_n", "delay_d", "served_n", "disabled_n")
DIMS = ("grain", "kind", "city", "kecamatan", "kelurahan", "org_id", "reg_org_id", "month", "form_f", "band_f", "child", "place", "risk",
        "form", "relation", "service", "right", "case_type", "special_protection", "sex", "age_band", "status", "agency_id", "officer_id",
        "due_at")
_INT_DIMS = {"org_id", "reg_org_id", "agency_id", "officer_id"}
_DIM_INDEX = {d: i for i, d in enumerate(DIMS)}
_M = {m: i for i, m in enumerate(MEASURES)}
OPEN_SENTINEL = date(2000, 1, 1)  # the month column of grain-o rows (the caseload has no period)


def _blank_key() -> list:
    return [0 if d in _INT_DIMS else None if d == "due_at" else "" for d in DIMS]


def _vec(**measures) -> list[int]:
    v = [0] * len(MEASURES)
    for m, x in measures.items():
        v[_M[m]] = int(x)
    return v


def _child(flag) -> str:
    return "" if flag is None else "y" if flag else "n"


# ---------------------------------------------------------------------------------------------
# snapshots: the typed attributes a case is counted by

def snapshots(case_ids) -> dict[int, dict]:
    """Snapshots of the given cases (missing ids: deleted cases), with a fixed number of queries."""
    ids = list(case_ids)
    if not ids:
        return {}
    cols = ("id", "city_id", "kecamatan_id", "kelurahan_id", "owner_org_id", "registering_org_id", "received_at", "year", "place",
            "risk", "case_type", "special_protection", "involves_child", "status", "closure_requested_at", "first_response_at",
            "respond_by", "closed_at", "incident_date", "assigned_to_id")
    out: dict[int, dict] = {}
    for c in Case.objects.filter(pk__in=ids).values(*cols):
        received = timezone.localtime(c["received_at"])
        closed = c["status"] == "closed"
        fr, rb = c["first_response_at"], c["respond_by"]
        snap = {
            "c": c["city_id"], "k": c["kecamatan_id"] or "", "l": c["kelurahan_id"] or "", "o": c["owner_org_id"] or 0,
            "g": c["registering_org_id"] or 0, "m": received.date().replace(day=1).isoformat(), "y": c["year"],
            "p": c["place"] or "", "r": c["risk"] or "", "t": c["case_type"] or "", "s": c["special_protection"] or "",
            "ch": _child(c["involves_child"]), "open": 0 if closed else 1, "closed": 1 if closed else 0,
            "pend": 1 if c["closure_requested_at"] and not closed else 0, "tri": 1 if c["risk"] else 0,
            "ot": 1 if c["risk"] and fr and rb and fr <= rb else 0, "lt": 1 if c["risk"] and fr and rb and fr > rb else 0,
            "rs": int((fr - c["received_at"]).total_seconds()) if fr else None,
            "cs": int((c["closed_at"] - c["received_at"]).total_seconds()) if closed and c["closed_at"] else None,
            "dd": None, "ofc": c["assigned_to_id"] or 0,
            "due": rb.isoformat() if rb and fr is None and not closed else None,
            "F": [], "V": [], "P": [], "S": [], "R": [], "H": [],
        }
        if c["incident_date"]:
            days = (received.date() - c["incident_date"]).days
            snap["dd"] = days if days >= 0 else None
        out[c["id"]] = snap
    if not out:
        return {}
    found = list(out)
    for case_id, form in CaseViolenceForm.objects.filter(case_id__in=found).order_by("form").values_list("case_id", "form"):
        out[case_id]["F"].append(form)
    served = set(ServiceDelivery.objects.filter(case_id__in=found, person_id__isnull=False).values_list("person_id", flat=True))
    persons = Person.objects.filter(case_id__in=found, role__in=[PersonRole.VICTIM, PersonRole.PERPETRATOR]).order_by("pk").values_list(
        "pk", "case_id", "role", "sex", "age_band", "is_child", "disability", "relation_to_victim")
    for pk, case_id, role, sex, band, is_child, disability, relation in persons:
        if role == PersonRole.VICTIM:
            out[case_id]["V"].append([sex or "", band or "", _child(is_child), 1 if pk in served else 0, 1 if disability else 0])
        else:
            out[case_id]["P"].append(relation or "")
    for case_id, simfoni in ServiceDelivery.objects.filter(case_id__in=found).order_by("pk").values_list("case_id", "simfoni"):
        out[case_id]["S"].append(simfoni or "")
    for case_id, agency, status in Referral.objects.filter(case_id__in=found).order_by("pk").values_list("case_id", "agency_id", "status"):
        out[case_id]["R"].append([agency, status])
    for case_id, right, status in RightRecord.objects.filter(case_id__in=found).order_by("pk").values_list("case_id", "right", "status"):
        out[case_id]["H"].append([right, status])
    for snap in out.values():  # a canonical order, so equal cases give equal snapshots
        for k in ("V", "P", "S", "R", "H"):
            snap[k].sort()
    return out


# ---------------------------------------------------------------------------------------------
# expansion: the cells a snapshot adds

_TAIL = DIMS[10:]  # the dimensions after grain, kind and the location (city … band_f)
_TAIL_INDEX = {d: i for i, d in enumerate(_TAIL)}
_BLANK_TAIL = tuple(_blank_key()[10:])


def _tail(**dims) -> tuple:
    t = list(_BLANK_TAIL)
    for d, v in dims.items():
        t[_TAIL_INDEX[d]] = v
    return tuple(t)


def expand(s: dict | None) -> dict[tuple, list[int]]:
    """The cells a snapshot adds: {key tuple (DIMS order): measures (MEASURES order)}."""
    cells: dict[tuple, list[int]] = {}
    if not s:
        return cells

    def add(key, vec):
        cur = cells.get(key)
        if cur is None:
            cells[key] = list(vec)
        else:
            for i, x in enumerate(vec):
                cur[i] += x

    case_vec = _vec(n=1, open_n=s["open"], closed_n=s["closed"], pending_n=s["pend"], triaged_n=s["tri"], on_time_n=s["ot"],
                    late_n=s["lt"], resp_n=s["rs"] is not None, resp_s=s["rs"] or 0, close_n=s["cs"] is not None,
                    close_s=s["cs"] or 0, delay_n=s["dd"] is not None, delay_d=s["dd"] or 0)
    one = _vec(n=1)
    bands = sorted({v[1] for v in s["V"] if v[1]})

    # What one case adds to each kelurahan × month cell, whatever the filter values: computed once.
    parts: list[tuple[str, tuple, list[int]]] = [("case", _tail(child=s["ch"]), case_vec), ("place", _tail(place=s["p"]), one)]
    if s["r"]:
        parts.append(("risk", _tail(risk=s["r"]), case_vec))
    parts += [("form", _tail(form=f), one) for f in s["F"]]
    parts += [("victim", _tail(sex=sex, age_band=band, child=child), _vec(n=1, served_n=served, disabled_n=disabled))
              for sex, band, child, served, disabled in s["V"]]
    parts += [("perp", _tail(relation=rel), one) for rel in s["P"]]
    parts += [("service", _tail(service=svc, child=s["ch"]), one) for svc in s["S"]]
    parts += [("ref", _tail(agency_id=agency, status=status), one) for agency, status in s["R"]]
    parts += [("right", _tail(right=right, status=status), one) for right, status in s["H"]]
    if s["due"]:
        parts.append(("clock", _tail(risk=s["r"], due_at=s["due"]), one))

    # grain m: per kelurahan × month, once for each filter value the case answers to ("" = no filter);
    # grain c: the same per kecamatan × month (no kelurahan, no registering organisation), which the
    # dashboards of city-wide and unit scopes read: far fewer cells per period.
    for ff in ["", *s["F"]]:
        for bf in ["", *bands]:
            loc = (s["c"], s["k"], s["l"], s["o"], s["g"], s["m"], ff, bf)
            coarse = (s["c"], s["k"], "", s["o"], 0, s["m"], ff, bf)
            for kind, tail, vec in parts:
                add(("m", kind, *loc, *tail), vec)
                add(("c", kind, *coarse, *tail), vec)

    # grain y: per city × year
    loc = (s["c"], "", "", 0, 0, date(s["y"], 1, 1).isoformat(), "", "")
    add(("y", "case", *loc, *_tail(child=s["ch"])), case_vec)
    for f in s["F"]:
        add(("y", "form", *loc, *_tail(form=f, child=s["ch"])), one)
    add(("y", "place", *loc, *_tail(place=s["p"])), one)
    for sex, band, child, served, disabled in s["V"]:
        add(("y", "victim", *loc, *_tail(sex=sex, age_band=band, child=child, special_protection=s["s"])),
            _vec(n=1, served_n=served, disabled_n=disabled))
    for svc in s["S"]:
        add(("y", "service", *loc, *_tail(service=svc, child=s["ch"])), one)
    if s["t"]:
        add(("y", "ctype", *loc, *_tail(case_type=s["t"])), one)

    # grain o: the open caseload now
    if s["open"]:
        add(("o", "load", s["c"], "", "", s["o"], 0, OPEN_SENTINEL.isoformat(), "", "", *_tail(officer_id=s["ofc"])), one)
    return cells


# ---------------------------------------------------------------------------------------------
# applying deltas

def _key_text(key: tuple) -> str:
    return "\x1f".join("" if v is None else str(v) for v in key)


def key_digest(key: tuple) -> uuid.UUID:
    return uuid.UUID(bytes=hashlib.blake2b(_key_text(key).encode(), digest_size=16).digest())


def _row_values(key: tuple) -> list:
    vals = list(key)
    m = _DIM_INDEX["month"]
    if isinstance(vals[m], str):
        vals[m] = date.fromisoformat(vals[m])
    d = _DIM_INDEX["due_at"]
    if isinstance(vals[d], str):
        vals[d] = datetime.fromisoformat(vals[d])
    return vals


def _apply(delta: dict[tuple, list[int]]) -> None:
    """Add `delta` to the facts: one upsert per changed cell (in key order, so concurrent writers
    lock cells in the same order), then drop the cells that reached zero."""
    rows = [(key_digest(k), k, v) for k, v in delta.items() if any(v)]
    if not rows:
        return
    rows.sort()
    table = Fact._meta.db_table
    cols = ["key", *DIMS, *MEASURES]
    col_sql = ", ".join(connection.ops.quote_name(c) for c in cols)
    marks = ", ".join(["%s"] * len(cols))
    updates = ", ".join(f"{connection.ops.quote_name(m)} = {table}.{connection.ops.quote_name(m)} + excluded.{connection.ops.quote_name(m)}"
                        for m in MEASURES)
    # identifiers only, from the model: values go as parameters
    sql = f"INSERT INTO {table} ({col_sql}) VALUES ({marks}) ON CONFLICT ({connection.ops.quote_name('key')}) DO UPDATE SET {updates}"  # noqa: S608
    fields = {f.name: f for f in Fact._meta.concrete_fields}
    params = []
    for digest, k, v in rows:
        vals = _row_values(k)
        vals = [fields[d].get_db_prep_value(x, connection) for d, x in zip(DIMS, vals, strict=True)]
        params.append([fields["key"].get_db_prep_value(digest, connection), *vals, *v])
    with connection.cursor() as cur:
        cur.executemany(sql, params)
    Fact.objects.filter(key__in=[r[0] for r in rows], n=0).delete()


def _subtract_into(delta, cells):
    for k, v in cells.items():
        cur = delta.setdefault(k, [0] * len(MEASURES))
        for i, x in enumerate(v):
            cur[i] -= x


def _add_into(delta, cells):
    for k, v in cells.items():
        cur = delta.setdefault(k, [0] * len(MEASURES))
        for i, x in enumerate(v):
            cur[i] += x


def refresh_cases(case_ids) -> set[str]:
    """Bring the facts of these cases up to date (call inside the writing transaction). Returns
    the cities whose figures changed."""
    ids = sorted({int(i) for i in case_ids if i is not None})
    if not ids:
        return set()
    with transaction.atomic():
        old = {c.case_id: c.data for c in CaseContribution.objects.select_for_update().filter(case_id__in=ids).order_by("case_id")}
        new = snapshots(ids)
        delta: dict[tuple, list[int]] = {}
        cities: set[str] = set()
        changed_new, gone = [], []
        for i in ids:
            before, after = old.get(i), new.get(i)
            if before == after:
                continue
            _subtract_into(delta, expand(before))
            _add_into(delta, expand(after))
            cities |= {x["c"] for x in (before, after) if x}
            if after is None:
                gone.append(i)
            else:
                changed_new.append(CaseContribution(case_id=i, data=after))
        _apply(delta)
        if gone:
            CaseContribution.objects.filter(case_id__in=gone).delete()
        if changed_new:
            CaseContribution.objects.filter(case_id__in=[c.case_id for c in changed_new]).delete()
            CaseContribution.objects.bulk_create(changed_new)
    if cities:
        figures_changed(cities)
    return cities


def on_case_changed(sender, case_ids, **kwargs) -> None:
    refresh_cases(case_ids)


# ---------------------------------------------------------------------------------------------
# rebuild from the raw rows

def rebuild(*, chunk: int = 2000, progress=None) -> int:
    """Recompute every fact and snapshot from the case rows. City by city and year by year, so
    memory holds one city-year of cells at a time. On PostgreSQL the tables are emptied with
    TRUNCATE and their secondary indexes built once at the end (sorting once is far cheaper than
    maintaining three indexes, one of them on random digests, over millions of COPYed rows), all in
    one transaction: the facts are locked until it commits (dashboards and case changes wait), and a
    failure leaves the old facts. Run it with the server stopped (docs/stats.md)."""
    pg = connection.vendor == "postgresql"
    with transaction.atomic():
        if pg:
            with connection.cursor() as cur:
                cur.execute(f"TRUNCATE {Fact._meta.db_table}, {CaseContribution._meta.db_table}")
                cur.execute("SET LOCAL maintenance_work_mem TO '256MB'")
            rebuild_indexes = _drop_fact_indexes()
        else:
            Fact.objects.all().delete()
            CaseContribution.objects.all().delete()
        done = 0
        pairs = Case.objects.order_by("city_id", "year").values_list("city_id", "year").distinct()
        open_cells: dict[tuple, list[int]] = {}
        current_city = None
        for city, year in pairs:
            if city != current_city and open_cells:
                _bulk_insert(open_cells)
                open_cells.clear()
            current_city = city
            cells: dict[tuple, list[int]] = {}
            ids = list(Case.objects.filter(city_id=city, year=year).order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), chunk):
                snaps = snapshots(ids[start:start + chunk])
                _bulk_contributions(snaps)
                for s in snaps.values():
                    for k, v in expand(s).items():  # expand returns fresh lists: the first one is kept as is
                        target = open_cells if k[0] == "o" else cells
                        cur = target.get(k)
                        if cur is None:
                            target[k] = v
                        else:
                            target[k] = [a + b for a, b in zip(cur, v, strict=True)]
                done += len(snaps)
                if progress:
                    progress(done)
            _bulk_insert(cells)
        if open_cells:
            _bulk_insert(open_cells)
        if pg:
            rebuild_indexes()
    figures_changed(None)
    return done


def _drop_fact_indexes():
    """Drop the facts' unique key and secondary indexes (PostgreSQL, inside the rebuild's
    transaction); returns the function that builds them again as they were."""
    table = Fact._meta.db_table
    with connection.cursor() as cur:
        constraints = connection.introspection.get_constraints(cur, table)
        restore = []
        for name, info in constraints.items():
            if info["primary_key"]:
                continue
            if info["unique"]:
                cols = ", ".join(connection.ops.quote_name(c) for c in info["columns"])
                cur.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
                restore.append(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} UNIQUE ({cols})")
            elif info["index"]:
                cur.execute("SELECT pg_get_indexdef(%s::regclass)", [name])
                restore.append(cur.fetchone()[0])
                cur.execute(f"DROP INDEX {connection.ops.quote_name(name)}")

    def rebuild_indexes():
        with connection.cursor() as cur:
            for sql in restore:
                cur.execute(sql)
            cur.execute(f"ANALYZE {table}")

    return rebuild_indexes


_COPY_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


_DUE = _DIM_INDEX["due_at"]  # the last key column


def _copy_lines(cells: dict[tuple, list[int]]):
    """Rows of COPY's text format for the facts table, built straight from the key tuples (the
    per-value adaptation of `write_row` was most of a rebuild's time at a million cases)."""
    for k, v in cells.items():
        if not v[_M["n"]]:
            continue
        text = _key_text(k)
        digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        if "\\" in text or "\t" in text or "\n" in text or "\r" in text:  # never for codes; safe if it happens
            line = "\t".join("\\N" if x is None else str(x).translate(_COPY_ESCAPE) for x in k)
        else:
            line = text.replace("\x1f", "\t")
            if k[_DUE] is None:  # the only key column that may be NULL, and the last one: "" in the text
                line += "\\N"
        yield f"{digest}\t{line}\t{chr(9).join(map(str, v))}\n"


def _bulk_insert(cells: dict[tuple, list[int]]) -> None:
    """Insert new cells fast: COPY on PostgreSQL, executemany elsewhere (no model instances)."""
    if not cells:
        return
    table = Fact._meta.db_table
    cols = ["key", *DIMS, *MEASURES]
    col_sql = ", ".join(connection.ops.quote_name(c) for c in cols)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {table} ({col_sql}) FROM STDIN") as copy:
                buf: list[str] = []
                for line in _copy_lines(cells):
                    buf.append(line)
                    if len(buf) >= 5000:
                        copy.write("".join(buf))
                        buf.clear()
                if buf:
                    copy.write("".join(buf))
            return
        rows = [(key_digest(k), *_row_values(k), *v) for k, v in cells.items() if v[_M["n"]]]
        marks = ", ".join(["%s"] * len(cols))
        fields = {f.name: f for f in Fact._meta.concrete_fields}
        prep = [fields[c] for c in cols]
        cur.executemany(f"INSERT INTO {table} ({col_sql}) VALUES ({marks})",  # noqa: S608 - identifiers from the model
                        [[f.get_db_prep_value(x, connection) for f, x in zip(prep, row, strict=True)] for row in rows])


def _bulk_contributions(snaps: dict[int, dict]) -> None:
    """Store the snapshots of a rebuild: COPY on PostgreSQL, bulk_create elsewhere."""
    if not snaps:
        return
    if connection.vendor != "postgresql":
        CaseContribution.objects.bulk_create([CaseContribution(case_id=i, data=s) for i, s in snaps.items()], batch_size=1000)
        return
    table = CaseContribution._meta.db_table
    with connection.cursor() as cur, cur.cursor.copy(f"COPY {table} (case_id, data) FROM STDIN") as copy:
        copy.write("".join(f"{i}\t{json.dumps(s, separators=(',', ':')).translate(_COPY_ESCAPE)}\n" for i, s in snaps.items()))


def fact_rows() -> set[tuple]:
    """Every fact as a comparable tuple (for tests and `rebuild_aggregates --check`)."""
    return {tuple(r) for r in Fact.objects.values_list(*DIMS, *MEASURES)}


def on_case_deleted(sender, instance, **kwargs) -> None:
    """However a case goes (a service, the admin, a cascade), what it added is taken away."""
    refresh_cases([instance.pk])


AUTO_REBUILD_LIMIT = 20000


def ensure_aggregates(sender=None, **kwargs) -> None:
    """After migrate: cases without snapshots (an upgrade, a restore from before the aggregates)
    get their cells. Small databases are rebuilt on the spot; a large one is left to
    `manage.py rebuild_aggregates`, with a warning."""
    import logging


    using = kwargs.get("using", "default")
    if using != "default" or not {Fact._meta.db_table, CaseContribution._meta.db_table} <= set(connection.introspection.table_names()):
        return
    with_cases = Case.objects.exists()
    if not with_cases or CaseContribution.objects.exists():
        return
    n = Case.objects.count()
    if n <= AUTO_REBUILD_LIMIT:
        rebuild()
    else:
        logging.getLogger("naungan.stats").warning("aggregates missing for %s cases: run manage.py rebuild_aggregates", n)
