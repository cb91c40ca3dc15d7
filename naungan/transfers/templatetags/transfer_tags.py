from django import template

from naungan.cases.models import Status
from naungan.cases.selectors import can_manage_case

from ..models import TransferStatus
from ..selectors import transfer_of_case

register = template.Library()


@register.inclusion_tag("transfers/case_panel.html", takes_context=True)
def case_transfer_panel(context, case):
    user = context["request"].user
    info = transfer_of_case(user=user, case=case)
    out = info.get("outgoing")
    info["stub"] = bool(out and out.status == TransferStatus.ACCEPTED)
    info["can_send"] = case.status != Status.CLOSED and can_manage_case(user, case)
    return {"info": info, "case": case, "request": context["request"]}
