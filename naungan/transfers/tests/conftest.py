import pytest

from naungan.accounts.demo import build_city
from naungan.accounts.models import Membership, Organisation, User
from naungan.accounts.roles import OrgKind, Role
from naungan.cases.tests.factories import CaseFactory
from naungan.regions.models import Region

VICTIM = {"role": "victim", "name": "Siti Aminah", "sex": "P", "birth_date": "2014-03-05", "nik": "3575014503140001",
          "phone": "0812-3456-7890", "street": "Jl. Melati 5"}
PERPETRATOR = {"role": "perpetrator", "name": "Budi Santoso", "sex": "L", "estimated_age": 40, "relation_to_victim": "orang_tua"}


@pytest.fixture
def kediri(db):
    """Kota Kediri 35.71: the receiving city."""
    return build_city("35.71", password="pw-test-123456")


@pytest.fixture
def province_supervisor(pasuruan):
    """A supervisor of the East Java province UPTD PPA (region 35)."""
    prov = Region.objects.get(code="35")
    org = Organisation.objects.create(city=prov, region=prov, kind=OrgKind.UPTD_PPA, name="UPTD PPA Provinsi Jawa Timur")
    user = User.objects.create_user(username="prov_supervisor", password="pw-test-123456")
    Membership.objects.create(user=user, role=Role.SUPERVISOR, organisation=org, city=prov, region=prov)
    return user


@pytest.fixture
def pasuruan_case(pasuruan):
    return CaseFactory(actor=pasuruan.users["case_manager"], persons=[dict(VICTIM), dict(PERPETRATOR)],
                       chronology="Korban dipukul di rumah oleh ayah.")
