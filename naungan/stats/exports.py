"""SIMFONI-PPA export and the anonymised extract: rows are produced chunk by chunk (constant
memory, constant queries per chunk) and written to CSV or XLSX (openpyxl write-only)."""

from __future__ import annotations

import csv
import hashlib
import hmac
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import QuerySet

from naungan.cases.models import Case, CaseViolenceForm, Person, PersonRole
from naungan.catalogues.selectors import get
from naungan.core.spreadsheets import FORMULA_PREFIXES, safe_cell, write_csv, write_xlsx  # noqa: F401 - also imported from here
from naungan.regions.models import Region
from naungan.services.selectors import simfoni_services_for_cases

CHUNK = 2000


def simfoni(kind: str, code: str) -> str:
    if not code:
        return ""
    item = get(kind, code)
    return (item.simfoni or item.label) if item else code


def pseudonym(case_id: int) -> str:
    """Stable, keyed, not reversible without the key: the same case always gets the same key."""
    return hmac.new(settings.BLIND_INDEX_KEY.encode(), f"anon-case:{case_id}".encode(), hashlib.sha256).hexdigest()[:16]


SIMFONI_HEADER = [
    "no_kasus", "tanggal_lapor", "tanggal_kejadian", "kabupaten_kota", "kecamatan", "kelurahan", "tempat_kejadian",
    "bentuk_kekerasan", "tpks", "status", "peran", "jenis_kelamin", "usia", "kelompok_usia", "anak", "pendidikan", "pekerjaan",
    "disabilitas", "hubungan_dengan_korban", "layanan",
]
IDENTITY_HEADER = ["nama", "nik", "telepon", "alamat"]
ANON_HEADER = ["kunci_kasus", "bulan_lapor", "bulan_kejadian", "kecamatan", "kelurahan", "tempat_kejadian", "bentuk_kekerasan",
               "tpks", "risiko", "status", "peran", "jenis_kelamin", "kelompok_usia", "anak", "pendidikan", "pekerjaan",
               "hubungan_dengan_korban"]


def _services_by_case(case_ids: list[int]) -> dict[int, list[str]]:
    return simfoni_services_for_cases(case_ids)


CASE_COLUMNS = ("pk", "number", "received_at", "incident_date", "city_id", "kecamatan_id", "kelurahan_id", "place", "is_tpks",
                "status", "risk")
PERSON_COLUMNS = ("case_id", "role", "sex", "age_at_incident", "age_band", "is_child", "education", "occupation", "disability",
                  "relation_to_victim")
IDENTITY_COLUMNS = ("name", "nik", "phone", "street")


def _chunks(cases: QuerySet[Case]) -> Iterator[list[tuple]]:
    """Plain tuples of the exported columns, CHUNK at a time by primary key (keyset, so every
    chunk costs the same). No model instances and no sealed column: the chronology is never
    read, let alone decrypted."""
    last = 0
    base = cases.order_by("pk").values_list(*CASE_COLUMNS)
    while True:
        chunk = list(base.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


class _Labels:
    """Catalogue labels, region names and status labels looked up once per export, not once per
    row (a million rows would otherwise mean millions of catalogue and translation lookups)."""

    def __init__(self):
        from django.db.models import Q


        self._Region, self._Q = Region, Q
        self.codes: dict[tuple[str, str], str] = {}
        self.regions: dict[str, str] = {}
        self.status = {k: str(v) for k, v in Case._meta.get_field("status").flatchoices}

    def code(self, kind: str, code) -> str:
        key = (kind, code)
        if key not in self.codes:
            self.codes[key] = simfoni(kind, code) if code else ""
        return self.codes[key]

    def load_regions(self, chunk: list[tuple]) -> None:
        wanted = {c for row in chunk for c in row[4:7] if c and c not in self.regions}
        if wanted:
            self.regions.update(self._Region.objects.filter(code__in=wanted).values_list("code", "name"))

    def region(self, code) -> str:
        return self.regions.get(code, "") if code else ""


def _forms_by_case(ids: list[int], labels: _Labels) -> dict[int, str]:
    forms: dict[int, list[str]] = {}
    for case_id, form in CaseViolenceForm.objects.filter(case_id__in=ids).values_list("case_id", "form"):
        forms.setdefault(case_id, []).append(labels.code("violence_form", form))
    return {k: "; ".join(sorted(v)) for k, v in forms.items()}


def _people_by_case(ids: list[int], columns: tuple[str, ...]) -> dict[int, list[tuple]]:
    people: dict[int, list[tuple]] = {}
    rows = Person.objects.filter(case_id__in=ids, role__in=[PersonRole.VICTIM, PersonRole.PERPETRATOR]).order_by("case_id", "role", "pk")
    for p in rows.values_list(*columns):
        people.setdefault(p[0], []).append(p)
    return people


_FORMULA_FIRST = frozenset(p[0] for p in FORMULA_PREFIXES)


def _row(values: list) -> list:
    """`safe_cell` over a row, in one pass (an export writes millions of cells)."""
    return [("'" + v) if isinstance(v, str) and v[:1] in _FORMULA_FIRST else v for v in values]


def simfoni_rows(cases: QuerySet[Case], *, include_identity: bool, progress=None) -> Iterator[list]:
    """One row per victim and perpetrator. Per chunk of 2,000 cases: one query each for the
    cases, their forms, their people and their services (constant queries, constant memory);
    identities are decrypted only when they are exported."""
    yield SIMFONI_HEADER + (IDENTITY_HEADER if include_identity else [])
    labels = _Labels()
    columns = PERSON_COLUMNS + (IDENTITY_COLUMNS if include_identity else ())
    victim = PersonRole.VICTIM
    for chunk in _chunks(cases):
        ids = [c[0] for c in chunk]
        labels.load_regions(chunk)
        forms = _forms_by_case(ids, labels)
        people = _people_by_case(ids, columns)
        services = _services_by_case(ids)
        for pk, number, received, incident, city, kec, kel, place, tpks, status, _risk in chunk:
            base = [number, received.date().isoformat(), incident.isoformat() if incident else "", labels.region(city),
                    labels.region(kec), labels.region(kel), labels.code("place", place), forms.get(pk, ""),
                    "Ya" if tpks else "Tidak", labels.status.get(status, status)]
            for p in people.get(pk, ()):
                _case_id, role, sex, age, band, child, edu, occ, disability, relation = p[:10]
                row = base + [
                    "Korban" if role == victim else "Pelaku", labels.code("sex", sex), "" if age is None else age,
                    labels.code("age_band", band), "" if child is None else ("Anak" if child else "Dewasa"),
                    labels.code("education", edu), labels.code("occupation", occ), disability or "", labels.code("relation", relation),
                    "; ".join(services.get(pk, [])) if role == victim else "",
                ]
                if include_identity:
                    row += list(p[10:])
                yield _row(row)
        if progress:
            progress(len(chunk))


def anonymised_rows(cases: QuerySet[Case], progress=None) -> Iterator[list]:
    """No names, NIK, phone, street or chronology; dates coarsened to the month; a pseudonymous key."""
    yield ANON_HEADER
    labels = _Labels()
    columns = ("case_id", "role", "sex", "age_band", "is_child", "education", "occupation", "relation_to_victim")
    for chunk in _chunks(cases):
        ids = [c[0] for c in chunk]
        labels.load_regions(chunk)
        forms = _forms_by_case(ids, labels)
        people = _people_by_case(ids, columns)
        for pk, _number, received, incident, _city, kec, kel, place, tpks, status, risk in chunk:
            base = [pseudonym(pk), received.strftime("%Y-%m"), incident.strftime("%Y-%m") if incident else "",
                    labels.region(kec), labels.region(kel), labels.code("place", place), forms.get(pk, ""),
                    "Ya" if tpks else "Tidak", risk, status]
            for _case_id, role, sex, band, child, edu, occ, rel in people.get(pk, ()):
                yield _row(base + ["Korban" if role == PersonRole.VICTIM else "Pelaku", labels.code("sex", sex),
                                   labels.code("age_band", band), "" if child is None else ("Anak" if child else "Dewasa"),
                                   labels.code("education", edu), labels.code("occupation", occ), labels.code("relation", rel)])
        if progress:
            progress(len(chunk))


class _Echo:
    def write(self, value):
        return value


def csv_stream(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel opens UTF-8 CSV correctly with a BOM
    for row in rows:
        yield writer.writerow(row)
