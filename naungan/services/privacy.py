"""What retention and erasure need from services: which cases are under legal process, and the
plain-text columns of referrals and rights that can hold a name."""

from __future__ import annotations

from django.db.models import F, Q

from naungan.cases.privacy import register_free_text

from .models import LegalProcess, Referral, RightRecord

# A case is under legal process until the verdict, and after it while restitution decided by the
# court is not fully paid. Retention never touches such a case.
ACTIVE_STAGES = ("laporan", "penyidikan", "penuntutan", "persidangan")


def legal_process_active_q() -> Q:
    return (
        Q(stage__in=ACTIVE_STAGES)
        | (Q(stage="") & ~Q(lp_number=""))
        | (Q(restitution_decided__gt=0) & (Q(restitution_paid__isnull=True) | Q(restitution_paid__lt=F("restitution_decided"))))
    )


def case_ids_under_legal_process():
    """A subquery of case ids (use with `pk__in`)."""
    return LegalProcess.objects.filter(legal_process_active_q()).values("case_id")


register_free_text(Referral, ("decline_reason",))
register_free_text(RightRecord, ("reason",))
register_free_text(LegalProcess, ("lp_number",))
