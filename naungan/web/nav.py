"""The shell's navigation and home page, built from what each app declares in its `nav.py`
(see naungan/core/nav.py); an item is shown only to the roles listed (the view still checks scope)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from naungan.accounts.scope import is_national, roles_of
from naungan.core.nav import Panel, contributions


def nav_items(user, path: str = "") -> list[dict]:
    """The items this user's roles may use, in order; the one whose address is the longest prefix
    of `path` is marked current (a case page marks "Kasus")."""
    roles = roles_of(user)
    national = is_national(user)
    out = []
    for mod in contributions("nav"):
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
    for mod in contributions("nav"):
        fn = getattr(mod, "home_panels", None)
        if fn:
            panels.extend(fn(request))
    return sorted(panels, key=lambda p: p.order)
