"""Form fields for the pages whose HTML is written by hand (how such a page handles a post: `core.actions`).

They read what the views used to take from `request.POST` by hand, with the same leniency: every
field is optional, text is cut rather than refused, an empty number is 0; what cannot be read is a
form error with an Indonesian message (gettext), shown on the page, never a server error. Days are
Django's DateField (the one parser of a day in a form; outside forms, `core.dates.parse_day`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy, gettext_noop

from .dates import BAD_DATE

BAD_NUMBER = gettext_noop("Isian angka tidak valid.")
INT_MAX = 2**31 - 1  # the largest value of an integer column on PostgreSQL


class DayField(forms.DateField):
    """A calendar day (YYYY-MM-DD, as `<input type="date">` sends it). Empty gives today with
    `today=True`, else None; a day that cannot be read is refused with BAD_DATE."""

    def __init__(self, *, today: bool = False, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", {"invalid": gettext_lazy(BAD_DATE)})
        super().__init__(**kwargs)
        self.today = today

    def clean(self, value):
        day = super().clean(value)
        if day is None and self.today:
            return timezone.localdate()
        return day


class NumberField(forms.IntegerField):
    """A whole number typed in a form. Empty gives `empty` (0 unless told); below `floor` it is read
    as `floor` (a count is never negative); anything else that is not a number, or does not fit an
    integer column, is refused with `message` (by default BAD_NUMBER)."""

    def __init__(self, *, empty: int | None = 0, floor: int | None = None, message: str = BAD_NUMBER, **kwargs):
        kwargs.setdefault("required", False)
        text = gettext_lazy(message)
        super().__init__(min_value=-INT_MAX, max_value=INT_MAX, error_messages={"invalid": text, "min_value": text, "max_value": text}, **kwargs)
        self.empty, self.floor = empty, floor

    def to_python(self, value):
        number = super().to_python(value)
        if number is None:
            return self.empty
        if self.floor is not None and self.floor > number >= -INT_MAX:
            return self.floor
        return number


class IdField(forms.Field):
    """The primary key of a record chosen on the page: an int, or None when empty or not a number
    (the view then looks it up with `pk=... or 0` and answers 404 as for an unknown record)."""

    def to_python(self, value):
        value = str(value or "").strip()
        return int(value) if value.isdigit() and int(value) <= INT_MAX else None

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class IdsField(IdField):
    """Several primary keys (checkboxes or a multiple select of one name); what is not a number is left out."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [pk for pk in (IdField.to_python(self, v) for v in (value or [])) if pk is not None]


class TextField(forms.CharField):
    """Free text as typed (not stripped; the services strip), cut to `cut` characters as the pages
    always did rather than refused. `default` is what a post without the field gives."""

    def __init__(self, *, cut: int | None = None, default: str | None = "", **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)
        self.cut, self.default = cut, default

    def to_python(self, value):
        if value is None:
            return self.default
        value = super().to_python(value)
        return value[: self.cut] if self.cut else value


class TextsField(forms.Field):
    """Several values of one name (checkboxes of codes), as text; the services check the codes."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return [str(v) for v in (value or [])]
