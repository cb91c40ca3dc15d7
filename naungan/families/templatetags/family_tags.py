from django import template

from naungan.cases.models import Status
from naungan.cases.selectors import can_manage_case

from ..forms import FamilyCreateForm
from ..selectors import families_of_case

register = template.Library()


@register.inclusion_tag("families/case_panel.html", takes_context=True)
def case_family_panel(context, case):
    user = context["request"].user
    can_link = case.status != Status.CLOSED and can_manage_case(user, case)
    return {"families": families_of_case(user=user, case=case), "can_link": can_link, "form": FamilyCreateForm() if can_link else None,
            "case": case, "request": context["request"], "csrf_token": context.get("csrf_token")}
