"""The POSTed actions of a page (accept, decline, close, revoke…), run one way: the handler named by
the action (404 for any other name), its refusal (a DomainError) shown as the page's error message."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .errors import DomainError
from .formfields import IdField


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
        self.fields[name] = IdField()


def picked(data, name: str) -> int:
    """The id posted as `name`; 0 (no row: a 404 for the caller) when it is missing or no id."""
    form = PickForm(data, name=name)
    return (form.cleaned_data[name] if form.is_valid() else None) or 0


def submit(request, form, save: Callable[[dict], object], *, success: str, refused: str | None = None) -> bool:
    """A post read by `form`: its clean values go to `save` (which calls one service); `success` is
    the page's success message; a refused form (its first message, or `refused`) or the service's
    refusal its error message. Whether it was saved."""
    def do():
        if refused and not form.is_valid():
            raise DomainError(str(refused))
        save(cleaned(form))
    return attempt(request, do, str(success))


def submit_named(request, handlers: dict, *args, default: tuple | None = None, success: str) -> bool | None:
    """A page with several forms: the hidden field `form` names the one posted, and `handlers` maps
    that name to its form class and the function that calls its one service, `save(request, *args,
    clean values)`. `default` serves a post without a known name; with none, nothing is saved and
    the answer is None (else whether it was saved, as `submit`)."""
    form_class, save = handlers.get(request.POST.get("form", ""), default) or (None, None)
    if form_class is None:
        return None
    return submit(request, form_class(request.POST), lambda d: save(request, *args, d), success=success)


def action_view(load, form_class, *, done: str, back, refused: str | None = None):
    """Make the view of one action on one record (a case, a referral) from `save(request, record,
    clean values)`, which calls the action's one service. The view answers POST only (signed in);
    `load(request, **url arguments)` gives the record in the user's scope (404 outside it); the post
    (and its files) is read with `form_class`; `done` is the success message, a refusal an error
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

