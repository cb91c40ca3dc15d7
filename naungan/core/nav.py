"""What each app contributes to the shell and to other apps' pages, and how it is found.

Ground: this module imports no app of Naungan. An app adds `nav.py` with `NAV = [NavItem(...)]`,
optionally `home_panels(request) -> list[Panel]` and `case_sections(request, case, manage)`, and a
`tasks.py` with `PERIODIC = [callable, ...]` for its periodic work (reminders); the shell
(`naungan.web`) reads them through `contributions()`, so no app imports another app's nav or tasks."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType

from django.apps import apps


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


SHELL_APPS = ("naungan.core", "naungan.web")


def contributions(name: str) -> Iterator[ModuleType]:
    """Each installed Naungan app's module `name` (e.g. "nav", "tasks", "demo"), in INSTALLED_APPS
    order; apps without one are passed over (an import error inside the module is raised)."""
    for cfg in apps.get_app_configs():
        if cfg.name.startswith("naungan.") and cfg.name not in SHELL_APPS:
            try:
                yield importlib.import_module(f"{cfg.name}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{cfg.name}.{name}":
                    raise


def case_sections(request, case, manage: bool) -> list[CaseSection]:
    out: list[CaseSection] = []
    for mod in contributions("nav"):
        fn = getattr(mod, "case_sections", None)
        if fn:
            out.extend(fn(request, case, manage))
    return sorted(out, key=lambda s: s.order)


def periodic_jobs() -> list[Callable[[], int]]:
    """The periodic work every app registers in its `tasks.py` as `PERIODIC`; each returns how many
    notices it sent."""
    return [fn for mod in contributions("tasks") for fn in getattr(mod, "PERIODIC", ())]
