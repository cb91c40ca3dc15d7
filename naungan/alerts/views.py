"""Early-warning pages: supervisors only (404 for everyone else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from naungan.accounts.models import Organisation
from naungan.accounts.permissions import ALERT_RULES, ALERTS, cities_with, may_anywhere
from naungan.accounts.roles import OrgKind
from naungan.cases.selectors import case_get
from naungan.core.actions import attempt, picked

from . import services as S
from .forms import PlaceTagForm, ReviewForm, RuleForm
from .models import AlertStatus, RuleKey
from .selectors import alert_cases, alert_get, alert_list, rules_visible_to


@login_required
def alert_list_view(request):
    if not may_anywhere(request.user, ALERTS):
        raise Http404
    status = request.GET.get("status", AlertStatus.OPEN)
    items = list(alert_list(user=request.user, status=status)[:100])
    return render(request, "alerts/list.html", {"items": items, "status": status, "statuses": AlertStatus.choices})


@login_required
@require_http_methods(["GET", "POST"])
def alert_detail_view(request, pk: int):
    alert = alert_get(user=request.user, alert_id=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt(request, lambda: S.alert_review(actor=request.user, alert=alert, note=form.cleaned_data["note"]),
                _("Peringatan ditandai sudah ditinjau."))
        return redirect("alerts:detail", pk=alert.pk)
    cases, hidden = alert_cases(user=request.user, alert=alert)
    return render(request, "alerts/detail.html", {"alert": alert, "cases": cases, "hidden": hidden, "form": form,
                                                  "label": RuleKey(alert.key).label})


@login_required
@require_http_methods(["GET", "POST"])
def rule_list_view(request):
    cities = cities_with(request.user, ALERT_RULES)
    if not may_anywhere(request.user, ALERT_RULES):
        raise Http404
    for code in sorted(cities):
        S.rules_for(code)
    rules = list(rules_visible_to(request.user).select_related("city"))
    if request.method == "POST":
        rule = next((r for r in rules if r.pk == picked(request.POST, "rule")), None)
        if rule is None:
            raise Http404
        form = RuleForm(request.POST)
        if form.is_valid():
            attempt(request, lambda: S.rule_update(actor=request.user, rule=rule, **form.cleaned_data), _("Aturan disimpan."))
        else:
            messages.error(request, _("Periksa jendela dan ambang."))
        return redirect("alerts:rules")
    rows = [(r, RuleKey(r.key).label, RuleForm(initial={"window_days": r.window_days, "threshold": r.threshold, "active": r.active}, auto_id=f"id_r{r.pk}_%s"))
            for r in rules]
    return render(request, "alerts/rules.html", {"rows": rows})


@login_required
@require_POST
def place_tag_view(request, case_id: int):
    case = case_get(user=request.user, case_id=case_id)
    schools = Organisation.objects.filter(city_id=case.city_id, kind=OrgKind.SCHOOL, active=True)
    form = PlaceTagForm(request.POST, schools=schools)
    if form.is_valid():
        school = schools.filter(pk=form.cleaned_data["school"]).first() if form.cleaned_data["school"] else None
        attempt(request, lambda: S.place_tag_set(actor=request.user, case=case, school=school, place_name=form.cleaned_data["place_name"]),
                _("Tempat kejadian dicatat."))
    else:
        messages.error(request, _(S.NOTHING_TO_TAG))
    return redirect("cases:detail", pk=case.pk)
