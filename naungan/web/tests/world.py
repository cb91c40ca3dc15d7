"""One record of every type that has a detail route, owned by Kota Pasuruan, kelurahan 0 (where
ppt_0 and satgas_0 work; ppt_1 and satgas_1 are 'another kelurahan'; partner_social 'another
unit' for the police referral). The access matrix asks for each of them as everyone."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from naungan.accounts.roles import OrgKind

RECORD_TYPES = {"case", "person", "attachment", "referral", "report", "perkasa", "right", "organisation", "agency", "user",
                "membership", "export", "evaluation", "indicator_set", "event", "forum", "group", "family", "dsr", "submission"}


def build_records(world) -> dict:
    from naungan.accounts.models import Membership
    from naungan.kla import services as K
    from naungan.ops.tests.fill import fill_city
    from naungan.prevention import services as P
    from naungan.privacy import services as PV
    from naungan.services import services as SV
    from naungan.services.models import RightRecord
    from naungan.stats.models import ExportJob

    sup = world.users["supervisor"]
    kel = world.kelurahan[0].code
    filled = fill_city(world, kel_index=0)
    case = filled.case
    SV.rights_ensure(case, filled.victim)
    rec = {
        "case": case.pk, "person": filled.victim.pk, "attachment": filled.objects["attachment"].pk,
        "referral": filled.objects["referral"].pk, "report": filled.report.pk, "perkasa": filled.perkasa.pk,
        "right": RightRecord.objects.filter(case=case).first().pk,
        "organisation": world.orgs["uptd"].pk, "agency": world.orgs[OrgKind.POLICE_PPA].pk,
        "user": world.users["ppt_0"].pk, "membership": Membership.objects.get(user=world.users["ppt_0"]).pk,
    }
    from django.conf import settings

    folder = settings.PROTECTED_MEDIA_ROOT / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "matrix.csv").write_text("no_kasus\n", encoding="utf-8")
    rec["export"] = ExportJob.objects.create(user=world.users["case_manager"], city=world.city, kind="simfoni", fmt="csv",
                                             date_from=date(2026, 1, 1), date_to=date(2026, 1, 2), status="done",
                                             path=str(folder / "matrix.csv"), finished_at=timezone.now()).pk
    ev = K.evaluation_create(actor=sup, city_code=world.city.code, year=2025)
    rec["evaluation"] = ev.pk
    rec["indicator_set"] = ev.indicator_set_id
    rec["event"] = P.event_record(actor=sup, city_code=world.city.code, kelurahan=kel, on=date(2026, 3, 1), organiser=world.orgs["dinas"],
                                  topic="perundungan").pk
    forum = P.forum_create(actor=sup, city_code=world.city.code, level="kelurahan", region_code=kel, name="Forum Anak Kelurahan")
    rec["forum"] = forum.pk
    rec["group"] = P.group_create(actor=sup, city_code=world.city.code, kelurahan=kel, kind="patbm", name="PATBM 1").pk
    rec["family"] = P.family_register(actor=sup, city_code=world.city.code, kelurahan=kel, head_name="Bapak Suparman", risks=["kemiskinan"]).pk
    rec["dsr"] = PV.dsr_create(actor=sup, city_code=world.city.code, kind="access", requester_relation="orang_tua",
                               requester_name="Warsini Rahayu", description="Mohon salinan data.").pk
    from naungan.field.services import submission_sync

    sub, _ = submission_sync(actor=world.users["ppt_0"], client_id=str(uuid.uuid4()), kind="case_intake",
                             fields=[["kelurahan", "99.99.99.9999"], ["v_name", "Budi"]], drafted_at=timezone.now() - timedelta(minutes=5))
    rec["submission"] = sub.pk
    return rec


def upload():
    from naungan.core.testing import PDF

    return SimpleUploadedFile("a.pdf", PDF)
