"""Assessment and the care plan: goals and tasks."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from naungan.accounts.models import Organisation
from naungan.audit.services import audit_record
from naungan.core.dates import parse_day
from naungan.core.errors import DomainError

from ..models import (
    Assessment,
    Case,
    EventKind,
    Person,
    PlanGoal,
    PlanTask,
    TaskStatus,
)
from ..selectors import can_manage_case
from .common import EMPTY_NOTE, NOT_ALLOWED, TASK_STATUS_LABELS, UNKNOWN_VALUE, _event, _require_manage, _require_visible, notify


@transaction.atomic
def assessment_save(*, actor, case: Case, person: Person | None = None, biological: str = "", psychological: str = "",
                    social: str = "", spiritual: str = "", needs: str = "") -> Assessment:
    _require_manage(actor, case)
    a = Assessment.objects.create(case=case, person=person, biological=biological, psychological=psychological,
                                  social=social, spiritual=spiritual, needs=needs, assessed_by=actor)
    audit_record(actor=actor, action="case.assessment", obj=a, city_code=case.city_id, changes={"case": [None, case.number]})
    _event(case, actor, EventKind.SYSTEM, "Asesmen biopsikososial dicatat.")
    return a


@transaction.atomic
def plan_goal_add(*, actor, case: Case, title: str) -> PlanGoal:
    _require_manage(actor, case)
    if not (title or "").strip():
        raise DomainError(EMPTY_NOTE)
    g = PlanGoal.objects.create(case=case, title=title.strip(), created_by=actor)
    audit_record(actor=actor, action="plan.goal_add", obj=g, city_code=case.city_id)
    _event(case, actor, EventKind.SYSTEM, "Tujuan rencana intervensi ditambahkan.")
    return g


@transaction.atomic
def plan_task_add(*, actor, case: Case, title: str, goal: PlanGoal | None = None, owner_user=None,
                  owner_org: Organisation | None = None, due_date=None) -> PlanTask:
    _require_manage(actor, case)
    if not (title or "").strip():
        raise DomainError(EMPTY_NOTE)
    if goal is not None and goal.case_id != case.pk:
        raise Http404
    t = PlanTask.objects.create(case=case, goal=goal, title=title.strip(), owner_user=owner_user, owner_org=owner_org, due_date=parse_day(due_date))
    audit_record(actor=actor, action="plan.task_add", obj=t, city_code=case.city_id, changes={
        "owner_user": [None, owner_user.username if owner_user else None], "due_date": [None, t.due_date]})
    _event(case, actor, EventKind.SYSTEM, f"Tugas rencana ditambahkan (tenggat {t.due_date.strftime('%d-%m-%Y') if t.due_date else '-'}).")
    if owner_user is not None:
        notify(user=owner_user, text=f"Tugas baru pada kasus {case.number}.", url=f"/kasus/{case.pk}/", push="task", ref=case.number)
    return t


@transaction.atomic
def plan_task_add_with_goal(*, actor, case: Case, title: str, goal_title: str = "", owner_user=None, due_date=None) -> PlanTask:
    """A task of the care plan, under a new goal when `goal_title` is given: the goal and its task
    are written in one transaction, so a refused task leaves no goal behind."""
    goal = plan_goal_add(actor=actor, case=case, title=goal_title) if goal_title else None
    return plan_task_add(actor=actor, case=case, title=title, goal=goal, owner_user=owner_user, due_date=due_date)


@transaction.atomic
def plan_task_update(*, actor, task: PlanTask, status: str) -> PlanTask:
    case = task.case
    _require_visible(actor, case)
    if not (can_manage_case(actor, case) or task.owner_user_id == actor.pk):
        raise DomainError(NOT_ALLOWED)
    if status not in TaskStatus.values:
        raise DomainError(UNKNOWN_VALUE.format(field="status", value=status))
    old = task.status
    task.status = status
    task.save(update_fields=["status"])
    audit_record(actor=actor, action="plan.task_update", obj=task, city_code=case.city_id, changes={"status": [old, status]})
    _event(case, actor, EventKind.SYSTEM, f"Status tugas: {TASK_STATUS_LABELS.get(old, old)} → {TASK_STATUS_LABELS.get(status, status)}.")
    return task
