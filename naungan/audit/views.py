from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from naungan.accounts.permissions import may_read_audit
from naungan.core.pagination import keyset_page_or_first

from .selectors import AUDIT_KEYS, audit_event_list, audit_filters

PAGE = 100


@login_required
def event_list(request):
    if not may_read_audit(request.user):
        raise Http404
    filters = audit_filters(request.GET)
    page = keyset_page_or_first(audit_event_list(user=request.user, filters=filters, lenient=True), keys=AUDIT_KEYS,
                                cursor=request.GET.get("kursor"), size=PAGE)
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(request, "audit/event_list.html", {"events": page, "page": page, "filters": filters, "query": query})
