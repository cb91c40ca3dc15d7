"""Form fields for the pages whose HTML is written by hand, and the one way such a page handles a post.

They read what the views used to take from `request.POST` by hand, with the same leniency: every
field is optional, text is cut rather than refused, an empty number is 0; what cannot be read is a
form error with an Indonesian message (gettext), shown on the page, never a server error. Days are
Django's DateField (the one parser of a day in a form; outside forms, `core.dates.parse_day`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST

from .dates import BAD_DATE
from .errors import DomainError

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


def first_error(form: forms.BaseForm) -> str:
    """The first message of a refused form (what a page shows above the form)."""
    for errors in form.errors.values():
        for message in errors:
            return str(message)
    return ""


def submit(request, form: forms.BaseForm, save: Callable[[dict], object], *, success: str | None = None,
           refused: str | None = None) -> bool:
    """The one way a hand-written page handles a post: validate `form`, hand its clean values to
    `save` (which calls one service); a refused form (its first message, or `refused`) or the
    service's DomainError becomes an error message on the page, `success` a success message.
    Returns whether it was saved."""
    try:
        if not form.is_valid():
            raise DomainError(str(refused) if refused else first_error(form))
        save(form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc))
        return False
    if success:
        messages.success(request, str(success))
    return True


def submit_named(request, handlers: dict, *args, default: tuple | None = None, success: str | None = None) -> bool | None:
    """A page with several forms: the hidden field `form` names the one posted, and `handlers` maps
    that name to its form class and the function that calls its one service, `save(request, *args,
    clean values)`. `default` serves a post without a known name; with none, nothing is saved and
    the answer is None (else whether it was saved, as `submit`)."""
    form_class, save = handlers.get(request.POST.get("form", ""), default) or (None, None)
    if form_class is None:
        return None
    return submit(request, form_class(request.POST), lambda d: save(request, *args, d), success=success)


def by_slug(actions: dict):
    """The view of `…/aksi/<slug:action>/`: each action has its own view in `actions` (slug → view,
    called with the URL's other arguments); an unknown slug is a 404."""

    @login_required
    @require_POST
    def view(request, action: str, **kwargs):
        target = actions.get(action)
        if target is None:
            raise Http404
        return target(request, **kwargs)

    return view


def action_view(load, form_class, *, done: str, back, refused: str | None = None):
    """Make the view of one action on one record (a case, a referral) from `save(request, record,
    clean values)`, which calls the action's one service. The view answers POST only (signed in);
    `load(request, **url arguments)` gives the record in the user's scope (404 outside it); the post
    (and its files) is read with `form_class`; `done` is the success message, a refusal is an error
    message (see `submit`); `back(request, record, form)` is the answer, a redirect."""

    def make(save):
        @login_required
        @require_POST
        @wraps(save)
        def view(request, **kwargs):
            record = load(request, **kwargs)
            form = form_class(request.POST, request.FILES)
            submit(request, form, lambda d: save(request, record, d), success=done, refused=refused)
            return back(request, record, form)
        return view
    return make
