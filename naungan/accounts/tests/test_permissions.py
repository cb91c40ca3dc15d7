"""One place decides the city a request acts in, per capability (accounts/permissions.py)."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from naungan.accounts.models import User
from naungan.accounts.permissions import CASEWORK, KLA_READ, PREVENTION, acting_city, may_read_kla, may_work_cases

pytestmark = pytest.mark.django_db
rf = RequestFactory()


def _req(user, query=""):
    request = rf.get("/" + query)
    request.user = user
    return request


def test_each_capability_acts_in_the_city_of_its_roles(pasuruan):
    cm, analyst, community = pasuruan.users["case_manager"], pasuruan.users["analyst"], pasuruan.users["community"]
    assert acting_city(_req(cm), CASEWORK) == "35.75" and may_work_cases(cm)
    assert acting_city(_req(analyst), KLA_READ) == "35.75" and may_read_kla(analyst)
    assert not may_work_cases(analyst) and not may_read_kla(cm)
    with pytest.raises(Http404):
        acting_city(_req(analyst), CASEWORK)
    with pytest.raises(Http404):
        acting_city(_req(cm), KLA_READ)
    # the prevention pages act in the city of the first membership, whichever role
    assert acting_city(_req(community), PREVENTION) == "35.75"


def test_a_national_operator_names_the_city_only_where_the_capability_allows(pasuruan):
    national = User.objects.create_superuser(username="nasional", password="pw-test-123456")
    assert acting_city(_req(national, "?kota=35.72"), KLA_READ) == "35.72"
    assert acting_city(_req(national, "?kota=35.72"), PREVENTION) == "35.72"
    with pytest.raises(Http404):
        acting_city(_req(national, "?kota=35.72"), CASEWORK)
    with pytest.raises(Http404):
        acting_city(_req(national), KLA_READ)


def test_each_named_check_refuses_who_lacks_the_capability(pasuruan):
    from naungan.accounts.permissions import (
        PRIVACY_REGISTER,
        RETENTION,
        may_administer_city,
        may_handle_transfers,
        may_read_audit,
        may_request_transfers,
        may_see_dashboard,
        may_see_report_queue,
        national_or_cities_with,
    )

    u = pasuruan.users
    assert may_handle_transfers(u["case_manager"]) and not may_handle_transfers(u["analyst"]) and not may_handle_transfers(u["ppt_0"])
    assert may_request_transfers(u["supervisor"]) and not may_request_transfers(u["case_manager"])
    assert may_see_report_queue(u["ppt_0"]) and not may_see_report_queue(u["auditor"]) and not may_see_report_queue(u["community"])
    assert may_read_audit(u["auditor"]) and not may_read_audit(u["case_manager"])
    assert may_see_dashboard(u["ppt_0"]) and not may_see_dashboard(u["auditor"])
    assert may_administer_city(u["admin"]) and not may_administer_city(u["supervisor"])
    assert national_or_cities_with(u["supervisor"], PRIVACY_REGISTER) == {"35.75"}
    assert national_or_cities_with(u["admin"], PRIVACY_REGISTER) == set() and national_or_cities_with(u["admin"], RETENTION) == {"35.75"}
    national = User.objects.create_superuser(username="nasional", password="pw-test-123456")
    assert national_or_cities_with(national, PRIVACY_REGISTER) is None  # every city
    assert may_read_audit(national) and may_handle_transfers(national) and not may_request_transfers(national)


def test_run_action_answers_404_for_an_unknown_action_and_a_message_for_a_refusal(pasuruan):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from naungan.core.actions import run_action
    from naungan.core.errors import DomainError

    request = rf.post("/")
    request.session, request.user = {}, pasuruan.users["admin"]
    request._messages = FallbackStorage(request)

    def refuse():
        raise DomainError("Tidak boleh.")

    with pytest.raises(Http404):
        run_action(request, "hapus-semua", {"tolak": refuse})
    assert run_action(request, "tolak", {"tolak": refuse}) is None
    assert [str(m) for m in request._messages] == ["Tidak boleh."]
