from datetime import timedelta

import pytest
from django.utils import timezone

from naungan.accounts.models import CityConfig
from naungan.audit.models import AuditEvent
from naungan.cases import services as S
from naungan.cases.models import Case, Notification, Person, PlanGoal, Status
from naungan.cases.selectors import case_list
from naungan.core.errors import ConflictError, DomainError, TransitionError

pytestmark = pytest.mark.django_db


def test_registration_numbers_cases_per_city_and_year(pasuruan, make_case):
    a, b = make_case(), make_case()
    year = timezone.localtime().year
    assert a.number == f"35.75-{year}-000001" and b.number == f"35.75-{year}-000002"
    assert a.owner_org == pasuruan.orgs["uptd"]
    assert sorted(a.forms.values_list("form", flat=True)) == ["fisik", "psikis"]
    assert AuditEvent.objects.filter(action="case.register", object_id=str(a.pk)).exists()


def test_a_failed_registration_consumes_no_number(pasuruan, make_case):
    with pytest.raises(DomainError):
        make_case(forms=["tidak_ada"])
    assert make_case().seq == 1


def test_child_and_age_band_follow_age_at_the_incident(make_case):
    case = make_case(persons=[{"role": "victim", "name": "A", "birth_date": "2008-10-02", "sex": "P"},
                              {"role": "perpetrator", "name": "B", "estimated_age": 40, "sex": "L", "relation_to_victim": "tetangga"}])
    victim = case.persons.get(role="victim")
    assert victim.age_at_incident == 17 and victim.is_child is True and victim.age_band == "13-17"
    perp = case.persons.get(role="perpetrator")
    assert perp.is_child is False and perp.age_band == "25-44"
    assert case.involves_child


def test_invalid_nik_is_refused_and_contradicting_nik_is_flagged(make_case):
    with pytest.raises(DomainError, match="NIK tidak valid"):
        make_case(persons=[{"role": "victim", "name": "A", "nik": "1234"}])
    # NIK says female born 05-03-2014 (45 = 5 + 40); entered data says male, born 2014-03-06
    case = make_case(persons=[{"role": "victim", "name": "A", "nik": "3575014503140001", "sex": "L", "birth_date": "2014-03-06"}])
    flags = case.persons.get().nik_flags
    assert S.NIK_SEX_MISMATCH in flags and S.NIK_BIRTH_MISMATCH in flags
    case = make_case(persons=[{"role": "victim", "name": "A", "nik": "3599014503140001", "sex": "P", "birth_date": "2014-03-05"}])
    assert case.persons.get().nik_flags != []  # regency 35.99 is not a Kemendagri code


def test_a_case_needs_a_victim_and_a_kelurahan_of_its_city(pasuruan, blitar, make_case):
    with pytest.raises(DomainError, match="korban"):
        make_case(persons=[{"role": "reporter", "name": "X"}])
    with pytest.raises(DomainError, match="Kelurahan"):
        make_case(kelurahan_code=blitar.kelurahan[0].code)


def test_roles_without_casework_cannot_register(pasuruan, make_case):
    for key in ["admin", "analyst", "auditor", "partner_police", "community"]:
        with pytest.raises(DomainError):
            make_case(actor=pasuruan.users[key])


def test_triage_sets_the_response_clock_from_the_city_configuration(pasuruan, make_case):
    CityConfig.objects.filter(city_id="35.75").update(respond_minutes_sedang=90)
    case = make_case(received_at=timezone.now() - timedelta(minutes=100))
    S.case_triage(actor=pasuruan.users["case_manager"], case=case, risk="sedang", case_type="kdrt")
    case.refresh_from_db()
    assert case.status == Status.TRIAGED
    assert case.respond_by == case.received_at + timedelta(minutes=90)
    assert case.is_overdue
    ids = set(case_list(user=pasuruan.users["case_manager"], filters={"overdue": "1"}).values_list("pk", flat=True))
    assert case.pk in ids
    S.case_record_response(actor=pasuruan.users["case_manager"], case=case)
    case.refresh_from_db()
    assert not case.is_overdue
    assert case.pk not in set(case_list(user=pasuruan.users["case_manager"], filters={"overdue": "1"}).values_list("pk", flat=True))


def test_high_risk_is_not_overdue_before_its_target(pasuruan, make_case):
    case = make_case(received_at=timezone.now() - timedelta(minutes=10))
    S.case_triage(actor=pasuruan.users["case_manager"], case=case, risk="tinggi")
    assert not Case.objects.get(pk=case.pk).is_overdue


def test_overdue_reminders_go_to_assignee_and_supervisor_without_identity(pasuruan, make_case):
    case = make_case(received_at=timezone.now() - timedelta(days=5))
    cm = pasuruan.users["case_manager"]
    S.case_triage(actor=cm, case=case, risk="rendah")
    S.case_assign(actor=cm, case=case, assigned_to=cm)
    Notification.objects.all().delete()
    assert S.send_overdue_reminders() == 2
    texts = list(Notification.objects.values_list("user__username", "text"))
    assert {u for u, _ in texts} == {cm.username, pasuruan.users["supervisor"].username}
    for _, text in texts:
        assert case.number in text and "Siti" not in text and "Aminah" not in text
    assert S.send_overdue_reminders() == 0  # once a day


def test_reassignment_is_audited(pasuruan, make_case):
    case = make_case()
    sup = pasuruan.users["supervisor"]
    S.case_assign(actor=sup, case=case, assigned_to=pasuruan.users["case_manager"], satgas_assignee=pasuruan.users["satgas_0"])
    e = AuditEvent.objects.filter(action="case.assign", object_id=str(case.pk)).latest("seq")
    assert e.changes["satgas_assignee"] == [None, pasuruan.users["satgas_0"].username]
    with pytest.raises(DomainError):
        S.case_assign(actor=sup, case=case, assigned_to=pasuruan.users["ppt_0"])


def test_workflow_follows_the_allowed_transitions(pasuruan, make_case):
    cm = pasuruan.users["case_manager"]
    case = make_case()
    with pytest.raises(TransitionError, match="triase"):
        S.case_transition(actor=cm, case=case, to=Status.TRIAGED)
    S.case_triage(actor=cm, case=case, risk="sedang")
    with pytest.raises(TransitionError, match="tidak dapat diubah"):
        S.case_transition(actor=cm, case=case, to=Status.MONITORING)
    with pytest.raises(TransitionError, match="disetujui supervisor"):
        S.case_transition(actor=cm, case=case, to=Status.CLOSED)
    for to in [Status.ASSESSMENT, Status.PLANNING, Status.SERVICES, Status.MONITORING]:
        S.case_transition(actor=cm, case=case, to=to)
    assert Case.objects.get(pk=case.pk).status == Status.MONITORING


def test_closing_needs_a_listed_reason_and_a_supervisor(pasuruan, make_case):
    cm, sup = pasuruan.users["case_manager"], pasuruan.users["supervisor"]
    case = make_case()
    with pytest.raises(DomainError, match="alasan"):
        S.case_request_closure(actor=cm, case=case, reason="karena saja")
    S.case_request_closure(actor=cm, case=case, reason="selesai_layanan")
    with pytest.raises(DomainError, match="supervisor"):
        S.case_approve_closure(actor=cm, case=case)
    S.case_approve_closure(actor=sup, case=case)
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.closed_at and case.closure_approved_by == sup
    with pytest.raises(DomainError, match="Alasan"):
        S.case_reopen(actor=cm, case=case, reason=" ")
    S.case_reopen(actor=cm, case=case, reason="Korban kembali melapor")
    case.refresh_from_db()
    assert case.status == Status.ASSESSMENT and case.reopened_count == 1


def test_tpks_case_with_adult_offender_cannot_be_settled_out_of_court(pasuruan, make_case):
    cm = pasuruan.users["case_manager"]
    adult = make_case(is_tpks=True, forms=["seksual"], persons=[{"role": "victim", "name": "A", "estimated_age": 15},
                                                                  {"role": "perpetrator", "name": "B", "estimated_age": 30}])
    with pytest.raises(DomainError, match="di luar pengadilan"):
        S.case_request_closure(actor=cm, case=adult, reason=S.SETTLED_OUT_OF_COURT)
    child = make_case(is_tpks=True, forms=["seksual"], persons=[{"role": "victim", "name": "A", "estimated_age": 15},
                                                                  {"role": "perpetrator", "name": "C", "estimated_age": 16}])
    S.case_request_closure(actor=cm, case=child, reason=S.SETTLED_OUT_OF_COURT)


def test_a_stale_edit_is_refused_and_shows_what_changed(pasuruan, make_case):
    case = make_case()
    seen = case.version
    S.case_update(actor=pasuruan.users["case_manager"], case_id=case.pk, version=seen, data={"place": "sekolah"})
    with pytest.raises(ConflictError) as exc:
        S.case_update(actor=pasuruan.users["supervisor"], case_id=case.pk, version=seen, data={"place": "fasilitas_umum"})
    assert exc.value.changes == {"place": ["fasilitas_umum", "sekolah"]}
    assert Case.objects.get(pk=case.pk).place == "sekolah"


def test_edit_audit_records_no_sealed_values(pasuruan, make_case):
    case = make_case()
    S.case_update(actor=pasuruan.users["case_manager"], case_id=case.pk, version=case.version, data={"chronology": "Rahasia sekali"})
    e = AuditEvent.objects.filter(action="case.update").latest("seq")
    assert "Rahasia" not in str(e.changes) and e.changes["chronology"] == ["«tersegel»", "«tersegel»"]


def test_person_update_is_version_checked(pasuruan, make_case):
    case = make_case()
    person = case.persons.get()
    S.person_update(actor=pasuruan.users["case_manager"], person=person, version=1, data={"phone": "081111111111"})
    with pytest.raises(ConflictError):
        S.person_update(actor=pasuruan.users["case_manager"], person=person, version=1, data={"phone": "082222222222"})
    assert Person.objects.get(pk=person.pk).phone == "081111111111"


def test_plan_tasks_and_assessment(pasuruan, make_case):
    cm = pasuruan.users["case_manager"]
    case = make_case()
    S.assessment_save(actor=cm, case=case, psychological="Trauma", needs="Konseling")
    goal = S.plan_goal_add(actor=cm, case=case, title="Pemulihan psikologis")
    task = S.plan_task_add(actor=cm, case=case, goal=goal, title="Konseling 4 sesi", owner_user=pasuruan.users["satgas_0"], due_date="2026-12-01")
    # the satgas owner now sees the case, and may mark the task done
    from naungan.cases.selectors import cases_visible_to

    assert cases_visible_to(pasuruan.users["satgas_0"]).filter(pk=case.pk).exists()
    S.plan_task_update(actor=pasuruan.users["satgas_0"], task=task, status="done")
    assert case.events.count() >= 4


def test_tpks_rule_is_checked_again_at_approval(pasuruan, make_case):
    """A perpetrator found to be adult after the request still blocks the settlement."""
    cm, sup = pasuruan.users["case_manager"], pasuruan.users["supervisor"]
    case = make_case(is_tpks=True, forms=["seksual"], persons=[{"role": "victim", "name": "A", "estimated_age": 15},
                                                                 {"role": "perpetrator", "name": "C", "estimated_age": 16}])
    S.case_request_closure(actor=cm, case=case, reason=S.SETTLED_OUT_OF_COURT)
    perp = case.persons.get(role="perpetrator")
    S.person_update(actor=cm, person=perp, version=perp.version, data={"estimated_age": 19})
    with pytest.raises(DomainError, match="di luar pengadilan"):
        S.case_approve_closure(actor=sup, case=Case.objects.get(pk=case.pk))
    assert Case.objects.get(pk=case.pk).status != Status.CLOSED


def test_unknown_perpetrator_counts_as_adult_for_the_tpks_rule(pasuruan, make_case):
    case = make_case(is_tpks=True, forms=["seksual"], persons=[{"role": "victim", "name": "A", "estimated_age": 15},
                                                                 {"role": "perpetrator", "unknown": True}])
    with pytest.raises(DomainError, match="di luar pengadilan"):
        S.case_request_closure(actor=pasuruan.users["case_manager"], case=case, reason=S.SETTLED_OUT_OF_COURT)


def test_illegal_transitions_are_refused_with_both_states_named(pasuruan, make_case):
    cm = pasuruan.users["case_manager"]
    case = make_case()
    S.case_triage(actor=cm, case=case, risk="tinggi")
    with pytest.raises(TransitionError) as exc:
        S.case_transition(actor=cm, case=case, to=Status.SERVICES)
    assert "Ditriase" in str(exc.value) and "Layanan" in str(exc.value)
    assert Case.objects.get(pk=case.pk).status == Status.TRIAGED


def test_case_note_add_writes_the_timeline_sealed_and_audited(pasuruan, make_case):
    case = make_case()
    e = S.case_note_add(actor=pasuruan.users["ppt_0"], case=case, body="Kunjungan ke rumah Siti", kind="feedback")
    assert e.kind == "feedback" and case.events.filter(pk=e.pk).exists()
    assert AuditEvent.objects.filter(action="case.note", object_id=str(e.pk)).exists()
    from django.http import Http404

    with pytest.raises(Http404):
        S.case_note_add(actor=pasuruan.users["ppt_1"], case=case, body="x")


def test_overdue_follows_each_risk_clock_of_the_city(pasuruan, make_case):
    CityConfig.objects.filter(city_id="35.75").update(respond_minutes_tinggi=30, respond_minutes_rendah=600)
    cm = pasuruan.users["case_manager"]
    received = timezone.now() - timedelta(minutes=60)
    high, low = make_case(received_at=received), make_case(received_at=received)
    S.case_triage(actor=cm, case=high, risk="tinggi")
    S.case_triage(actor=cm, case=low, risk="rendah")
    overdue = set(case_list(user=cm, filters={"overdue": "1"}).values_list("pk", flat=True))
    assert overdue == {high.pk}


def test_a_goal_and_its_task_are_written_in_one_transaction(pasuruan, make_case):
    """The care-plan form adds a new goal with its task: a refused task leaves no goal behind."""
    case = make_case()
    cm = pasuruan.users["case_manager"]
    with pytest.raises(DomainError):
        S.plan_task_add_with_goal(actor=cm, case=case, title="   ", goal_title="Pemulihan psikologis")
    assert not PlanGoal.objects.filter(case=case).exists()
    task = S.plan_task_add_with_goal(actor=cm, case=case, title="Konseling 4 sesi", goal_title="Pemulihan psikologis")
    assert task.goal.title == "Pemulihan psikologis" and PlanGoal.objects.filter(case=case).count() == 1
