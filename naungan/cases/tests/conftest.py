import pytest
from django.utils import timezone

from naungan.cases.services import case_register

VICTIM = {"role": "victim", "name": "Siti Aminah", "sex": "P", "birth_date": "2014-03-05", "nik": "3575014503140001",
          "phone": "0812-3456-7890", "street": "Jl. Melati 5", "education": "sd", "occupation": "pelajar", "rw": "02", "rt": "03"}


@pytest.fixture
def make_case(pasuruan):
    def _make(actor=None, kel_index=0, persons=None, **kw):
        actor = actor or pasuruan.users["case_manager"]
        data = {
            "actor": actor, "city_code": "35.75", "channel": "datang_uptd", "persons": persons or [dict(VICTIM)],
            "kelurahan_code": pasuruan.kelurahan[kel_index].code, "incident_date": "2026-10-01", "place": "rumah_tangga",
            "forms": ["fisik", "psikis"], "chronology": "Korban dipukul di rumah.", "received_at": timezone.now(),
        }
        data.update(kw)
        return case_register(**data)

    return _make
