"""SIMFONI-PPA export and the anonymised extract: rows are produced chunk by chunk (constant
memory, constant queries per chunk) and written to CSV or XLSX (openpyxl write-only)."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import QuerySet

from naungan.cases.models import Case, CaseViolenceForm, Person, PersonRole
from naungan.catalogues.selectors import get

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def safe_cell(value):
    """Neutralise spreadsheet formulas (CSV/XLSX injection): text starting with = + - @ tab CR
    gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


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
    try:
        from naungan.services.selectors import simfoni_services_for_cases
    except ImportError:
        return {}
    return simfoni_services_for_cases(case_ids)


def _chunks(cases: QuerySet[Case]) -> Iterator[list[Case]]:
    last = 0
    base = cases.order_by("pk").select_related("city", "kecamatan", "kelurahan")
    while True:
        chunk = list(base.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def simfoni_rows(cases: QuerySet[Case], *, include_identity: bool, progress=None) -> Iterator[list]:
    yield SIMFONI_HEADER + (IDENTITY_HEADER if include_identity else [])
    for chunk in _chunks(cases):
        ids = [c.pk for c in chunk]
        forms: dict[int, list[str]] = {}
        for case_id, form in CaseViolenceForm.objects.filter(case_id__in=ids).values_list("case_id", "form"):
            forms.setdefault(case_id, []).append(simfoni("violence_form", form))
        people: dict[int, list[Person]] = {}
        fields = ["case_id", "role", "sex", "age_at_incident", "age_band", "is_child", "education", "occupation", "disability", "relation_to_victim"]
        if include_identity:
            fields += ["name", "nik", "phone", "street"]
        for p in Person.objects.filter(case_id__in=ids, role__in=[PersonRole.VICTIM, PersonRole.PERPETRATOR]).only(*fields).order_by("case_id", "role", "pk"):
            people.setdefault(p.case_id, []).append(p)
        services = _services_by_case(ids)
        for c in chunk:
            base = [c.number, c.received_at.date().isoformat(), c.incident_date.isoformat() if c.incident_date else "", c.city.name,
                    c.kecamatan.name if c.kecamatan else "", c.kelurahan.name if c.kelurahan else "", simfoni("place", c.place),
                    "; ".join(sorted(forms.get(c.pk, []))), "Ya" if c.is_tpks else "Tidak", c.get_status_display()]
            for p in people.get(c.pk, []):
                row = base + [
                    "Korban" if p.role == PersonRole.VICTIM else "Pelaku", simfoni("sex", p.sex),
                    "" if p.age_at_incident is None else p.age_at_incident, simfoni("age_band", p.age_band),
                    "" if p.is_child is None else ("Anak" if p.is_child else "Dewasa"), simfoni("education", p.education),
                    simfoni("occupation", p.occupation), p.disability or "", simfoni("relation", p.relation_to_victim),
                    "; ".join(services.get(c.pk, [])) if p.role == PersonRole.VICTIM else "",
                ]
                if include_identity:
                    row += [p.name, p.nik, p.phone, p.street]
                yield [safe_cell(v) for v in row]
        if progress:
            progress(len(chunk))


def anonymised_rows(cases: QuerySet[Case], progress=None) -> Iterator[list]:
    """No names, NIK, phone, street or chronology; dates coarsened to the month; a pseudonymous key."""
    yield ANON_HEADER
    for chunk in _chunks(cases):
        ids = [c.pk for c in chunk]
        forms: dict[int, list[str]] = {}
        for case_id, form in CaseViolenceForm.objects.filter(case_id__in=ids).values_list("case_id", "form"):
            forms.setdefault(case_id, []).append(simfoni("violence_form", form))
        rows = Person.objects.filter(case_id__in=ids, role__in=[PersonRole.VICTIM, PersonRole.PERPETRATOR]).values_list(
            "case_id", "role", "sex", "age_band", "is_child", "education", "occupation", "relation_to_victim").order_by("case_id", "role", "pk")
        people: dict[int, list] = {}
        for r in rows:
            people.setdefault(r[0], []).append(r)
        for c in chunk:
            base = [pseudonym(c.pk), c.received_at.strftime("%Y-%m"), c.incident_date.strftime("%Y-%m") if c.incident_date else "",
                    c.kecamatan.name if c.kecamatan else "", c.kelurahan.name if c.kelurahan else "", simfoni("place", c.place),
                    "; ".join(sorted(forms.get(c.pk, []))), "Ya" if c.is_tpks else "Tidak", c.risk, c.status]
            for _case_id, role, sex, band, child, edu, occ, rel in people.get(c.pk, []):
                yield [safe_cell(v) for v in base + ["Korban" if role == PersonRole.VICTIM else "Pelaku", simfoni("sex", sex), simfoni("age_band", band),
                                                     "" if child is None else ("Anak" if child else "Dewasa"), simfoni("education", edu),
                                                     simfoni("occupation", occ), simfoni("relation", rel)]]
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


def write_csv(rows: Iterable[list], fh) -> None:
    fh.write("\ufeff")
    writer = csv.writer(fh)
    for row in rows:
        writer.writerow(row)


def write_xlsx(rows: Iterable[list], path: str, title: str = "Data") -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for row in rows:
        ws.append(row)
    wb.save(path)


def table_csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    write_csv([header, *[[safe_cell(v) for v in r] for r in rows]], buf)
    return buf.getvalue()


def table_xlsx(header: list[str], rows: list[list], title: str) -> bytes:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        write_xlsx([header, *[[safe_cell(v) for v in r] for r in rows]], tmp.name, title)
        tmp.seek(0)
        return tmp.read()
