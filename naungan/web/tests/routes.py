"""Every URL pattern of the resolver, for the generated checks (headers, access matrix)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    route: str       # the pattern as written, e.g. "kasus/<int:pk>/"
    name: str        # namespaced name, e.g. "cases:detail"
    callback: object

    @property
    def has_args(self) -> bool:
        return "<" in self.route or "(?P" in self.route


def all_routes(skip_prefixes=("django-admin/",)) -> list[Route]:
    out: list[Route] = []

    def walk(patterns, prefix, ns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), f"{ns}:{p.namespace}".strip(":") if p.namespace else ns)
            elif isinstance(p, URLPattern):
                route = (prefix + str(p.pattern)).replace("^", "").replace("$", "")
                if not route.startswith(skip_prefixes):
                    out.append(Route(route, f"{ns}:{p.name}".strip(":") if p.name else route, p.callback))

    walk(get_resolver().url_patterns, "", "")
    return out
