from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from naungan.core.pagination import keyset_page_or_first

from .selectors import AUDIT_KEYS, audit_event_list, can_read_audit

PAGE = 100
FILTERS = ("action", "actor", "object_type", "object_id", "date_from", "date_to", "before_seq")


@login_required
def event_list(request):
    if not can_read_audit(request.user):
        raise Http404
    filters = {k: request.GET.get(k, "").strip()[:100] for k in FILTERS}
    page = keyset_page_or_first(audit_event_list(user=request.user, filters=filters), keys=AUDIT_KEYS,
                                cursor=request.GET.get("kursor"), size=PAGE)
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(request, "audit/event_list.html", {"events": page, "page": page, "filters": filters, "query": query})
