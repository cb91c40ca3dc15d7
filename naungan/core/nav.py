"""Navigation and home-page panels, contributed by each app.

An app adds `nav.py` with `NAV = [NavItem(...)]` and optionally `home_panels(request) -> list[Panel]`;
the shell shows an item only to the roles listed (the view still checks scope itself)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from naungan.accounts.scope import is_national, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] = field(default_factory=frozenset)  # empty = any logged-in user
    order: int = 50


@dataclass
class Panel:
    template: str
    context: dict
    order: int = 50


def _app_modules(name: str):
    for cfg in apps.get_app_configs():
        if cfg.name.startswith("naungan.") and cfg.name != "naungan.core":
            try:
                yield importlib.import_module(f"{cfg.name}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{cfg.name}.{name}":
                    raise


def nav_items(user, path: str = "") -> list[dict]:
    """The items this user's roles may use, in order; the one whose address is the longest prefix
    of `path` is marked current (a case page marks "Kasus")."""
    roles = roles_of(user)
    national = is_national(user)
    out = []
    for mod in _app_modules("nav"):
        for item in getattr(mod, "NAV", []):
            if item.roles and not (roles & set(item.roles)) and not national:
                continue
            try:
                out.append({"label": item.label, "url": reverse(item.url_name), "order": item.order})
            except NoReverseMatch:
                continue
    out.sort(key=lambda i: i["order"])
    current = max((i for i in out if path.startswith(i["url"])), key=lambda i: len(i["url"]), default=None)
    for i in out:
        i["current"] = i is current
    return out


def home_panels(request) -> list[Panel]:
    panels: list[Panel] = []
    for mod in _app_modules("nav"):
        fn = getattr(mod, "home_panels", None)
        if fn:
            panels.extend(fn(request))
    return sorted(panels, key=lambda p: p.order)


@dataclass
class CaseSection:
    """One section (tab) of the case page. An app adds `case_sections(request, case, manage) ->
    list[CaseSection]` to its `nav.py`; the case page lists them in `order` next to its own
    (summary 10, persons 20, assessment & plan 30, timeline 80, attachments 90)."""

    slug: str
    label: str
    template: str
    context: dict
    order: int = 50


def case_sections(request, case, manage: bool) -> list[CaseSection]:
    out: list[CaseSection] = []
    for mod in _app_modules("nav"):
        fn = getattr(mod, "case_sections", None)
        if fn:
            out.extend(fn(request, case, manage))
    return sorted(out, key=lambda s: s.order)
