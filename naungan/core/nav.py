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


def nav_items(user) -> list[dict]:
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
    return sorted(out, key=lambda i: i["order"])


def home_panels(request) -> list[Panel]:
    panels: list[Panel] = []
    for mod in _app_modules("nav"):
        fn = getattr(mod, "home_panels", None)
        if fn:
            panels.extend(fn(request))
    return sorted(panels, key=lambda p: p.order)
