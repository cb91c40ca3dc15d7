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
