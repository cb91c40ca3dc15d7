"""Retention rules (README: Retention): each rule, the legal-process and hold exemptions, and that
anonymisation changes neither the figures nor the audit chain."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from naungan.audit.models import AuditEvent
from naungan.audit.services import audit_verify
from naungan.cases.models import Attachment, Case, CaseEvent, Person
from naungan.core.errors import DomainError
from naungan.ops.tests.fill import PNG, VICTIM_STRINGS, fill_city
from naungan.privacy.models import CaseAnonymisation, RetentionPolicy
from naungan.privacy.services import legal_hold_place, legal_hold_release, retention_apply, retention_policy_update
from naungan.reporting.models import Report
from naungan.reporting.services import report_check, report_close, report_submit
from naungan.services.models import Consent, Referral, ReferralUpdate
from naungan.services.services import legal_update
from naungan.stats.models import ExportJob

from .conftest import figures

pytestmark = pytest.mark.django_db


def case_text(case) -> str:
    """Everything identifying the case holds, opened, as one string."""
    parts = [Case.objects.get(pk=case.pk).chronology]
    parts += [f"{p.name}|{p.nik}|{p.phone}|{p.street}|{p.kk_number}|{p.birth_date}" for p in Person.objects.filter(case=case)]
    parts += list(CaseEvent.objects.filter(case=case).values_list("body", flat=True))
    parts += [a.original_name + a.description for a in Attachment.objects.filter(case=case)]
    parts += [r.request for r in Referral.objects.filter(case=case)] + [u.body for u in ReferralUpdate.objects.filter(referral__case=case)]
    parts += [c.given_by_name for c in Consent.objects.filter(case=case)]
    return "\n".join(parts)


def test_identities_of_a_case_closed_long_ago_are_anonymised_and_figures_and_audit_stay(pasuruan, filled, close_case, client):
    case = close_case(filled.case, years_ago=11)
    recent = close_case(filled.other_case, years_ago=1)
    typed = Case.objects.filter(pk=case.pk).values("status", "place", "kelurahan_id", "kecamatan_id", "received_at", "is_tpks",
                                                   "involves_child", "risk", "closed_at").get()
    persons_typed = list(Person.objects.filter(case=case).order_by("pk").values("role", "sex", "age_band", "is_child", "age_at_incident",
                                                                                  "education", "relation_to_victim"))
    before = figures(client, pasuruan.users["analyst"])
    chain_before = list(AuditEvent.objects.order_by("seq").values_list("seq", "hash"))
    att_path = Path(Attachment.objects.get(case=case).file.path)
    assert att_path.exists() and "Siti Aminah" in case_text(case)

    call_command("apply_retention", verbosity=0)

    text = case_text(case)
    for s in VICTIM_STRINGS + ["Warsini", "Bambang", "Soekarno"]:
        assert s not in text, s
    assert "[dianonimkan]" in Case.objects.get(pk=case.pk).chronology
    assert not att_path.exists() and not Attachment.objects.get(case=case).file
    assert Person.objects.filter(case=case, nik_bidx="", phone_bidx="", name="").count() == 3
    assert Case.objects.filter(pk=case.pk).values(*typed).get() == typed
    assert list(Person.objects.filter(case=case).order_by("pk").values(*persons_typed[0])) == persons_typed
    assert "Dewi" in case_text(recent)  # closed one year ago: kept
    assert figures(client, pasuruan.users["analyst"]) == before
    assert audit_verify().ok
    assert list(AuditEvent.objects.filter(seq__lte=chain_before[-1][0]).order_by("seq").values_list("seq", "hash")) == chain_before
    event = AuditEvent.objects.get(action="case.anonymise", object_id=str(case.pk))
    assert event.changes["persons"] == [None, 3] and "Siti" not in str(event.changes)
    assert CaseAnonymisation.objects.filter(case=case).exists()
    call_command("apply_retention", verbosity=0)  # the next day: nothing more to do
    assert AuditEvent.objects.filter(action="case.anonymise").count() == 1


def test_a_case_under_legal_process_or_on_hold_is_never_touched(pasuruan, filled, close_case):
    sup = pasuruan.users["supervisor"]
    case = close_case(filled.case, years_ago=12)
    other = close_case(filled.other_case, years_ago=12)
    legal_update(actor=pasuruan.users["case_manager"], case=case, lp_number="LP/B/12/2014", stage="persidangan")
    hold = legal_hold_place(actor=sup, case=other, reason="Pemeriksaan Inspektorat")
    report = retention_apply()
    city = next(c for c in report.cities if c.city == "35.75")
    assert city.cases_anonymised == 0 and city.cases_kept == 2
    assert "Siti Aminah" in case_text(case) and "Dewi" in case_text(other)

    legal_update(actor=pasuruan.users["case_manager"], case=case, lp_number="LP/B/12/2014", stage="putusan",
                 restitution_decided=5000000, restitution_paid=1000000)
    assert next(c for c in retention_apply().cities if c.city == "35.75").cases_kept == 2  # restitution still unpaid
    legal_update(actor=pasuruan.users["case_manager"], case=case, lp_number="LP/B/12/2014", stage="putusan",
                 restitution_decided=5000000, restitution_paid=5000000)
    legal_hold_release(actor=sup, hold=hold)
    city = next(c for c in retention_apply().cities if c.city == "35.75")
    assert city.cases_anonymised == 2 and "Siti Aminah" not in case_text(case) and "Dewi" not in case_text(other)


def test_each_city_has_its_own_rules(pasuruan, blitar, close_case):
    mine = fill_city(pasuruan)
    theirs = fill_city(blitar)
    close_case(mine.case, years_ago=3)
    close_case(theirs.case, years_ago=3, world=blitar)
    assert RetentionPolicy.objects.count() == 0
    retention_policy_update(actor=pasuruan.users["admin"], city_code="35.75", data={"closed_case_identity_years": 2})
    with pytest.raises(DomainError):
        retention_policy_update(actor=pasuruan.users["admin"], city_code="35.75", data={"closed_case_identity_years": 0})
    call_command("apply_retention", verbosity=0)
    assert "Siti Aminah" not in case_text(mine.case)
    assert "Siti Aminah" in case_text(theirs.case)  # Blitar keeps the default 10 years
    assert AuditEvent.objects.filter(action="retention.policy_update", city_code="35.75").exists()


def test_reports_closed_as_not_relevant_are_deleted_and_finished_codes_expire(pasuruan):
    kel = pasuruan.kelurahan[0].code
    old, old_pin, _ = report_submit(city_code="35.75", form_token=None, reporter_kind="tetangga", kelurahan_code=kel, what=["dipukul"],
                                    contact_name="Pak Joko", attachment=SimpleUploadedFile("f.png", PNG))
    new, new_pin, _ = report_submit(city_code="35.75", form_token=None, reporter_kind="tetangga", kelurahan_code=kel, what=["dipukul"])
    waiting, waiting_pin, _ = report_submit(city_code="35.75", form_token=None, reporter_kind="anonim", kelurahan_code=kel, what=["dipukul"])
    for r in (old, new):
        report_close(actor=pasuruan.users["case_manager"], report=r, reason="bukan_kekerasan")
    Report.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=200))
    Report.objects.filter(pk=new.pk).update(updated_at=timezone.now() - timedelta(days=100))
    upload = Path(Report.objects.get(pk=old.pk).attachment.path)
    assert upload.exists()
    call_command("apply_retention", verbosity=0)
    assert not Report.objects.filter(pk=old.pk).exists() and not upload.exists()
    assert Report.objects.filter(pk=new.pk).exists()  # closed 100 days ago: kept, but its code no longer opens it
    with pytest.raises(DomainError):
        report_check(code=new.tracking_code, pin=new_pin)
    assert report_check(code=waiting.tracking_code, pin=waiting_pin).pk == waiting.pk  # still being handled: untouched
    assert AuditEvent.objects.filter(action="report.purge", object_id=str(old.pk)).exists()


def test_export_files_with_identities_are_deleted_after_their_period(pasuruan, settings):
    folder = Path(settings.PROTECTED_MEDIA_ROOT) / "exports"
    folder.mkdir(parents=True)
    jobs = []
    for days, identity in ((10, True), (2, True), (10, False)):
        path = folder / f"e{days}{identity}.csv"
        path.write_text("x")
        job = ExportJob.objects.create(user=pasuruan.users["supervisor"], city_id="35.75", kind="simfoni" if identity else "anonim", fmt="csv",
                                       date_from="2026-01-01", date_to="2026-12-31", include_identity=identity, status="done", path=str(path))
        ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=days))
        jobs.append((job.pk, path))
    call_command("apply_retention", verbosity=0)
    (old_pk, old_path), (new_pk, new_path), (anon_pk, anon_path) = jobs
    assert not old_path.exists() and ExportJob.objects.get(pk=old_pk).status == "expired"
    assert new_path.exists() and anon_path.exists() and ExportJob.objects.get(pk=anon_pk).status == "done"


def test_dry_run_changes_nothing_and_old_task_records_are_pruned(pasuruan, filled, close_case, capsys):
    close_case(filled.case, years_ago=11)
    call_command("apply_retention", "--dry-run")
    assert "DRY RUN" in capsys.readouterr().out and "Siti Aminah" in case_text(filled.case)
    old = DBTaskResult.objects.create(status="SUCCESSFUL", args_kwargs={}, task_path="x", backend_name="default",
                                      run_after=timezone.now(), finished_at=timezone.now() - timedelta(days=40))
    call_command("apply_retention", verbosity=0)
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
