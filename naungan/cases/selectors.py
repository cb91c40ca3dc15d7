"""Reads of cases. `cases_visible_to(user)` is THE case scope: every page, API endpoint, export
and dashboard starts from it. Out of scope is a 404."""

from __future__ import annotations

import re
from dataclasses import dataclass

import django_filters
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from naungan.accounts.roles import CASEWORK_ROLES, Role
from naungan.accounts.scope import city_codes, is_national, memberships_with, organisation_ids_of, region_q
from naungan.core.crypto import blind_indexes
from naungan.core.filters import DayFilter, FlagFilter, filtered
from naungan.core.names import name_tokens, normalize_nik, normalize_phone_number, variant_key

from .models import Case, Person, PersonRole, PersonToken, PlanTask, Status, TaskStatus
from .tokens import name_birth_key


def case_scope_q(user) -> Q | None:
    """The filter of cases a user may open; None means everything (national operator)."""
    if is_national(user):
        return None
    # A part for a role the user does not hold (`field__in` an empty set) selects nothing.
    q = Q(city_id__in=city_codes(user, Role.SUPERVISOR)) | Q(owner_org_id__in=organisation_ids_of(user, Role.CASE_MANAGER))
    ppt = memberships_with(user, Role.PPT_OFFICER)
    if ppt:
        # The city bound changes nothing about who sees what (a PPT post and its kelurahan lie in
        # its city) but lets the database read only the city's rows, newest first, instead of
        # walking the whole country's (received_at) index looking for one kelurahan's cases.
        q |= Q(city_id__in={m.city_id for m in ppt}) & (
            region_q("kelurahan_id", {m.region_id for m in ppt}) | Q(registering_org_id__in={m.organisation_id for m in ppt}))
    if memberships_with(user, Role.SATGAS):
        q |= Q(satgas_assignee=user) | Q(Exists(PlanTask.objects.filter(case=OuterRef("pk"), owner_user=user)))
    return q


def cases_visible_to(user) -> QuerySet[Case]:
    if user is None or not user.is_authenticated:
        return Case.objects.none()
    q = case_scope_q(user)
    return Case.objects.all() if q is None else Case.objects.filter(q)


def case_get(*, user, case_id: int) -> Case:
    try:
        return cases_visible_to(user).select_related(
            "city", "kelurahan", "kecamatan", "owner_org", "registering_org", "assigned_to", "satgas_assignee", "received_by"
        ).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404


def person_identity_visible(user, person: Person) -> bool:
    """A reporter's identity is for the case manager and supervisor only."""
    if person.role != PersonRole.REPORTER:
        return True
    if is_national(user):
        return True
    return person.case.city_id in city_codes(user, Role.SUPERVISOR) or person.case.owner_org_id in organisation_ids_of(user, Role.CASE_MANAGER)


def can_manage_case(user, case: Case) -> bool:
    """Triage, assign, plan, request closure: supervisor of the city or case manager of the unit."""
    return is_national(user) or case.city_id in city_codes(user, Role.SUPERVISOR) or case.owner_org_id in organisation_ids_of(user, Role.CASE_MANAGER)


def can_approve_closure(user, case: Case) -> bool:
    return is_national(user) or case.city_id in city_codes(user, Role.SUPERVISOR)


# ---------------------------------------------------------------------------------------------
# Finding cases

CASE_LIST_KEYS = ("-received_at", "-id")  # the order of every case list, and its cursor


def overdue_q(now=None) -> Q:
    now = now or timezone.now()
    return Q(respond_by__lt=now, first_response_at__isnull=True) & ~Q(status=Status.CLOSED)


CASE_NUMBER = re.compile(r"^\d{2}\.\d{2}-\d{4}-\d{6}$")


def search_cities(user) -> list[str] | None:
    """The cities a user's case scope lies in (None: the whole country). Token lookups are
    narrowed to them through the (token, kind, city, case) index before the scope applies."""
    return None if is_national(user) else sorted(city_codes(user, *CASEWORK_ROLES))


def _token_cases(kind: str, tokens: list[str], cities: list[str] | None):
    rows = PersonToken.objects.filter(kind=kind, token__in=tokens)
    if cities is not None:
        rows = rows.filter(city_id__in=cities)
    return rows.values("case_id")


def _all_names_q(tokens: list[str], cities: list[str] | None) -> Q:
    """Cases with a person whose name holds every token (by spelling-variant key). One read of
    the (token, kind, city, case) index for all tokens, grouped by case, rather than one
    semi-join per token (which the planner tends to run as a nested loop)."""
    keysets = [blind_indexes("name_variant", k) for k in dict.fromkeys(variant_key(t) for t in tokens)]
    if all(len(ks) == 1 for ks in keysets):
        flat = [ks[0] for ks in keysets]
        rows = PersonToken.objects.filter(kind="variant", token__in=flat)
        if cities is not None:
            rows = rows.filter(city_id__in=cities)
        matched = rows.values("case_id").annotate(n=Count("token", distinct=True)).filter(n=len(flat)).values("case_id")
        return Q(pk__in=matched)
    cond = Q()  # while an old index key is still listed, each token may have several forms
    for ks in keysets:
        cond &= Q(pk__in=_token_cases("variant", ks, cities))
    return cond


def search_case_ids(q: str, cities: list[str] | None = None) -> Q:
    """Case number, NIK, phone or name (tolerant of old/new spellings) — through blind indexes.
    `cities` (see `search_cities`) narrows the name-token lookups; the caller's scope still applies."""
    q = (q or "").strip()[:100]
    if not q:
        return Q()
    nik = normalize_nik(q)
    if nik:
        return Q(Exists(Person.objects.filter(case=OuterRef("pk"), nik_bidx__in=blind_indexes("nik", nik))))
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(digits) >= 9 and len(digits) == len(q.replace(" ", "").replace("-", "").replace("+", "")):
        phone = normalize_phone_number(q)
        if phone:
            return Q(Exists(Person.objects.filter(case=OuterRef("pk"), phone_bidx__in=blind_indexes("phone", phone))))
    if CASE_NUMBER.match(q):  # a whole number: exact, through the unique index
        return Q(number=q)
    if any(ch.isdigit() for ch in q) and "-" in q:
        return Q(number__icontains=q)
    tokens = name_tokens(q)
    if not tokens:
        return Q(number__icontains=q)
    return _all_names_q(tokens, cities)


class CaseFilter(django_filters.FilterSet):
    """The filters of the case list, on the page (its FilterForm's values) and in the API (query
    parameters of the same names; `q`, a search by number, NIK, phone or name, only ever POSTed)."""

    status = django_filters.ChoiceFilter(choices=Status.choices)
    risk = django_filters.CharFilter()
    overdue = FlagFilter(method="filter_overdue")
    form = django_filters.CharFilter(field_name="forms__form")
    place = django_filters.CharFilter()
    kelurahan = django_filters.CharFilter(field_name="kelurahan_id")
    mine = FlagFilter(method="filter_mine")
    assigned_to_me = FlagFilter(method="filter_mine")
    date_from = DayFilter(field_name="received_at")
    date_to = DayFilter(field_name="received_at", end=True)
    q = django_filters.CharFilter(method="filter_q")

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.user = user

    def filter_overdue(self, qs, name, value):
        return qs.filter(overdue_q()) if value else qs

    def filter_mine(self, qs, name, value):
        return qs.filter(Q(assigned_to=self.user) | Q(satgas_assignee=self.user)) if value else qs

    def filter_q(self, qs, name, value):
        return qs.filter(search_case_ids(value, search_cities(self.user)))


def case_list(*, user, filters: dict | None = None) -> QuerySet[Case]:
    """The cases of `user`'s scope that `filters` (CaseFilter's parameters) select, newest first;
    a value that does not parse raises ValidationError (the API's 400)."""
    qs = filtered(CaseFilter(filters or {}, cases_visible_to(user), user=user))
    # victims for the masked column (initials and age): one query per page, not per row
    victims = Prefetch("persons", queryset=Person.objects.filter(role=PersonRole.VICTIM).order_by("id"), to_attr="victims")
    return qs.select_related("kelurahan", "assigned_to").prefetch_related("forms", victims).order_by(*CASE_LIST_KEYS)


@dataclass
class DuplicateHit:
    case: Case
    reasons: list[str]


def possible_duplicates(*, user, nik: str = "", phone: str = "", name: str = "", birth_date: str = "", limit: int = 10) -> list[DuplicateHit]:
    """Cases within the user's scope with a person of the same NIK, phone, or name + birth date
    (or a name sharing every spelling-variant token)."""
    reasons: dict[int, list[str]] = {}
    scope = cases_visible_to(user)
    n = normalize_nik(nik)
    if n:
        for cid in Person.objects.filter(nik_bidx__in=blind_indexes("nik", n), case__in=scope).values_list("case_id", flat=True)[:limit]:
            reasons.setdefault(cid, []).append("NIK sama")
    p = normalize_phone_number(phone)
    if p:
        for cid in Person.objects.filter(phone_bidx__in=blind_indexes("phone", p), case__in=scope).values_list("case_id", flat=True)[:limit]:
            reasons.setdefault(cid, []).append("nomor telepon sama")
    tokens = name_tokens(name)
    cities = search_cities(user)
    if tokens and birth_date:
        keys = blind_indexes("name_birth", name_birth_key(tokens, birth_date))
        for cid in scope.filter(pk__in=_token_cases("name_birth", keys, cities)).values_list("pk", flat=True)[:limit]:
            reasons.setdefault(cid, []).append("nama dan tanggal lahir sama")
    if tokens and len(tokens) >= 2:
        for cid in scope.filter(_all_names_q(tokens, cities)).values_list("pk", flat=True)[:limit]:
            reasons.setdefault(cid, []).append("nama mirip")
    cases = {c.pk: c for c in scope.filter(pk__in=list(reasons)).select_related("kelurahan")}
    return [DuplicateHit(case=cases[cid], reasons=r) for cid, r in reasons.items() if cid in cases][:limit]


def overdue_cases_for(user) -> QuerySet[Case]:
    return cases_visible_to(user).filter(overdue_q()).filter(Q(assigned_to=user) | Q(satgas_assignee=user) | Q(assigned_to__isnull=True)).order_by("respond_by")


def my_open_tasks(user) -> QuerySet[PlanTask]:
    return PlanTask.objects.filter(owner_user=user, status=TaskStatus.OPEN, case__in=cases_visible_to(user)).select_related("case").order_by("due_date")


def matches_elsewhere(*, user, nik: str = "", phone: str = "", name: str = "", birth_date: str = "", limit: int = 20) -> list[tuple[int, str, str]]:
    """Cases OUTSIDE the user's scope, in another city, with a person of the same NIK, phone, or
    name + birth date: (case id, city code, city name) for "a possible match exists in Kota X —
    ask for a transfer". Callers show the city name only, never the case (not even its number)."""
    own = city_codes(user)
    keys = Q(pk__in=[])
    n = normalize_nik(nik)
    if n:
        keys |= Q(nik_bidx__in=blind_indexes("nik", n))
    p = normalize_phone_number(phone)
    if p:
        keys |= Q(phone_bidx__in=blind_indexes("phone", p))
    tokens = name_tokens(name)
    if tokens and birth_date:
        name_birth = blind_indexes("name_birth", name_birth_key(tokens, birth_date))
        keys |= Q(Exists(PersonToken.objects.filter(person=OuterRef("pk"), kind="name_birth", token__in=name_birth)))
    if keys == Q(pk__in=[]):
        return []
    rows = (Person.objects.filter(keys).exclude(case__city_id__in=own).exclude(case__in=cases_visible_to(user))
            .values_list("case_id", "case__city_id", "case__city__name").order_by("case_id")[:limit])
    seen, out = set(), []
    for case_id, code, city_name in rows:
        if case_id not in seen:
            seen.add(case_id)
            out.append((case_id, code, city_name))
    return out


_MATCH_KEY = "cases.matches_elsewhere"


def remember_match(request, case_id: int) -> str:
    """An opaque reference to a case found elsewhere, kept in the session (never in the page or
    a URL), so a supervisor can ask for its transfer without learning anything about it."""
    import secrets

    refs = request.session.get(_MATCH_KEY) or {}
    for ref, cid in refs.items():
        if cid == case_id:
            return ref
    ref = secrets.token_urlsafe(9)
    refs[ref] = case_id
    request.session[_MATCH_KEY] = dict(list(refs.items())[-50:])
    return ref


def recall_match(request, ref: str) -> int | None:
    return (request.session.get(_MATCH_KEY) or {}).get(ref or "")
