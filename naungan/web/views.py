from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from naungan.accounts.scope import memberships

from .nav import home_panels


@login_required
def home(request):
    return render(request, "web/home.html", {
        "memberships": memberships(request.user),
        "panels": home_panels(request),
    })


def csrf_failure(request, reason=""):
    """An Indonesian page instead of Django's English one; the reason is not shown (it can be technical)."""
    return render(request, "403_csrf.html", status=403)
