"""Evidence the KLA evaluation pulls from Naungan's own records, for a city and a year.

An indicator set names, per evidence item, the figure it can show (`EvidenceItem.figure`): a
figure kind, optionally with catalogue codes, e.g. `special_protection:abh,terorisme` or
`outreach_topic:perkawinan_anak`. `FIGURE_KINDS` is the list of kinds; codes are checked against
the catalogues when a set is loaded. Every figure carries a link to the page it comes from.

Case figures come from `case_figures` alone, which reads the maintained aggregates of the stats
app; everything else is read through the prevention app's selectors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from naungan.accounts.permissions import PREVENTION_CITY, cities_with, may_see_dashboard
from naungan.accounts.scope import is_national
from naungan.catalogues.selectors import codes, label
from naungan.prevention import selectors as P
from naungan.stats.selectors import city_year_figures

# kind -> catalogue its codes come from (None: the kind takes no codes)
FIGURE_KINDS: dict[str, str | None] = {
    "child_violence_cases": None,
    "child_victims_served": None,
    "child_victims_disability": None,
    "zero_violence": None,
    "case_type": "case_type",
    "special_protection": "special_protection",
    "forum_anak_forums": None,
    "forum_anak_activities": None,
    "forum_anak_musrenbang": None,
    "outreach_events": None,
    "outreach_topic": "prevention_topic",
    "patbm_coverage": None,
    "community_groups": None,
    "family_risk": "family_risk",
    "family_support": "family_support",
    "dekela_complete": None,
    "dekela": "dekela_item",
}

SINGLE_CODE = {"dekela"}  # a count of kelurahan: summing items would exceed the kelurahan

BAD_FIGURE = gettext_noop("Angka Naungan \"{key}\" tidak dikenal.")


def parse_key(key: str) -> tuple[str, list[str]]:
    kind, _sep, args = key.partition(":")
    return kind.strip(), [a.strip() for a in args.split(",") if a.strip()]


def key_problem(key: str) -> str | None:
    """Why a figure key cannot be used, or None when it is valid."""
    kind, args = parse_key(key)
    if kind not in FIGURE_KINDS:
        return BAD_FIGURE.format(key=key)
    catalogue = FIGURE_KINDS[kind]
    if catalogue is None:
        ok = not args
    else:
        ok = bool(args) and not set(args) - codes(catalogue) and (kind not in SINGLE_CODE or len(args) == 1)
    return None if ok else BAD_FIGURE.format(key=key)


def case_figures(city_code: str, year: int) -> dict:
    """The year's case figures of a city (cases by registration year), from the maintained
    aggregates (city × year cells) — no case row is read."""
    return city_year_figures(city_code, year)


def prevention_figures(city_code: str, year: int) -> dict:
    covered, total = P.patbm_coverage(city_code=city_code)
    return {
        "forum": P.forum_anak_figures(city_code=city_code, year=year),
        "outreach_by_topic": P.outreach_by_topic(city_code=city_code, year=year),
        "patbm_kelurahan": covered, "kelurahan_total": total,
        "community_groups": P.community_group_counts(city_code=city_code),
        "family_risk": P.family_risk_counts(city_code=city_code),
        "family_support": P.family_support_counts(city_code=city_code, year=year),
    }


def dekela_figures(city_code: str) -> dict:
    from .services import dekela_coverage  # here, not at the top: kla.services imports this module

    cov = dekela_coverage(city_code)
    return {"complete": cov["complete"], "total": cov["total"], "per_item": cov["per_item"]}


def _share(part, whole):
    return round(100 * part / whole) if whole else None


def figures(city_code: str, year: int, *, cases_only: bool = False) -> dict:
    """Flat figures for the API, the overview block and the level rule (zero violence)."""
    c = case_figures(city_code, year)
    out = {
        "cases_handled": c["cases"], "child_cases": c["child_cases"], "child_victims": c["child_victims"],
        "child_victims_served": c["child_victims_served"], "child_victims_served_share": _share(c["child_victims_served"], c["child_victims"]),
        "child_victims_disability": c["child_victims_disability"], "child_marriage_cases": c["by_case_type"].get("perkawinan_anak", 0),
        "by_case_type": c["by_case_type"], "child_victims_by_special_protection": c["child_victims_by_special_protection"],
        "zero_violence": c["child_cases"] == 0,
    }
    if cases_only:
        return out
    p = prevention_figures(city_code, year)
    d = dekela_figures(city_code)
    out.update({
        "forum_anak_forums": sum(p["forum"]["forums"].values()), "forum_anak_forums_by_level": p["forum"]["forums"],
        "forum_anak_activities": p["forum"]["activities"], "forum_anak_musrenbang": p["forum"]["musrenbang"],
        "outreach_events": sum(p["outreach_by_topic"].values()), "outreach_by_topic": p["outreach_by_topic"],
        "patbm_kelurahan": p["patbm_kelurahan"], "kelurahan_total": p["kelurahan_total"],
        "patbm_coverage": f"{p['patbm_kelurahan']}/{p['kelurahan_total']}",
        "community_groups": p["community_groups"], "families_by_risk": p["family_risk"], "families_by_support": p["family_support"],
        "dekela_complete": d["complete"], "dekela_by_item": d["per_item"],
    })
    return out


@dataclass
class Figure:
    key: str
    label: str
    value: str  # as shown
    number: int | None  # the main count, for comparison with the records
    url: str = ""
    rows: list[tuple[str, int]] = field(default_factory=list)  # breakdown by code


@dataclass
class FigureContext:
    """Everything needed to resolve figure keys for one evaluation page: the figures once, the
    links (only to pages the viewer may open)."""

    city_code: str
    year: int
    data: dict
    links: dict

    def resolve(self, key: str) -> Figure | None:
        if not key or key_problem(key):
            return None
        kind, args = parse_key(key)
        return _RESOLVERS[kind](self, key, args)


def figure_links(user, city_code: str, year: int) -> dict:
    """Links to the pages the figures come from, for the pages this user can open."""
    period = {"date_from": date(year, 1, 1).isoformat(), "date_to": date(year, 12, 31).isoformat()}
    links = {"dekela": reverse("kla:dekela")}
    if may_see_dashboard(user):
        links["cases"] = reverse("stats:dashboard") + "?" + urlencode({"kota": city_code, **period})
    if is_national(user) or city_code in cities_with(user, PREVENTION_CITY):
        links["events"] = reverse("prevention:events") + "?" + urlencode(period)
        links["events_topic"] = reverse("prevention:events") + "?" + urlencode(period) + "&topic="
        links["forums"] = reverse("prevention:forums")
        links["groups"] = reverse("prevention:groups")
        links["overview"] = reverse("prevention:overview")
        links["families"] = reverse("prevention:families")
    return links


def figure_context(user, city_code: str, year: int) -> FigureContext:
    return FigureContext(city_code, year, figures(city_code, year), figure_links(user, city_code, year))


def _n(v: int) -> str:
    return f"{v:,}".replace(",", ".")


def _rows(kind: str, counts: dict, args: list[str]) -> list[tuple[str, int]]:
    return [(label(kind, a), counts.get(a, 0)) for a in args]


def _child_violence(ctx, key, args):
    d = ctx.data
    return Figure(key, _("Kasus kekerasan dengan korban anak (tahun %(y)s)") % {"y": ctx.year}, _n(d["child_cases"]), d["child_cases"],
                  ctx.links.get("cases", ""))


def _served(ctx, key, args):
    d = ctx.data
    share = d["child_victims_served_share"]
    value = f"{_n(d['child_victims_served'])} / {_n(d['child_victims'])}" + (f" ({share}%)" if share is not None else "")
    return Figure(key, _("Anak korban yang menerima layanan"), value, d["child_victims_served"], ctx.links.get("cases", ""))


def _disability(ctx, key, args):
    d = ctx.data
    return Figure(key, _("Anak korban penyandang disabilitas"), _n(d["child_victims_disability"]), d["child_victims_disability"], ctx.links.get("cases", ""))


def _zero(ctx, key, args):
    z = ctx.data["zero_violence"]
    return Figure(key, _("Nol kekerasan terhadap anak"), _("ya") if z else _("belum"), 0 if z else ctx.data["child_cases"], ctx.links.get("cases", ""))


def _named(text: str, rows: list[tuple[str, int]]) -> str:
    """A label that names the one code it counts; a list of several is shown as rows instead."""
    return f"{text}: {rows[0][0]}" if len(rows) == 1 else text


def _case_type(ctx, key, args):
    rows = _rows("case_type", ctx.data["by_case_type"], args)
    total = sum(n for _l, n in rows)
    return Figure(key, _named(_("Kasus tahun %(y)s menurut jenis") % {"y": ctx.year}, rows), _n(total), total, ctx.links.get("cases", ""),
                  rows if len(rows) > 1 else [])


def _special(ctx, key, args):
    rows = _rows("special_protection", ctx.data["child_victims_by_special_protection"], args)
    total = sum(n for _l, n in rows)
    return Figure(key, _named(_("Anak korban yang memerlukan perlindungan khusus, tahun %(y)s (UU 35/2014 Pasal 59)") % {"y": ctx.year}, rows),
                  _n(total), total, ctx.links.get("cases", ""), rows if len(rows) > 1 else [])


def _forums(ctx, key, args):
    d = ctx.data
    rows = [(label_level, d["forum_anak_forums_by_level"].get(code, 0)) for code, label_level in
            (("kota", _("Kota")), ("kecamatan", _("Kecamatan")), ("kelurahan", _("Kelurahan")))]
    return Figure(key, _("Forum Anak terdaftar"), _n(d["forum_anak_forums"]), d["forum_anak_forums"], ctx.links.get("forums", ""), rows)


def _forum_acts(ctx, key, args):
    n = ctx.data["forum_anak_activities"]
    return Figure(key, _("Kegiatan Forum Anak (tahun %(y)s)") % {"y": ctx.year}, _n(n), n, ctx.links.get("forums", ""))


def _musrenbang(ctx, key, args):
    n = ctx.data["forum_anak_musrenbang"]
    return Figure(key, _("Kegiatan Forum Anak di Musrenbang (tahun %(y)s)") % {"y": ctx.year}, _n(n), n, ctx.links.get("forums", ""))


def _outreach(ctx, key, args):
    n = ctx.data["outreach_events"]
    return Figure(key, _("Sosialisasi tercatat (tahun %(y)s)") % {"y": ctx.year}, _n(n), n, ctx.links.get("events", ""))


def _outreach_topic(ctx, key, args):
    rows = _rows("prevention_topic", ctx.data["outreach_by_topic"], args)
    total = sum(n for _l, n in rows)
    url = ctx.links.get("events_topic", "") + args[0] if len(args) == 1 and ctx.links.get("events_topic") else ctx.links.get("events", "")
    return Figure(key, _named(_("Sosialisasi tahun %(y)s menurut topik") % {"y": ctx.year}, rows), _n(total), total, url, rows if len(rows) > 1 else [])


def _patbm(ctx, key, args):
    d = ctx.data
    return Figure(key, _("Kelurahan dengan PATBM/kelompok peduli anak"), f"{_n(d['patbm_kelurahan'])} / {_n(d['kelurahan_total'])}",
                  d["patbm_kelurahan"], ctx.links.get("groups", ""))


def _groups(ctx, key, args):
    g = ctx.data["community_groups"]
    rows = [("PATBM", g.get("patbm", 0)), (_("Kelompok peduli anak"), g.get("peduli_anak", 0))]
    total = sum(g.values())
    return Figure(key, _("Kelompok masyarakat perlindungan anak"), _n(total), total, ctx.links.get("groups", ""), rows)


def _family_risk(ctx, key, args):
    rows = _rows("family_risk", ctx.data["families_by_risk"], args)
    total = sum(n for _l, n in rows)
    return Figure(key, _named(_("Keluarga rentan terdata menurut risiko"), rows), _n(total), total, ctx.links.get("families", ""), rows if len(rows) > 1 else [])


def _family_support(ctx, key, args):
    rows = _rows("family_support", ctx.data["families_by_support"], args)
    total = sum(n for _l, n in rows)
    return Figure(key, _named(_("Keluarga rentan yang menerima dukungan tahun %(y)s") % {"y": ctx.year}, rows), _n(total), total,
                  ctx.links.get("families", ""), rows if len(rows) > 1 else [])


def _dekela_complete(ctx, key, args):
    d = ctx.data
    return Figure(key, _("Kelurahan yang memenuhi semua butir DEKELA"), f"{_n(d['dekela_complete'])} / {_n(d['kelurahan_total'])}",
                  d["dekela_complete"], ctx.links.get("dekela", ""))


def _dekela_item(ctx, key, args):
    rows = _rows("dekela_item", ctx.data["dekela_by_item"], args)
    total = sum(n for _l, n in rows)
    return Figure(key, _named(_("Kelurahan dengan butir DEKELA terpenuhi"), rows),
                  f"{_n(total)} / {_n(ctx.data['kelurahan_total'])}", total, ctx.links.get("dekela", ""))


_RESOLVERS = {
    "child_violence_cases": _child_violence, "child_victims_served": _served, "child_victims_disability": _disability, "zero_violence": _zero,
    "case_type": _case_type, "special_protection": _special, "forum_anak_forums": _forums, "forum_anak_activities": _forum_acts,
    "forum_anak_musrenbang": _musrenbang, "outreach_events": _outreach, "outreach_topic": _outreach_topic, "patbm_coverage": _patbm,
    "community_groups": _groups, "family_risk": _family_risk, "family_support": _family_support, "dekela_complete": _dekela_complete,
    "dekela": _dekela_item,
}
assert set(_RESOLVERS) == set(FIGURE_KINDS)
