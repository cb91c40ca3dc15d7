from django import template

from naungan.cases.selectors import can_manage_case, cases_visible_to
from naungan.cases.services import write_refusal

from ..forms import AppointmentForm, SafeContactForm
from ..selectors import access_of, appointments_of, safe_contact_for
from ..services import SAFE_FIELDS

register = template.Library()


@register.inclusion_tag("survivor/safe_contact_banner.html", takes_context=True)
def safe_contact_banner(context, case):
    """At the top of the case and on every page from which an officer contacts the victim."""
    request = context.get("request")
    return {"sc": safe_contact_for(user=getattr(request, "user", None), case=case) if case is not None else None}


@register.inclusion_tag("survivor/case_panel.html", takes_context=True)
def survivor_case_panel(context, case):
    request = context["request"]
    user = request.user
    visible = cases_visible_to(user).filter(pk=case.pk).exists()
    if not visible:
        return {"visible": False}
    writable = write_refusal(case) is None
    sc = safe_contact_for(user=user, case=case)
    return {
        "visible": True, "case": case, "writable": writable, "manage": writable and can_manage_case(user, case),
        "access": access_of(user=user, case=case), "appointments": appointments_of(user=user, case=case),
        "appointment_form": AppointmentForm(), "safe_form": SafeContactForm(initial={f: getattr(sc, f) for f in SAFE_FIELDS} if sc else {}),
        "request": request, "csrf_token": context.get("csrf_token"),
    }
