"""Scope: the one place that turns a viewing user into what they may see.

Every page, API endpoint, export and dashboard starts from a function here (or from an app's
`*_visible_to(user)` selector built on these). Out of scope means 404, never 403, so nobody learns
that a record exists.

| role               | organisations / users it sees                               |
|--------------------|-------------------------------------------------------------|
| city_admin         | all organisations and users of its city (manages them)      |
| supervisor         | all organisations and users of its city (read)              |
| auditor            | all organisations and users of its city (read, for audit)   |
| data_analyst       | organisations of its city; users: itself                    |
| others             | organisations of its city; users: itself                    |
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from .models import Membership, Organisation, User
from .roles import Role

_CACHE_ATTR = "_naungan_memberships"


def memberships(user) -> list[Membership]:
    """Active memberships of a user, read once per request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, active=True)
            .select_related("organisation", "city", "region")
            .order_by("id")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def primary_membership(user) -> Membership | None:
    ms = memberships(user)
    return ms[0] if ms else None


def roles_of(user) -> set[str]:
    return {m.role for m in memberships(user)}


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def memberships_with(user, *roles: str) -> list[Membership]:
    return [m for m in memberships(user) if m.role in roles]


def city_codes(user, *roles: str) -> set[str]:
    """Cities where the user holds one of `roles` (any role when none given)."""
    ms = memberships_with(user, *roles) if roles else memberships(user)
    return {m.city_id for m in ms}


def is_national(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def organisations_visible_to(user) -> QuerySet[Organisation]:
    if is_national(user):
        return Organisation.objects.all()
    cities = city_codes(user)
    if not cities:
        return Organisation.objects.none()
    if roles_of(user) == {Role.COMMUNITY}:
        return Organisation.objects.filter(memberships__user=user).distinct()
    return Organisation.objects.filter(city_id__in=cities)


def organisations_managed_by(user) -> QuerySet[Organisation]:
    if is_national(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(city_id__in=city_codes(user, Role.CITY_ADMIN))


def users_visible_to(user) -> QuerySet[User]:
    if is_national(user):
        return User.objects.all()
    cities = city_codes(user, Role.CITY_ADMIN, Role.SUPERVISOR, Role.AUDITOR)
    q = Q(pk=user.pk)
    if cities:
        q |= Q(memberships__city_id__in=cities)
    return User.objects.filter(q).distinct()


def users_managed_by(user) -> QuerySet[User]:
    if is_national(user):
        return User.objects.all()
    cities = city_codes(user, Role.CITY_ADMIN)
    if not cities:
        return User.objects.none()
    return User.objects.filter(memberships__city_id__in=cities).distinct()


def region_codes_of(user, *roles: str) -> set[str]:
    """The scope regions (city, kecamatan or kelurahan codes) of the memberships with `roles`."""
    return {m.region_id for m in memberships_with(user, *roles)}


def organisation_ids_of(user, *roles: str) -> set[int]:
    return {m.organisation_id for m in memberships_with(user, *roles)}


def rows_visible_to(user, model, scope_q: Callable[[User], Q]) -> QuerySet:
    """The rows of `model` a user may see: none when signed out, all for the national operator,
    otherwise those the filter `scope_q(user)` selects. A scope is an OR of what each role of the
    user opens; a part for a role the user does not hold (`field__in` an empty set) selects nothing."""
    if user is None or not user.is_authenticated:
        return model.objects.none()
    if is_national(user):
        return model.objects.all()
    return model.objects.filter(scope_q(user))


def region_q(field: str, codes: set[str]) -> Q:
    """Records whose region `field` lies inside any of `codes` (a city, kecamatan or kelurahan)."""
    base = field[:-3] + "__pk" if field.endswith("_id") else field
    q = Q(pk__in=[])
    for code in codes:
        q |= Q(**{base: code}) | Q(**{f"{base}__startswith": code + "."})
    return q
