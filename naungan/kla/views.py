"""KLA pages: evaluations, scoring with evidence, year-over-year, PDF report, indicator sets,
DEKELA checklist. Edit: city administrator and supervisor; read: data analyst and auditor too."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naungan.accounts.permissions import CITY_ADMIN, KLA_READ, acting_city, may_anywhere
from naungan.catalogues.selectors import choices, values
from naungan.core.actions import attempt, cleaned, picked
from naungan.core.errors import DomainError
from naungan.regions.models import Region

from . import pdf
from . import services as S
from .figures import figure_context, figures
from .forms import DekelaForm, EvaluationForm, EvidenceForm, IndicatorForm, ScoreForm
from .models import Evaluation, Indicator, IndicatorSet


def _evaluation(request, pk) -> Evaluation:
    e = get_object_or_404(Evaluation.objects.select_related("city", "indicator_set"), pk=pk)
    if not S.can_read(request.user, e.city_id):
        raise Http404
    return e


@login_required
def evaluation_list_view(request):
    city = acting_city(request, KLA_READ)
    if request.method == "POST":
        form = EvaluationForm(request.POST)
        try:
            e = S.evaluation_create(actor=request.user, city_code=city, year=cleaned(form)["year"])
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("kla:evaluation", pk=e.pk)
        return redirect("kla:list")
    evaluations = list(Evaluation.objects.filter(city_id=city).select_related("indicator_set"))
    rows = [(e, S.evaluation_summary(e, figures=figures(city, e.year, cases_only=True))) for e in evaluations]
    return render(request, "kla/list.html", {"rows": rows, "city": Region.objects.get(code=city), "edit": S.can_edit(request.user, city),
                                             "year": timezone.localdate().year})


def _with_figures(request, e):
    """The evaluation's summary with each evidence item's Naungan figure resolved for this viewer."""
    ctx = figure_context(request.user, e.city_id, e.year)
    summary = S.evaluation_summary(e, figures=ctx.data)
    for c in summary.clusters:
        for sc in c["scores"]:
            for item in sc.evidence_items:
                item.fig = ctx.resolve(item.figure)
    return ctx, summary


def _all_of(kind: str, catalogue: str) -> str:
    return f"{kind}:" + ",".join(v.code for v in values(catalogue))


@login_required
def evaluation_view(request, pk: int):
    e = _evaluation(request, pk)
    edit = S.can_edit(request.user, e.city_id)
    if request.method == "POST":
        if not edit:
            raise Http404
        score = get_object_or_404(e.scores.select_related("indicator"), pk=picked(request.POST, "score"))
        evidence = EvidenceForm(request.POST)
        if not evidence.has_error("form"):  # the checklist of evidence items
            attempt(request, lambda: S.evidence_set(actor=request.user, score=score, checked_item_ids=cleaned(evidence)["item"]),
                    _("Daftar data dukung disimpan."))
        else:
            attempt(request, lambda: S.score_set(actor=request.user, score=score, **cleaned(ScoreForm(request.POST, request.FILES, score=score))),
                    _("Nilai disimpan."))
        return redirect(f"{request.path}#s{score.pk}")
    ctx, summary = _with_figures(request, e)
    other_sets = list(IndicatorSet.objects.filter(active=True).exclude(pk=e.indicator_set_id).order_by("-created_at")) if edit else []
    return render(request, "kla/evaluation.html", {"e": e, "s": summary, "figs": ctx.data, "links": ctx.links, "edit": edit,
                                                   "special": ctx.resolve(_all_of("special_protection", "special_protection")),
                                                   "topics": ctx.resolve(_all_of("outreach_topic", "prevention_topic")),
                                                   "other_sets": other_sets})


@login_required
def evaluation_move_view(request, pk: int):
    e = _evaluation(request, pk)
    if request.method != "POST" or not S.can_edit(request.user, e.city_id):
        raise Http404
    target = get_object_or_404(IndicatorSet, pk=picked(request.POST, "indicator_set"), active=True)
    attempt(request, lambda: S.evaluation_move(actor=request.user, evaluation=e, indicator_set=target),
            _("Evaluasi dipindahkan ke set indikator %(s)s.") % {"s": target})
    return redirect("kla:evaluation", pk=e.pk)


@login_required
def evaluation_pdf_view(request, pk: int):
    e = _evaluation(request, pk)
    _ctx, summary = _with_figures(request, e)
    resp = HttpResponse(pdf.evaluation_report(e, summary, base_url=request.build_absolute_uri("/")), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="kla-{e.city_id}-{e.year}.pdf"'
    return resp


@login_required
def comparison_view(request):
    city = acting_city(request, KLA_READ)
    evaluations = list(Evaluation.objects.filter(city_id=city).order_by("year"))
    summaries = [(e, S.evaluation_summary(e, figures=figures(city, e.year, cases_only=True))) for e in evaluations]
    rows = []
    for i, (e, s) in enumerate(summaries):
        prev = summaries[i - 1][1] if i else None
        rows.append({"year": e.year, "total": s.total, "level": s.level, "complete": s.complete, "delta": (s.total - prev.total) if prev else None,
                     "clusters": s.clusters})
    return render(request, "kla/comparison.html", {"rows": rows, "city": Region.objects.get(code=city)})


@login_required
def indicator_sets_view(request):
    acting_city(request, KLA_READ)
    admin = may_anywhere(request.user, CITY_ADMIN)
    if request.method == "POST":
        if not admin:
            raise Http404
        try:
            if request.FILES.get("file"):
                raw = request.FILES["file"].read(2_000_000)
                try:
                    data = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    raise DomainError(_("Berkas harus JSON UTF-8 dengan format ekspor Naungan."))
                S.indicator_set_import(actor=request.user, data=data)
            elif "indicator" in request.POST:
                ind = get_object_or_404(Indicator, pk=picked(request.POST, "indicator"))
                d = cleaned(IndicatorForm(request.POST, indicator=ind))
                S.indicator_update(actor=request.user, indicator=ind, title=d["title"], max_score=d["max_score"], needs_review=d["needs_review"],
                                   weight_official=d["weight_official"], evidence_lines=d["evidence"])
            elif "default" in request.POST:
                S.load_default_set(actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Set indikator diperbarui."))
        return redirect("kla:indicators")
    sets = IndicatorSet.objects.prefetch_related("clusters__indicators__evidence_items").order_by("-active", "-created_at")
    return render(request, "kla/indicators.html", {"sets": sets, "admin": admin})


@login_required
def indicator_set_export_view(request, pk: int):
    acting_city(request, KLA_READ)
    s = get_object_or_404(IndicatorSet, pk=pk)
    resp = JsonResponse(S.indicator_set_export(s), json_dumps_params={"ensure_ascii": False, "indent": 1})
    resp["Content-Disposition"] = f'attachment; filename="indikator-kla-{s.pk}.json"'
    return resp


@login_required
def dekela_view(request):
    city = acting_city(request, KLA_READ)
    if request.method == "POST":
        def save():
            d = cleaned(DekelaForm(request.POST))
            S.dekela_set(actor=request.user, kelurahan_code=d["kelurahan"], item=d["item"], status=d["status"], evidence=d["evidence"], on=d["date"])

        attempt(request, save, _("Tersimpan."))
        return redirect("kla:dekela")
    cov = S.dekela_coverage(city)
    items = choices("dekela_item")
    matrix = [(k, [cov["entries"].get((k.code, code), "belum") for code, _l in items]) for k in cov["kelurahan"]]
    item_counts = [(code, lab, cov["per_item"].get(code, 0)) for code, lab in items]
    return render(request, "kla/dekela.html", {"cov": cov, "items": items, "matrix": matrix, "item_counts": item_counts, "statuses": choices("dekela_status"),
                                               "edit": S.can_edit(request.user, city)})
