"""Early-warning rules: evaluated when a case is registered (kind of place in a kelurahan), when a
perpetrator is recorded or changed (NIK, phone, name + birth date through the blind indexes) and
when a case is tagged with a school or a named place. An alert goes to the city's supervisors
only, names case numbers at most, and asks a person to look — it decides nothing."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from naungan.accounts.models import Membership, Organisation
from naungan.accounts.roles import OrgKind, Role
from naungan.accounts.scope import city_codes, is_national
from naungan.audit.services import audit_record
from naungan.cases.models import Case, Person, PersonRole, PersonToken
from naungan.cases.services import notify, require_case_write
from naungan.cases.tokens import name_index_tokens
from naungan.catalogues.selectors import values
from naungan.core.crypto import blind_index
from naungan.core.errors import DomainError
from naungan.core.names import name_tokens, variant_key

from .models import Alert, AlertStatus, PlaceTag, RuleKey, WarningRule

NOT_ALLOWED = gettext_noop("Hanya supervisor kota ini yang dapat mengubah aturan peringatan dini.")
BAD_WINDOW = gettext_noop("Jendela waktu harus antara 1 dan 3650 hari.")
BAD_THRESHOLD = gettext_noop("Ambang harus antara 2 dan 100 kasus.")
ALREADY_REVIEWED = gettext_noop("Peringatan ini sudah ditinjau.")
NOT_A_SCHOOL = gettext_noop("Sekolah yang dipilih bukan sekolah di kota ini.")
NOTHING_TO_TAG = gettext_noop("Pilih sekolah atau isi nama tempat.")
CANNOT_TAG = gettext_noop("Anda tidak berwenang mengubah tempat kejadian kasus ini.")

PERPETRATOR_KEYS = (RuleKey.PERPETRATOR_NIK, RuleKey.PERPETRATOR_PHONE, RuleKey.PERPETRATOR_NAME_BIRTH)


def rules_for(city_code: str) -> dict[str, WarningRule]:
    """The city's rules; a city that has none yet starts from the catalogue defaults."""
    rules = {r.key: r for r in WarningRule.objects.filter(city_id=city_code)}
    missing = [v for v in values("warning_key") if v.code not in rules and v.code in RuleKey.values]
    for v in missing:
        try:
            with transaction.atomic():
                rules[v.code] = WarningRule.objects.create(city_id=city_code, key=v.code, window_days=int(v.extra.get("window_days", 365)),
                                                           threshold=int(v.extra.get("threshold", 2)))
        except IntegrityError:  # created at the same moment by another registration
            rules[v.code] = WarningRule.objects.get(city_id=city_code, key=v.code)
    return rules


def _window(case: Case, rule: WarningRule) -> tuple:
    d = timedelta(days=rule.window_days)
    return case.received_at - d, case.received_at + d


def _fire(rule: WarningRule, case: Case, case_ids: set[int]) -> Alert | None:
    case_ids = set(case_ids) | {case.pk}
    if not rule.active or len(case_ids) < rule.threshold:
        return None
    alert, created = Alert.objects.get_or_create(rule=rule, case=case, defaults={
        "city_id": case.city_id, "key": rule.key, "size": len(case_ids), "window_days": rule.window_days, "threshold": rule.threshold})
    if not created:
        known = set(alert.cases.values_list("pk", flat=True))
        if not case_ids <= known:
            alert.cases.add(*case_ids)
            alert.size = len(known | case_ids)
            alert.save(update_fields=["size"])
        return alert
    alert.cases.set(case_ids)
    audit_record(actor=None, action="alert.raise", obj=alert, city_code=case.city_id, changes={
        "key": [None, rule.key], "case": [None, case.number], "cases": [None, len(case_ids)]})
    text = f"Peringatan dini: {RuleKey(rule.key).label} — {len(case_ids)} kasus dalam {rule.window_days} hari (kasus {case.number}). Mohon ditinjau."
    for m in Membership.objects.filter(city_id=case.city_id, role=Role.SUPERVISOR, active=True).select_related("user"):
        notify(user=m.user, text=text, url=f"/peringatan/{alert.pk}/", key=f"alert:{alert.pk}:{m.user_id}")
    return alert


def _name_birth_token(person: Person) -> str:
    return dict(name_index_tokens(person.name, person.birth_date)).get("name_birth", "")


def evaluate_perpetrator(person: Person) -> list[Alert]:
    """A perpetrator recorded or changed: the same NIK, phone or name + birth date on another
    case of the city inside the window."""
    if person.role != PersonRole.PERPETRATOR or person.unknown:
        return []
    case = person.case
    rules = rules_for(case.city_id)
    fired = []
    others = Person.objects.filter(role=PersonRole.PERPETRATOR, case__city_id=case.city_id).exclude(case_id=case.pk)
    checks = {RuleKey.PERPETRATOR_NIK: ("nik_bidx", person.nik_bidx), RuleKey.PERPETRATOR_PHONE: ("phone_bidx", person.phone_bidx)}
    for key, (field, value) in checks.items():
        rule = rules.get(key)
        if rule and rule.active and value:
            ids = set(others.filter(**{field: value}, case__received_at__range=_window(case, rule)).values_list("case_id", flat=True))
            if ids:
                fired.append(_fire(rule, case, ids))
    rule = rules.get(RuleKey.PERPETRATOR_NAME_BIRTH)
    token = _name_birth_token(person) if rule and rule.active else ""
    if token:
        ids = set(PersonToken.objects.filter(kind="name_birth", token=token, person__role=PersonRole.PERPETRATOR, case__city_id=case.city_id,
                                             case__received_at__range=_window(case, rule)).exclude(case_id=case.pk).values_list("case_id", flat=True))
        if ids:
            fired.append(_fire(rule, case, ids))
    return [a for a in fired if a]


# Homes are where most violence happens and are separate places: a "recurring place" means a
# shared one (school, public facility, workplace…), never the household category.
NOT_A_SHARED_PLACE = {"rumah_tangga"}


def evaluate_kelurahan_place(case: Case) -> Alert | None:
    """The same kind of shared place (SIMFONI category) in the same kelurahan, recurring."""
    if not (case.kelurahan_id and case.place) or case.place in NOT_A_SHARED_PLACE:
        return None
    rule = rules_for(case.city_id).get(RuleKey.KELURAHAN_PLACE)
    if not rule or not rule.active:
        return None
    ids = set(Case.objects.filter(kelurahan_id=case.kelurahan_id, place=case.place, received_at__range=_window(case, rule))
              .exclude(pk=case.pk).values_list("pk", flat=True))
    return _fire(rule, case, ids) if ids else None


def evaluate_place_tag(tag: PlaceTag) -> Alert | None:
    case = tag.case
    rules = rules_for(case.city_id)
    if tag.school_id:
        rule, field, value = rules.get(RuleKey.SAME_SCHOOL), "school_id", tag.school_id
    elif tag.place_bidx:
        rule, field, value = rules.get(RuleKey.SAME_PLACE), "place_bidx", tag.place_bidx
    else:
        return None
    if not rule or not rule.active:
        return None
    lo, hi = _window(case, rule)
    ids = set(PlaceTag.objects.filter(city_id=case.city_id, **{field: value}, received_at__range=(lo, hi)).exclude(case_id=case.pk)
              .values_list("case_id", flat=True))
    return _fire(rule, case, ids) if ids else None


def normalize_place(name: str) -> str:
    return " ".join(variant_key(t) for t in name_tokens(name or ""))


@transaction.atomic
def place_tag_set(*, actor, case: Case, school: Organisation | None = None, place_name: str = "") -> PlaceTag:
    require_case_write(actor, case, manage=True, not_allowed=CANNOT_TAG)
    place_name = (place_name or "").strip()[:200]
    if school is not None and (school.kind != OrgKind.SCHOOL or school.city_id != case.city_id):
        raise DomainError(NOT_A_SCHOOL)
    if school is None and not normalize_place(place_name):
        raise DomainError(NOTHING_TO_TAG)
    tag, _created = PlaceTag.objects.update_or_create(case=case, defaults={
        "city_id": case.city_id, "school": school, "place_name": "" if school else place_name,
        "place_bidx": "" if school else blind_index("place", normalize_place(place_name)), "received_at": case.received_at, "updated_by": actor})
    audit_record(actor=actor, action="alert.place_tag", obj=tag, city_code=case.city_id, changes={
        "case": [None, case.number], "school": [None, school.pk if school else None], "place_name": [None, "«tersegel»" if place_name and not school else None]})
    evaluate_place_tag(tag)
    return tag


def _require_rule_admin(actor, city_code: str) -> None:
    if not (is_national(actor) or city_code in city_codes(actor, Role.SUPERVISOR, Role.CITY_ADMIN)):
        raise DomainError(NOT_ALLOWED)


@transaction.atomic
def rule_update(*, actor, rule: WarningRule, window_days: int, threshold: int, active: bool) -> WarningRule:
    _require_rule_admin(actor, rule.city_id)
    if not 1 <= int(window_days) <= 3650:
        raise DomainError(BAD_WINDOW)
    if not 2 <= int(threshold) <= 100:
        raise DomainError(BAD_THRESHOLD)
    old = {"window_days": rule.window_days, "threshold": rule.threshold, "active": rule.active}
    rule.window_days, rule.threshold, rule.active, rule.updated_by = int(window_days), int(threshold), bool(active), actor
    rule.save()
    new = {"window_days": rule.window_days, "threshold": rule.threshold, "active": rule.active}
    audit_record(actor=actor, action="alert.rule_update", obj=rule, city_code=rule.city_id,
                 changes={k: [old[k], new[k]] for k in old if old[k] != new[k]} | {"key": [None, rule.key]})
    return rule


@transaction.atomic
def alert_review(*, actor, alert: Alert, note: str = "") -> Alert:
    """A supervisor looked at the pattern and decided what to do (the note says what)."""
    if not (is_national(actor) or alert.city_id in city_codes(actor, Role.SUPERVISOR)):
        raise Http404
    if alert.status == AlertStatus.REVIEWED:
        raise DomainError(ALREADY_REVIEWED)
    alert.status, alert.reviewed_by, alert.reviewed_at, alert.review_note = AlertStatus.REVIEWED, actor, timezone.now(), (note or "").strip()[:2000]
    alert.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit_record(actor=actor, action="alert.review", obj=alert, city_code=alert.city_id, changes={"status": ["open", "reviewed"]})
    return alert
