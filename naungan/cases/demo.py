"""Demo cases for a seed city: realistic spread over kelurahan, forms, places, risks and
statuses, registered through the same services as real intake. Idempotent."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from naungan.catalogues.selectors import codes

from . import services as S
from .models import Case, Status

PER_CITY = 40


def load_demo(world) -> None:
    if Case.objects.filter(city=world.city).exists():
        return
    from faker import Faker

    rng = random.Random(world.city.code)
    fake = Faker("id_ID")
    fake.seed_instance(int(world.city.code.replace(".", "")))
    cm, sup = world.users["case_manager"], world.users["supervisor"]
    satgas = [u for k, u in world.users.items() if k.startswith("satgas_")]
    forms = sorted(codes("violence_form"))
    places = ["rumah_tangga"] * 6 + ["sekolah", "fasilitas_umum", "tempat_kerja", "lainnya"]
    channels = sorted(codes("channel"))
    now = timezone.now()
    for i in range(PER_CITY):
        # the first kelurahan get more cases, so PPT demo accounts have work to see
        kel = world.kelurahan[i % 3] if i % 2 == 0 else rng.choice(world.kelurahan)
        child = rng.random() < 0.6
        sex = "P" if rng.random() < 0.8 else "L"
        age = rng.randint(3, 17) if child else rng.randint(18, 55)
        birth = (now - timedelta(days=age * 365 + rng.randint(0, 300))).date()
        case_forms = rng.sample(forms, k=rng.choice([1, 1, 2]))
        sexual = "seksual" in case_forms
        received = now - timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 23))
        persons = [{
            "role": "victim", "name": fake.name_female() if sex == "P" else fake.name_male(), "sex": sex, "birth_date": birth,
            "phone": fake.phone_number() if not child else "", "street": fake.street_address(), "address_kelurahan": kel.code,
            "rw": f"{rng.randint(1, 12):02d}", "rt": f"{rng.randint(1, 9):02d}", "education": "sd" if age < 13 else "smp" if age < 16 else "sma",
            "occupation": "pelajar" if child else rng.choice(["ibu_rumah_tangga", "buruh", "pedagang", "swasta"]),
        }, {
            "role": "perpetrator", "name": fake.name_male(), "sex": "L", "estimated_age": rng.randint(16, 60),
            "relation_to_victim": rng.choice(["orang_tua", "keluarga", "suami_istri", "pacar_teman", "tetangga", "guru"]),
        }]
        if rng.random() < 0.4:
            persons.append({"role": "reporter", "name": fake.name(), "phone": fake.phone_number()})
        case = S.case_register(
            actor=cm, city_code=world.city.code, channel=rng.choice(channels), received_at=received, kelurahan_code=kel.code,
            incident_date=(received - timedelta(days=rng.randint(0, 14))).date(), place=rng.choice(places), forms=case_forms,
            chronology=fake.paragraph(nb_sentences=3), is_tpks=sexual, persons=persons,
            special_protection="kekerasan_fisik_psikis" if child and not sexual else ("kejahatan_seksual" if child else ""),
        )
        target = rng.choices(list(Status), weights=[3, 4, 5, 4, 8, 6, 10])[0]
        if target == Status.REGISTERED:
            continue
        S.case_triage(actor=cm, case=case, risk=rng.choice(["tinggi", "sedang", "rendah"]),
                      case_type="kekerasan_seksual" if sexual else ("kekerasan_anak" if child else "kdrt"))
        S.case_assign(actor=sup, case=case, assigned_to=cm, satgas_assignee=rng.choice(satgas) if satgas and rng.random() < 0.5 else None)
        if rng.random() < 0.8 or target != Status.TRIAGED:
            S.case_record_response(actor=cm, case=case, at=case.received_at + timedelta(minutes=rng.randint(10, 600)))
        order = [Status.ASSESSMENT, Status.PLANNING, Status.SERVICES, Status.MONITORING]
        for step in order:
            if target in (Status.TRIAGED,):
                break
            S.case_transition(actor=cm, case=case, to=step)
            if step == Status.ASSESSMENT:
                S.assessment_save(actor=cm, case=case, psychological="Cemas, sulit tidur.", social="Dukungan keluarga terbatas.",
                                  needs="Pendampingan psikologis dan hukum.")
            if step == Status.PLANNING:
                S.plan_task_add(actor=cm, case=case, title="Konseling psikologis", owner_user=cm, due_date=(now + timedelta(days=14)).date())
            if step == target:
                break
        if target == Status.CLOSED:
            S.case_request_closure(actor=cm, case=case, reason="selesai_layanan")
            S.case_approve_closure(actor=sup, case=case)
