"""The SIMFONI export at scale: constant queries per chunk, identities decrypted only when
exported, the chronology never."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naungan.cases.models import Case
from naungan.cases.services import case_register
from naungan.core import crypto
from naungan.stats import exports

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(pasuruan):
    cm = pasuruan.users["case_manager"]
    return [case_register(actor=cm, city_code="35.75", channel="telepon", kelurahan_code=pasuruan.kelurahan[i % 3].code, forms=["fisik"],
                          place="rumah_tangga", chronology="Kronologi rahasia",
                          persons=[{"role": "victim", "name": f"Korban {i}", "sex": "P", "estimated_age": 9, "nik": "", "phone": "081234000111"},
                                   {"role": "perpetrator", "estimated_age": 40, "relation_to_victim": "tetangga"}])
            for i in range(7)]


def _unseals(monkeypatch):
    calls = []
    real = crypto.unseal
    monkeypatch.setattr(crypto, "unseal", lambda token: calls.append(1) or real(token))
    return calls


def test_the_export_reads_a_constant_number_of_queries_per_chunk(cases, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 3)
    qs = Case.objects.filter(city_id="35.75")
    list(exports.simfoni_rows(qs, include_identity=False))  # catalogues and services module warmed
    with CaptureQueriesContext(connection) as ctx:
        rows = list(exports.simfoni_rows(qs, include_identity=False))
    assert len(rows) == 1 + 2 * 7
    chunks = 3  # 7 cases in chunks of 3, and the empty read that ends it
    # per chunk: cases, regions (first chunks only), forms, people, services; plus the closing read
    assert len(ctx.captured_queries) <= chunks * 5 + 1
    monkeypatch.setattr(exports, "CHUNK", 2)
    with CaptureQueriesContext(connection) as ctx2:
        list(exports.simfoni_rows(qs, include_identity=False))
    assert len(ctx2.captured_queries) <= 4 * 5 + 1


def test_only_exported_identities_are_decrypted(cases, monkeypatch):
    calls = _unseals(monkeypatch)
    qs = Case.objects.filter(city_id="35.75")
    list(exports.simfoni_rows(qs, include_identity=False))
    list(exports.anonymised_rows(qs))
    assert calls == []  # no identity, no chronology opened
    rows = list(exports.simfoni_rows(qs, include_identity=True))
    assert 0 < len(calls) <= 14 * 4  # the four exported identity columns of 14 people; never a chronology
    assert {r[-4] for r in rows[1:] if r[10] == "Korban"} == {f"Korban {i}" for i in range(7)}
    assert not any("Kronologi" in str(cell) for r in rows for cell in r)
