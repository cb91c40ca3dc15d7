"""Demo services, referrals, rights, legal processes, a coordination meeting and MoUs per city."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from naungan.accounts.roles import OrgKind
from naungan.cases.models import Case, Status

from . import services as S
from .models import AgencyProfile, Meeting, ServiceDelivery

PROFILES = {
    OrgKind.POLICE_PPA: ["penegakan_hukum"], OrgKind.DINAS_SOSIAL: ["bansos", "reintegrasi", "pemulangan"],
    OrgKind.RSUD: ["medis", "medikolegal", "visum"], OrgKind.PUSKESMAS: ["medis"], OrgKind.LEGAL_AID: ["bantuan_hukum", "restitusi"],
    OrgKind.YLPA: ["psikososial", "home_visit"], OrgKind.KEMENAG: ["tokoh_agama"], OrgKind.SCHOOL: ["pendidikan"],
    OrgKind.LPSK: ["restitusi", "bantuan_hukum"], OrgKind.SHELTER: ["rumah_aman"],
}


def load_demo(world) -> None:
    for kind, services in PROFILES.items():
        org = world.orgs.get(kind)
        if org:
            AgencyProfile.objects.get_or_create(organisation=org, defaults={"services": services, "contact_person": "Petugas piket",
                                                                             "hours": "Senin–Jumat 08.00–16.00", "capacity": 8 if kind == OrgKind.SHELTER else None})
    if ServiceDelivery.objects.filter(case__city=world.city).exists():
        return
    cm, sup = world.users["case_manager"], world.users["supervisor"]
    today = timezone.localdate()
    cases = list(Case.objects.filter(city=world.city, status__in=[Status.SERVICES, Status.MONITORING, Status.CLOSED]).order_by("id")[:12])
    for i, case in enumerate(cases):
        closed = case.status == Status.CLOSED
        if closed:  # closed cases: record what was delivered, bypassing the open-case workflow
            S.service_record(actor=sup, case=case, service="pengaduan", status="done", start_date=case.received_at.date())
            continue
        S.service_record(actor=cm, case=case, service="pengaduan", status="done", start_date=case.received_at.date())
        S.service_record(actor=cm, case=case, service="psikososial", status="in_progress" if i % 2 else "done", start_date=today - timedelta(days=10))
        if i % 3 == 0:
            consent = S.consent_record(actor=cm, case=case, given_by_name="Orang tua korban", given_by_relation="ibu", method="tertulis")
            r = S.referral_send(actor=cm, case=case, agency=world.orgs[OrgKind.POLICE_PPA], request="Mohon penanganan laporan polisi dan pendampingan korban.",
                                shared_fields=["victim_name", "victim_age_sex", "forms"], consent=consent, service="penegakan_hukum")
            S.legal_update(actor=cm, case=case, lp_number=f"LP/B/{100 + i}/{today.year}/Polres", police_unit="Unit PPA Satreskrim", stage="penyidikan")
            if i % 2 == 0:
                S.referral_respond(actor=world.users["partner_police"], referral=r, to="accepted")
        if i % 3 == 1:
            r = S.referral_send(actor=cm, case=case, agency=world.orgs[OrgKind.DINAS_SOSIAL], request="Mohon asesmen bansos keluarga.",
                                shared_fields=["victim_age_sex", "forms"], service="bansos", due_date=today - timedelta(days=1))
    if not Meeting.objects.filter(city=world.city).exists():
        m = S.meeting_record(actor=sup, city_code=world.city.code, on=today - timedelta(days=20), title="Rapat koordinasi lintas sektor perlindungan anak",
                             agencies=[world.orgs[k] for k in (OrgKind.POLICE_PPA, OrgKind.DINAS_SOSIAL, OrgKind.YLPA, OrgKind.KEMENAG, OrgKind.RSUD)],
                             decisions="Menyamakan persepsi penanganan; rujukan tidak saling tumpang tindih; menyusun naskah MoU.")
        S.action_add(actor=sup, meeting=m, description="Menyusun naskah MoU layanan korban anak", owner=world.orgs["dinas"], due_date=today + timedelta(days=30))
        S.action_add(actor=sup, meeting=m, description="Menetapkan petugas penghubung tiap lembaga", owner=world.orgs[OrgKind.YLPA], due_date=today - timedelta(days=3))
        S.agreement_record(actor=sup, city_code=world.city.code, title="MoU sosialisasi perlindungan perempuan dan anak melalui pengajian", kind="MoU",
                           parties=[world.orgs["dinas"], world.orgs[OrgKind.KEMENAG]], start_date=today.replace(month=1, day=1) - timedelta(days=365),
                           end_date=today.replace(month=12, day=31))
