"""Demo prevention data: socialization in every kelurahan of Pasuruan with DPRD and Kemenag
pengajian (DP3AKB Kota Pasuruan practice), Forum Anak at each level, PATBM groups, vulnerable families (DP3AP2KB Kota Blitar practice), Perkasa."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from naungan.accounts.roles import OrgKind

from . import services as S
from .models import ChildForum, OutreachEvent


def load_demo(world) -> None:
    if OutreachEvent.objects.filter(city=world.city).exists():
        return
    rng = random.Random("prev" + world.city.code)
    sup = world.users["supervisor"]
    code = world.city.code
    today = timezone.localdate()
    topics = ["hak_anak", "perundungan", "perkawinan_anak", "kekerasan_seksual", "kecanduan_gawai", "pengasuhan", "saluran_pelaporan"]
    every = code == "35.75"  # Pasuruan: socialization in all 34 kelurahan (DP3AKB Kota Pasuruan practice)
    for i, kel in enumerate(world.kelurahan if every else world.kelurahan[::3]):
        S.event_record(actor=sup, city_code=code, kelurahan=kel.code, on=today - timedelta(days=rng.randint(5, 300)), organiser=world.orgs["dinas"],
                       topic=rng.choice(topics), audience="Warga dan tokoh masyarakat", girls=rng.randint(5, 30), boys=rng.randint(5, 30),
                       women=rng.randint(10, 40), men=rng.randint(5, 30), partner_text="DPRD" if every else "",
                       partners=[world.orgs[OrgKind.KEMENAG]] if i % 4 == 0 else [])
    if not ChildForum.objects.filter(city=world.city).exists():
        city_forum = S.forum_create(actor=sup, city_code=code, level="kota", region_code=code, name=f"Forum Anak {world.city.name}")
        S.forum_member_add(actor=sup, forum=city_forum, initials="A.R.", birth_year=today.year - 15, sex="P")
        S.forum_member_add(actor=sup, forum=city_forum, initials="B.S.", birth_year=today.year - 16, sex="L")
        S.activity_record(actor=sup, forum=city_forum, on=today - timedelta(days=40), title="Forum Anak di Musrenbang kota", participants=12, in_musrenbang=True)
        for kec in world.kecamatan:
            S.forum_create(actor=sup, city_code=code, level="kecamatan", region_code=kec.code, name=f"Forum Anak Kecamatan {kec.name}")
        for kel in world.kelurahan[:5]:
            f = S.forum_create(actor=sup, city_code=code, level="kelurahan", region_code=kel.code, name=f"Forum Anak Kelurahan {kel.name}")
            S.activity_record(actor=sup, forum=f, on=today - timedelta(days=rng.randint(10, 200)), title="Sosialisasi pelopor dan pelapor", participants=rng.randint(8, 25))
    for kel in world.kelurahan[: max(3, len(world.kelurahan) // 3)]:
        S.group_create(actor=sup, city_code=code, kelurahan=kel.code, kind="patbm" if rng.random() < 0.5 else "peduli_anak",
                       name=f"PATBM {kel.name}", rw=f"{rng.randint(1, 9):02d}", members_count=rng.randint(5, 15))
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(int(code.replace(".", "")))
    for kel in world.kelurahan[:4]:
        fam = S.family_register(actor=sup, city_code=code, kelurahan=kel.code, head_name=fake.name(), address=fake.street_address(),
                                risks=["kemiskinan", "anak_mengemis"] if code == "35.72" else ["kemiskinan", "disfungsi_keluarga"], children_count=rng.randint(1, 4))
        S.family_support_add(actor=sup, family=fam, kind="bantuan_ekonomi", agency=world.orgs[OrgKind.DINAS_SOSIAL], on=today - timedelta(days=30))
        S.family_visit_add(actor=sup, family=fam, on=today - timedelta(days=7), notes="Anak sudah kembali bersekolah.")
    for kel in world.kelurahan[:3]:
        m = S.perkasa_register(actor=sup, city_code=code, kelurahan=kel.code, name=fake.name_female(), dependants=rng.randint(1, 4), income_band="lt1")
        S.perkasa_programme_add(actor=sup, member=m, programme="modal_usaha", on=today - timedelta(days=60))
        S.perkasa_status_set(actor=sup, member=m, status="berkembang", on=today - timedelta(days=5))
