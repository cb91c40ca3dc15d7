"""List filters as django-filter FilterSets: one declaration of a list's filters serves its page
and its API endpoint (and describes the API's query parameters in the OpenAPI schema).

A filter value that does not parse is a field error: the API answers 400 with it (`filtered`
raises ValidationError, which naungan.core.api turns into a 400); a page reads the same FilterSet
leniently (`filtered(..., lenient=True)`: a bad value is ignored, as a page always did)."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from naungan.core.dates import BAD_DATE, day_bound

DATE_ERRORS = {"invalid": gettext_lazy(BAD_DATE)}


class DateFilter(django_filters.DateFilter):
    """A calendar day (YYYY-MM-DD) compared with a date column; a bad day is a field error with
    the one message of naungan.core.dates."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", DATE_ERRORS)
        super().__init__(*args, **kwargs)


class DayFilter(DateFilter):
    """A calendar day compared with a DATETIME column: from the first instant of the local day, or
    (end=True) up to its last, as naungan.core.dates.day_bound. A bound beyond the datetimes UTC can
    hold (0001-01-01 from, 9999-12-31 up to) is no bound at all."""

    def __init__(self, *args, end: bool = False, **kwargs):
        kwargs.setdefault("lookup_expr", "lte" if end else "gte")
        super().__init__(*args, **kwargs)
        self.end = end

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        bound = day_bound(value, end=self.end)
        return qs if bound is None else super().filter(qs, bound)


class _FlagField(forms.NullBooleanField):
    """A yes/no query parameter: true/1/on (a checkbox) is yes, false/0 is no, anything else unset."""

    widget = forms.TextInput  # NullBooleanSelect would read "1" and "on" as unset

    def to_python(self, value):
        return True if value in ("on", "On", "ON") else super().to_python(value)


class FlagFilter(django_filters.BooleanFilter):
    field_class = _FlagField


def filtered(filterset, *, lenient: bool = False) -> QuerySet:
    """The rows a bound FilterSet selects. A value that does not parse raises ValidationError with
    the field errors (the API's 400), or, `lenient` (pages), leaves that filter out."""
    if not filterset.is_valid() and not lenient:
        raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
    return filterset.qs


def filter_parameters(filterset_cls, exclude: tuple[str, ...] = ()) -> list:
    """The query parameters of a FilterSet, for the OpenAPI schema (dates as dates, flags as booleans)."""
    def kind(f):
        if isinstance(f, django_filters.DateFilter):
            return OpenApiTypes.DATE
        if isinstance(f, django_filters.BooleanFilter):
            return bool
        if isinstance(f, django_filters.NumberFilter):
            return int
        return str

    return [OpenApiParameter(name, kind(f)) for name, f in filterset_cls.base_filters.items() if name not in exclude]


def filterset(model, *, exact: dict[str, str] | None = None, **filters) -> type[django_filters.FilterSet]:
    """A FilterSet of `model`: `exact` maps query parameters to the fields they must equal (a text
    filter each; empty means no filter), `filters` are any other filters by parameter name."""
    attrs = {name: django_filters.CharFilter(field_name=field) for name, field in (exact or {}).items()} | filters
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": []})
    return type(f"{model.__name__}Filter", (django_filters.FilterSet,), attrs)
