"""The POSTed actions of a page (accept, decline, close, revoke…), run one way: the handler named by
the action (404 for any other name), its refusal (a DomainError) shown as the page's error message."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from .errors import DomainError


def run_action(request, action: str, handlers: dict[str, Callable[[], HttpResponse | None]]) -> HttpResponse | None:
    """Run `handlers[action]` and give back what it answers (None: the caller's usual redirect)."""
    handler = handlers.get(action)
    if handler is None:
        raise Http404
    try:
        return handler()
    except DomainError as exc:
        messages.error(request, _(str(exc)))
    return None


def form_error(form) -> str:
    """The first message of an invalid form (its own, else a field's), for a page that answers with a redirect."""
    errors = form.non_field_errors() or next((e for e in form.errors.values()), [])
    return str(errors[0]) if errors else ""


def cleaned(form) -> dict:
    """The clean values of a valid form; an invalid one is refused with its first message."""
    if not form.is_valid():
        raise DomainError(form_error(form))
    return form.cleaned_data


def attempt(request, do: Callable[[], object], done: str = "") -> bool:
    """Run `do()`: `done` becomes the page's success message, a refusal its error message. Whether it went through."""
    try:
        do()
    except DomainError as exc:
        messages.error(request, _(str(exc)))
        return False
    if done:
        messages.success(request, done)
    return True


def attempt_action(request, action: str, handlers: dict[str, Callable[[], object]]) -> bool:
    """`attempt` the handler named by `action` (404 for any other name)."""
    handler = handlers.get(action)
    if handler is None:
        raise Http404
    return attempt(request, handler)


class PickForm(forms.Form):
    """Which row of a page a post is for (a hidden id: a score, a rule, a hold…)."""

    def __init__(self, data, *, name: str):
        super().__init__(data)
        self.name = name
        self.fields[name] = forms.IntegerField(min_value=1)


def picked(data, name: str) -> int:
    """The id posted as `name`; 0 (no row: a 404 for the caller) when it is missing or no id."""
    form = PickForm(data, name=name)
    return form.cleaned_data[name] if form.is_valid() else 0
