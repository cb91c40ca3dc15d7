"""Synthetic cases in bulk, for scale tests and benchmarks (never in production).

Rows are written with bulk inserts in batches. Identities are drawn from a pool of fake names,
NIKs and phones encrypted once (`PreSealed`), with their blind-index tokens computed once: the
ciphertexts repeat across rows, which is acceptable for synthetic data only."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from naungan.accounts.models import Organisation, User
from naungan.accounts.roles import OrgKind
from naungan.catalogues.selectors import codes
from naungan.core.crypto import PreSealed, blind_index, seal
from naungan.core.names import name_tokens, variant_key
from naungan.regions.models import Level, Region

from .models import Case, CaseCounter, CaseEvent, CaseViolenceForm, EventKind, Person, PersonRole, PersonToken, Status
from .services import age_band_of

RISKS = ["tinggi", "sedang", "rendah"]
STATUS_WEIGHTS = [(Status.REGISTERED, 5), (Status.TRIAGED, 5), (Status.ASSESSMENT, 8), (Status.PLANNING, 7),
                  (Status.SERVICES, 15), (Status.MONITORING, 10), (Status.CLOSED, 50)]
# National shares by form and place (SIMFONI-PPA 2024, DOMAIN.md), so synthetic figures look real.
FORM_WEIGHTS = {"seksual": 14465, "fisik": 11373, "psikis": 9799, "penelantaran": 2588, "lainnya": 3260, "trafficking": 471, "eksploitasi": 386}
PLACE_WEIGHTS = {"rumah_tangga": 20681, "lainnya": 7322, "fasilitas_umum": 3481, "sekolah": 2520, "tempat_kerja": 455, "lembaga_pendidikan_kilat": 102}


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
        toks = []
        for t in dict.fromkeys(name_tokens(name)):
            toks.append(("name", blind_index("name", t)))
            toks.append(("variant", blind_index("name_variant", variant_key(t))))
        pool.append(Identity(PreSealed(seal(name)), PreSealed(seal(nik)), blind_index("nik", nik), PreSealed(seal(phone)),
                             blind_index("phone", phone), toks))
    return pool


def _weighted(rng, weights: dict | list):
    items = list(weights.items()) if isinstance(weights, dict) else weights
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _city_context(city_code: str, user: User):
    city = Region.objects.get(code=city_code)
    uptd, _ = Organisation.objects.get_or_create(city=city, kind=OrgKind.UPTD_PPA, name=f"UPTD PPA {city.name}", defaults={"region": city})
    kel = list(Region.objects.filter(level=Level.KELURAHAN, code__startswith=city_code + ".").values_list("code", "parent_id"))
    return city, uptd, kel


def generate(*, city_codes: list[str], count: int, batch_size: int = 2000, seed: int = 1, progress=None, years: int = 3) -> int:
    rng = random.Random(seed)
    forms_ok, places_ok = codes("violence_form"), codes("place")
    form_weights = {k: v for k, v in FORM_WEIGHTS.items() if k in forms_ok}
    place_weights = {k: v for k, v in PLACE_WEIGHTS.items() if k in places_ok}
    user, _ = User.objects.get_or_create(username="generator", defaults={"is_active": False})
    pool = identity_pool(min(2000, max(50, count // 20)), rng)
    chron = PreSealed(seal("Kronologi sintetis untuk uji skala."))
    event_body = PreSealed(seal("Pengaduan didaftarkan (data sintetis)."))
    contexts = {c: _city_context(c, user) for c in city_codes}
    now = timezone.now()
    next_seq: dict[tuple[str, int], int] = {}
    made = 0
    while made < count:
        n = min(batch_size, count - made)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # synthetic data only: losing the last batch on a crash is fine, waiting on fsync is not
                with connection.cursor() as cur:
                    cur.execute("SET LOCAL synchronous_commit TO OFF")
            cases, plans = [], []
            for _ in range(n):
                city_code = rng.choice(city_codes)
                city, uptd, kel = contexts[city_code]
                received = now - timedelta(minutes=rng.randint(0, years * 365 * 24 * 60))
                year = timezone.localtime(received).year
                key = (city_code, year)
                if key not in next_seq:
                    last = Case.objects.filter(city_id=city_code, year=year).aggregate(m=Max("seq"))["m"] or 0
                    next_seq[key] = last + 1
                seq = next_seq[key]
                next_seq[key] += 1
                kel_code, kec_code = rng.choice(kel) if kel else (None, None)
                status = _weighted(rng, STATUS_WEIGHTS)
                risk = rng.choice(RISKS) if status != Status.REGISTERED else ""
                respond_by = received + timedelta(minutes={"tinggi": 120, "sedang": 360, "rendah": 4320}.get(risk, 0)) if risk else None
                responded = respond_by and rng.random() < 0.85
                incident = (received - timedelta(days=rng.randint(0, 60))).date()
                case_forms = rng.sample(sorted(form_weights), k=rng.choice([1, 1, 2]))
                age = rng.randint(0, 80)
                cases.append(Case(
                    number=f"{city_code}-{year}-{seq:06d}", city_id=city_code, year=year, seq=seq, status=status, channel="datang_uptd",
                    received_at=received, received_by=user, registered_by=user, registering_org=uptd, owner_org=uptd,
                    kecamatan_id=kec_code, kelurahan_id=kel_code, incident_date=incident, place=_weighted(rng, place_weights),
                    chronology=chron, is_tpks="seksual" in case_forms and rng.random() < 0.3, involves_child=age < 18, case_type="lainnya", risk=risk, authority="kota" if risk else "",
                    triaged_at=received if risk else None, respond_by=respond_by,
                    first_response_at=(respond_by - timedelta(minutes=rng.randint(1, 100))) if responded else None,
                    closed_at=received + timedelta(days=rng.randint(10, 200)) if status == Status.CLOSED else None,
                    closure_reason="selesai_layanan" if status == Status.CLOSED else "",
                ))
                plans.append((case_forms, age, incident))
            Case.objects.bulk_create(cases, batch_size=batch_size)
            if any(c.pk is None for c in cases):  # backends that cannot return ids
                ids = dict(Case.objects.filter(number__in=[c.number for c in cases]).values_list("number", "pk"))
                for c in cases:
                    c.pk = ids[c.number]
            forms, persons, events = [], [], []
            for case, (case_forms, age, _incident) in zip(cases, plans, strict=True):
                forms.extend(CaseViolenceForm(case_id=case.pk, form=f) for f in case_forms)
                ident = rng.choice(pool)
                persons.append(Person(case_id=case.pk, role=PersonRole.VICTIM, name=ident.name, nik=ident.nik, nik_bidx=ident.nik_bidx,
                                      phone=ident.phone, phone_bidx=ident.phone_bidx, sex=rng.choice("PPPL"), estimated_age=age,
                                      age_at_incident=age, age_band=age_band_of(age), is_child=age < 18, education="na", occupation="na"))
                perp_age = rng.randint(14, 70)
                persons.append(Person(case_id=case.pk, role=PersonRole.PERPETRATOR, sex=rng.choice("LLLP"), estimated_age=perp_age,
                                      age_at_incident=perp_age, age_band=age_band_of(perp_age), is_child=perp_age < 18,
                                      relation_to_victim=rng.choice(["orang_tua", "keluarga", "pacar_teman", "tetangga", "lainnya"])))
                events.append(CaseEvent(case_id=case.pk, actor=user, kind=EventKind.STATUS, body=event_body, created_at=case.received_at))
            CaseViolenceForm.objects.bulk_create(forms, batch_size=batch_size)
            Person.objects.bulk_create(persons, batch_size=batch_size)
            if any(p.pk is None for p in persons):
                raise RuntimeError("the database backend must return ids from bulk inserts")
            tokens = []
            pool_by_nik = {i.nik_bidx: i for i in pool}
            for p in persons:
                if p.role == PersonRole.VICTIM:
                    for kind, tok in pool_by_nik[p.nik_bidx].tokens:
                        tokens.append(PersonToken(person_id=p.pk, case_id=p.case_id, kind=kind, token=tok))
            PersonToken.objects.bulk_create(tokens, batch_size=batch_size * 4)
            CaseEvent.objects.bulk_create(events, batch_size=batch_size)
        made += n
        if progress:
            progress(n)
    if connection.vendor == "postgresql":
        # fresh planner statistics after a bulk load, or the first queries pick bad plans
        with connection.cursor() as cur:
            for table in ("cases_case", "cases_person", "cases_caseviolenceform", "cases_persontoken", "cases_caseevent"):
                cur.execute(f"ANALYZE {table}")
    # keep the counters ahead of the generated numbers so later registrations stay gap-free
    for (city_code, year), nxt in next_seq.items():
        counter, _ = CaseCounter.objects.get_or_create(city_id=city_code, year=year)
        if counter.last_number < nxt - 1:
            CaseCounter.objects.filter(pk=counter.pk).update(last_number=nxt - 1)
    return made


def all_city_codes() -> list[str]:
    from naungan.regions.services import region_load_all

    if not Region.objects.filter(level=Level.KELURAHAN).exclude(code__startswith="35.").exists():
        region_load_all()
    return list(Region.objects.filter(level=Level.KABKOTA).values_list("code", flat=True))
