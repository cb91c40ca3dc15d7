from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .selectors import audit_event_list, can_read_audit

PAGE = 100
FILTERS = ("action", "actor", "object_type", "object_id", "date_from", "date_to", "before_seq")


@login_required
def event_list(request):
    if not can_read_audit(request.user):
        raise Http404
    filters = {k: request.GET.get(k, "").strip()[:100] for k in FILTERS}
    events = list(audit_event_list(user=request.user, filters=filters)[: PAGE + 1])
    more = len(events) > PAGE
    events = events[:PAGE]
    next_filters = {k: v for k, v in filters.items() if v and k != "before_seq"}
    return render(request, "audit/event_list.html", {
        "events": events, "filters": filters, "more": more,
        "next_before": events[-1].seq if (more and events) else None, "next_filters": next_filters,
    })
