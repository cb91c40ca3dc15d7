"""Factories for referrals: sent by `referral_send` (letter number, notices, audit) as the case
page sends them. Default: a new Pasuruan case (CaseFactory) referred to the city's police PPA unit.

    ReferralFactory()
    ReferralFactory(case=case, agency=pasuruan.orgs[OrgKind.DINAS_SOSIAL], service="bansos")
"""

from __future__ import annotations

import factory

from naungan.accounts.roles import OrgKind
from naungan.accounts.tests.factories import ServiceFactory
from naungan.accounts.tests.personas import personas
from naungan.cases.tests.factories import CaseFactory
from naungan.services.models import Referral
from naungan.services.services import referral_send


class ReferralFactory(ServiceFactory):
    class Meta:
        model = Referral

    _service = staticmethod(referral_send)
    case = factory.SubFactory(CaseFactory)
    actor = factory.LazyAttribute(lambda o: personas.user(o.case.city_id, "case_manager"))
    agency = factory.LazyAttribute(lambda o: personas.org(o.case.city_id, OrgKind.POLICE_PPA))
    request = "Mohon pendampingan"
    shared_fields = factory.LazyFunction(lambda: ["forms"])
