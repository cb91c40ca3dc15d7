"""Writes of families. Linking needs the right to manage each case linked (scope first: 404)."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_noop

from naungan.audit.services import audit_record
from naungan.cases.models import Case
from naungan.cases.selectors import can_manage_case
from naungan.cases.services import require_case_write
from naungan.core.errors import DomainError
from naungan.prevention.models import VulnerableFamily

from .models import Family, FamilyCase, LinkKind
from .selectors import accompaniments_visible_to, families_visible_to

NOT_ALLOWED = gettext_noop("Anda tidak berwenang menautkan kasus ini ke keluarga.")
OTHER_CITY = gettext_noop("Keluarga hanya dapat menautkan kasus dari kota yang sama.")
ALREADY_LINKED = gettext_noop("Kasus ini sudah tertaut ke keluarga ini.")
UNKNOWN_KIND = gettext_noop("Jenis keterkaitan keluarga tidak dikenal.")
LAST_CASE = gettext_noop("Keluarga harus memiliki setidaknya satu kasus.")


def _require_case(actor, case: Case) -> None:
    require_case_write(actor, case, manage=True, not_allowed=NOT_ALLOWED)


def _require_family(actor, family: Family) -> None:
    if not families_visible_to(actor).filter(pk=family.pk).exists():
        raise Http404


@transaction.atomic
def family_create(*, actor, case: Case, kind: str, label: str = "", relation: str = "") -> Family:
    _require_case(actor, case)
    if kind not in LinkKind.values:
        raise DomainError(UNKNOWN_KIND)
    family = Family.objects.create(city_id=case.city_id, kind=kind, label=(label or "").strip()[:200], created_by=actor)
    FamilyCase.objects.create(family=family, case=case, relation=(relation or "").strip()[:40], added_by=actor)
    # An accompaniment record already pointing at this case is the family's.
    acc = VulnerableFamily.objects.filter(case=case).order_by("id").first()
    if acc is not None:
        family.accompaniment = acc
        family.save(update_fields=["accompaniment"])
    audit_record(actor=actor, action="household.create", obj=family, city_code=case.city_id, changes={
        "kind": [None, kind], "case": [None, case.number], "accompaniment": [None, acc.pk if acc else None]})
    return family


@transaction.atomic
def family_add_case(*, actor, family: Family, case: Case, relation: str = "") -> FamilyCase:
    _require_family(actor, family)
    _require_case(actor, case)
    if case.city_id != family.city_id:
        raise DomainError(OTHER_CITY)
    if FamilyCase.objects.filter(family=family, case=case).exists():
        raise DomainError(ALREADY_LINKED)
    link = FamilyCase.objects.create(family=family, case=case, relation=(relation or "").strip()[:40], added_by=actor)
    audit_record(actor=actor, action="household.add_case", obj=family, city_code=family.city_id, changes={"case": [None, case.number]})
    return link


@transaction.atomic
def family_remove_case(*, actor, family: Family, case: Case) -> None:
    _require_family(actor, family)
    _require_case(actor, case)
    link = FamilyCase.objects.filter(family=family, case=case).first()
    if link is None:
        raise Http404
    if family.links.count() <= 1:
        raise DomainError(LAST_CASE)
    link.delete()
    audit_record(actor=actor, action="household.remove_case", obj=family, city_code=family.city_id, changes={"case": [case.number, None]})


@transaction.atomic
def family_link_accompaniment(*, actor, family: Family, accompaniment: VulnerableFamily | None) -> Family:
    _require_family(actor, family)
    if not any(can_manage_case(actor, link.case) for link in family.links.select_related("case")):
        raise DomainError(NOT_ALLOWED)
    if accompaniment is not None:
        if not accompaniments_visible_to(actor).filter(pk=accompaniment.pk).exists():
            raise Http404
        if accompaniment.city_id != family.city_id:
            raise DomainError(OTHER_CITY)
    old = family.accompaniment_id
    family.accompaniment = accompaniment
    family.save(update_fields=["accompaniment"])
    audit_record(actor=actor, action="household.link_accompaniment", obj=family, city_code=family.city_id,
                 changes={"accompaniment": [old, accompaniment.pk if accompaniment else None]})
    return family
