"""Factories for cases: registered through `case_register` (number, audit, aggregates, encrypted
persons), in Kota Pasuruan by its case manager unless told otherwise.

    CaseFactory()                                   # one victim (VICTIM), forms fisik + psikis
    CaseFactory(city_code="35.72")                  # a Blitar case, by Blitar's case manager
    CaseFactory(with_perpetrator=True, forms=["seksual"], is_tpks=True)
    CaseFactory(persons=[victim(name="Ayu", estimated_age=12)])
"""

from __future__ import annotations

import factory
from django.utils import timezone

from naungan.accounts.tests.factories import ServiceFactory
from naungan.accounts.tests.personas import personas
from naungan.cases.models import Case
from naungan.cases.services import case_register

VICTIM = {"role": "victim", "name": "Siti Aminah", "sex": "P", "birth_date": "2014-03-05", "nik": "3575014503140001",
          "phone": "0812-3456-7890", "street": "Jl. Melati 5", "education": "sd", "occupation": "pelajar", "rw": "02", "rt": "03"}
PERPETRATOR = {"role": "perpetrator", "name": "Budi Santoso", "sex": "L", "estimated_age": 40, "relation_to_victim": "orang_tua"}


def victim(**fields) -> dict:
    """A victim for `persons=[...]`: VICTIM with `fields` changed (None removes a field)."""
    return {k: v for k, v in (VICTIM | fields).items() if v is not None}


def perpetrator(**fields) -> dict:
    return {k: v for k, v in (PERPETRATOR | fields).items() if v is not None}


class CaseFactory(ServiceFactory):
    class Meta:
        model = Case

    _service = staticmethod(case_register)

    class Params:
        with_perpetrator = factory.Trait(persons=factory.LazyFunction(lambda: [victim(), perpetrator()]))

    city_code = "35.75"
    actor = factory.LazyAttribute(lambda o: personas.user(o.city_code, "case_manager"))
    channel = "datang_uptd"
    persons = factory.LazyFunction(lambda: [victim()])
    kelurahan_code = factory.LazyAttribute(lambda o: personas.kelurahan(o.city_code, 0))
    incident_date = "2026-10-01"
    place = "rumah_tangga"
    forms = factory.LazyFunction(lambda: ["fisik", "psikis"])
    chronology = "Korban dipukul di rumah."
    received_at = factory.LazyFunction(timezone.now)
