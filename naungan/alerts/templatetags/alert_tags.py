from django import template

from naungan.accounts.models import Organisation
from naungan.accounts.roles import OrgKind
from naungan.cases.models import Status
from naungan.cases.selectors import can_manage_case

from ..forms import PlaceTagForm
from ..models import PlaceTag
from ..selectors import alerts_of_case

register = template.Library()


@register.inclusion_tag("alerts/case_panel.html", takes_context=True)
def case_alert_panel(context, case):
    user = context["request"].user
    can_tag = case.status != Status.CLOSED and can_manage_case(user, case)
    tag = PlaceTag.objects.filter(case=case).select_related("school").first()
    form = None
    if can_tag:
        schools = Organisation.objects.filter(city_id=case.city_id, kind=OrgKind.SCHOOL, active=True)
        form = PlaceTagForm(schools=schools, initial={"school": tag.school_id if tag else None, "place_name": tag.place_name if tag else ""})
    return {"alerts": alerts_of_case(user=user, case=case), "tag": tag, "can_tag": can_tag, "form": form, "case": case,
            "request": context["request"], "csrf_token": context.get("csrf_token")}
