import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from naungan.audit.models import AuditEvent
from naungan.cases.services import case_record_response, case_register, case_triage
from naungan.stats.exports import pseudonym, safe_cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(pasuruan):
    cm = pasuruan.users["case_manager"]
    now = timezone.now()

    def reg(kel, forms, place, age, sex="P", name="Siti Rahayu", days=10):
        return case_register(actor=cm, city_code="35.75", channel="telepon", kelurahan_code=pasuruan.kelurahan[kel].code, forms=forms,
                             place=place, received_at=now - timedelta(days=days), incident_date=(now - timedelta(days=days)).date(),
                             persons=[{"role": "victim", "name": name, "sex": sex, "estimated_age": age, "nik": "", "phone": "081234000111"},
                                      {"role": "perpetrator", "name": "=HYPERLINK(\"x\")", "estimated_age": 40, "relation_to_victim": "tetangga"}])

    cases = [
        reg(0, ["fisik"], "rumah_tangga", 8),
        reg(0, ["fisik", "psikis"], "rumah_tangga", 15),
        reg(1, ["seksual"], "sekolah", 12),
        reg(5, ["psikis"], "rumah_tangga", 30, sex="L"),
    ]
    case_triage(actor=cm, case=cases[0], risk="tinggi")
    case_record_response(actor=cm, case=cases[0], at=cases[0].received_at + timedelta(minutes=30))
    case_triage(actor=cm, case=cases[1], risk="tinggi")  # received 10 days ago, never answered: overdue
    return cases


def tables_of(client, **params):
    r = client.get("/api/v1/stats/summary/", params)
    assert r.status_code == 200, r.content
    return {t["id"]: {row[0]: row[1:] for row in t["rows"]} for t in r.json()["tables"]}, r.json()["work"]


def test_numbers_equal_hand_counted_fixtures(pasuruan, data):
    api = APIClient()
    api.force_authenticate(pasuruan.users["analyst"])
    t, work = tables_of(api)
    assert t["bentuk"]["Fisik"] == [2] and t["bentuk"]["Psikis"] == [2] and t["bentuk"]["Seksual"] == [1] and t["bentuk"]["Trafficking (TPPO)"] == [0]
    assert t["tempat"]["Rumah Tangga"] == [3] and t["tempat"]["Sekolah"] == [1]
    assert t["usia"]["6–12 tahun"] == [2] and t["usia"]["13–17 tahun"] == [1] and t["usia"]["25–44 tahun"] == [1]
    assert t["jk"]["Perempuan"] == [3] and t["jk"]["Laki-laki"] == [1]
    assert t["anak"]["Anak (<18)"] == [3] and t["anak"]["Dewasa"] == [1]
    assert t["hubungan"]["Tetangga"] == [4]
    assert t["respons"]["Tinggi"][:4] == [2, 1, 0, 1]
    assert work["open"] == 4 and work["overdue"] == 1
    t, _ = tables_of(api, form="seksual")
    assert sum(v[0] for v in t["tempat"].values()) == 1
    t, _ = tables_of(api, kelurahan=pasuruan.kelurahan[0].code)
    assert t["bentuk"]["Fisik"] == [2] and t["bentuk"]["Seksual"] == [0]


def test_dashboard_page_scope_and_query_count(pasuruan, blitar, data, login, django_assert_max_num_queries):
    client = login(pasuruan.users["analyst"])
    with django_assert_max_num_queries(60) as ctx:
        body = client.get("/statistik/").content.decode()
    n = len(ctx.captured_queries)
    assert "Kasus menurut bentuk kekerasan" in body and "Siti" not in body and "0812" not in body
    for _ in range(5):
        case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="telepon", forms=["fisik"],
                      kelurahan_code=pasuruan.kelurahan[3].code, persons=[{"role": "victim", "name": "Lain", "estimated_age": 9}])
    with django_assert_max_num_queries(n):
        client.get("/statistik/")
    for key in ["satgas_0", "partner_police", "auditor", "admin", "community"]:
        assert login(pasuruan.users[key]).get("/statistik/").status_code == 404, key
        assert login(pasuruan.users[key]).get("/statistik/monev/").status_code == 404, key
    other = login(blitar.users["analyst"]).get("/api/v1/stats/summary/")
    assert other.json()["work"]["open"] == 0
    assert login(blitar.users["analyst"]).get("/statistik/?kota=35.75").content.decode().count("Kota Pasuruan") == 0


def test_ppt_dashboard_counts_only_its_scope(pasuruan, data):
    api = APIClient()
    api.force_authenticate(pasuruan.users["ppt_0"])
    _t, work = tables_of(api)
    assert work["open"] == 2  # the two cases of its kelurahan


def test_table_download_csv_and_xlsx_neutralise_formulas(pasuruan, data, login):
    client = login(pasuruan.users["supervisor"])
    r = client.get("/statistik/?unduh=csv&tabel=bentuk")
    assert r.status_code == 200 and "Fisik,2" in r.content.decode("utf-8-sig")
    r = client.get("/statistik/?unduh=xlsx&tabel=tempat")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="stats.download").count() == 2
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("+62") == "'+62" and safe_cell("-3") == "'-3" and safe_cell("@x") == "'@x"
    assert safe_cell("Fisik") == "Fisik" and safe_cell(5) == 5


def test_monitoring_compares_with_previous_period(pasuruan, data, login):
    today = timezone.localdate()
    body = login(pasuruan.users["supervisor"]).get(f"/statistik/monev/?date_from={(today - timedelta(days=30)).isoformat()}&date_to={today.isoformat()}").content.decode()
    assert pasuruan.kecamatan[0].name in body and "Periode lalu" in body


def test_simfoni_export_has_value_sets_and_is_audited(pasuruan, data, login, django_capture_on_commit_callbacks):
    client = login(pasuruan.users["supervisor"])
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/statistik/ekspor/", {"kind": "simfoni", "fmt": "csv", "date_from": (today - timedelta(days=60)).isoformat(), "date_to": today.isoformat()})
    assert r.status_code == 302
    job_url = r["Location"]
    assert "Selesai" in client.get(job_url).content.decode()
    r = client.get(job_url + "unduh/")
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig"))))
    header = rows[0]
    assert header[:3] == ["no_kasus", "tanggal_lapor", "tanggal_kejadian"] and "nama" in header
    body = rows[1:]
    assert len(body) == 8  # 4 cases × (victim + perpetrator)
    forms = {r[header.index("bentuk_kekerasan")] for r in body}
    assert "Fisik; Psikis" in forms and "Seksual" in forms
    assert {r[header.index("tempat_kejadian")] for r in body} == {"Rumah Tangga", "Sekolah"}
    assert {r[header.index("kelompok_usia")] for r in body if r[header.index("peran")] == "Korban"} == {"6-12", "13-17", "25-44"}
    perp_names = {r[header.index("nama")] for r in body if r[header.index("peran")] == "Pelaku"}
    assert perp_names == {"'=HYPERLINK(\"x\")"}
    assert AuditEvent.objects.filter(action__in=["export.create", "export.download"]).count() == 2


def test_anonymised_extract_has_no_identities(pasuruan, data, login, django_capture_on_commit_callbacks):
    client = login(pasuruan.users["analyst"])
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/statistik/ekspor/", {"kind": "anonim", "fmt": "csv", "date_from": (today - timedelta(days=60)).isoformat(), "date_to": today.isoformat()})
    content = b"".join(client.get(r["Location"] + "unduh/").streaming_content).decode("utf-8-sig")
    for secret in ["Siti", "Rahayu", "0812", "HYPERLINK", "35.75-"]:
        assert secret not in content
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[1][0] in {pseudonym(c.pk) for c in data}
    assert len(rows[1][1]) == 7  # YYYY-MM
    # the analyst may not take the identity-bearing SIMFONI export
    r = client.post("/statistik/ekspor/", {"kind": "simfoni", "fmt": "csv", "date_from": today.isoformat(), "date_to": today.isoformat()})
    assert r.status_code == 200 and "tidak boleh" in r.content.decode()


def test_export_xlsx_and_streamed_csv(pasuruan, data, login, django_capture_on_commit_callbacks):
    client = login(pasuruan.users["case_manager"])
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/statistik/ekspor/", {"kind": "simfoni", "fmt": "xlsx", "date_from": (today - timedelta(days=60)).isoformat(), "date_to": today.isoformat()})
    content = b"".join(client.get(r["Location"] + "unduh/").streaming_content)
    assert content[:2] == b"PK"
    r = client.get(f"/statistik/ekspor/langsung.csv?kind=simfoni&fmt=csv&date_from={(today - timedelta(days=60)).isoformat()}&date_to={today.isoformat()}")
    assert r.status_code == 200 and r.streaming and "no_kasus" in b"".join(r.streaming_content).decode("utf-8-sig")
    assert login(pasuruan.users["analyst"]).get(f"/statistik/ekspor/langsung.csv?kind=simfoni&fmt=csv&date_from={today}&date_to={today}").status_code == 404


def test_export_jobs_of_others_are_not_found(pasuruan, data, login):
    client = login(pasuruan.users["supervisor"])
    today = timezone.localdate()
    r = client.post("/statistik/ekspor/", {"kind": "simfoni", "fmt": "csv", "date_from": today.isoformat(), "date_to": today.isoformat()})
    url = r["Location"]
    other = login(pasuruan.users["case_manager"])
    assert other.get(url).status_code == 404 and other.get(url + "unduh/").status_code == 404
