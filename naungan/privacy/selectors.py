"""Reads of the privacy register, scoped: a city's supervisors see its data-subject requests and
legal holds; its administrators (and supervisors) its retention rules. Out of scope is a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from naungan.accounts.permissions import PRIVACY_REGISTER, RETENTION, national_or_cities_with
from naungan.cases.models import Case, Person
from naungan.cases.selectors import case_list, cases_visible_to

from .models import DataSubjectRequest, LegalHold


def register_cities(user) -> set[str] | None:
    """City codes whose register the user keeps; None means every city (national operator)."""
    return national_or_cities_with(user, PRIVACY_REGISTER)


def requests_visible_to(user) -> QuerySet[DataSubjectRequest]:
    cities = register_cities(user)
    qs = DataSubjectRequest.objects.all()
    return qs if cities is None else qs.filter(city_id__in=cities)


REQUEST_KEYS = ("-received_at", "-id")  # the order of the register, and its cursor


def request_list(*, user, status: str = "") -> QuerySet[DataSubjectRequest]:
    qs = requests_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("decided_by").order_by(*REQUEST_KEYS)


def request_get(*, user, request_id: int) -> DataSubjectRequest:
    obj = requests_visible_to(user).filter(pk=request_id).first()
    if obj is None:
        raise Http404
    return obj


def request_subjects(request: DataSubjectRequest) -> list[Person]:
    return list(request.subjects.select_related("case").order_by("case__number", "pk"))


def subject_candidates(*, user, request: DataSubjectRequest, q: str, limit: int = 30) -> list[Person]:
    """Persons in cases the user may see, of the request's city, found by name, NIK, phone or case
    number (blind indexes; the query is POSTed, never in a URL)."""
    cases = case_list(user=user, filters={"q": q}).filter(city_id=request.city_id).values("pk")[:limit]
    return list(Person.objects.filter(case_id__in=cases).select_related("case").order_by("case__number", "role", "pk")[:limit])


def holds_visible_to(user) -> QuerySet[LegalHold]:
    cities = register_cities(user)
    qs = LegalHold.objects.select_related("case", "placed_by")
    return qs if cities is None else qs.filter(case__city_id__in=cities)


def hold_case(*, user, number: str) -> Case:
    case = cases_visible_to(user).filter(number=(number or "").strip()).first()
    cities = register_cities(user)
    if case is None or (cities is not None and case.city_id not in cities):
        raise Http404
    return case


def retention_cities(user) -> set[str] | None:
    return national_or_cities_with(user, RETENTION)


def active_holds_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}pk__in": LegalHold.objects.filter(released_at__isnull=True).values("case_id")})
