"""The WhatsApp channel, driven by recorded webhook payloads against the endpoint. Outbound calls
are captured by replacing `client.post`: no network."""

import copy
import hashlib
import hmac
import itertools
import json
import logging
import re
from pathlib import Path

import pytest
import requests
from django.db import connection

from naungan.accounts.models import CityConfig
from naungan.cases.models import Notification
from naungan.core.retry import MAX_ATTEMPTS
from naungan.reporting import services as R
from naungan.reporting.models import Report
from naungan.whatsapp import client as wa_client
from naungan.whatsapp import services as S
from naungan.whatsapp.models import Conversation, DeliveryStatus, InboundMessage, OutboundMessage

pytestmark = pytest.mark.django_db

PAYLOADS = Path(__file__).parent / "payloads"
SECRET = "test-app-secret"
NUMBER = "6281234567890"
URL = "/whatsapp/webhook/"
_ids = itertools.count(1)


def load(name: str) -> dict:
    return json.loads((PAYLOADS / name).read_text())


@pytest.fixture
def wa(settings, pasuruan, monkeypatch):
    settings.WHATSAPP = {"TOKEN": "test-token", "APP_SECRET": SECRET, "VERIFY_TOKEN": "verify-me", "PHONE_NUMBERS": "PHONE_ID:35.75",
                         "API_URL": "https://wa.invalid/v21.0"}
    CityConfig.objects.update_or_create(city_id="35.75", defaults={"uptd_phone": "0343-123456"})
    sent: list[dict] = []

    def fake_post(url, *, json, headers):
        sent.append({"url": url, "json": copy.deepcopy(json), "headers": headers})
        return 200, {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.OUT{len(sent)}"}]}

    monkeypatch.setattr(wa_client, "post", fake_post)
    # The test's transaction never commits: run what waits for the commit (the worker's task) at once.
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())
    return sent


def deliver(c, payload: dict, *, secret: str = SECRET):
    body = json.dumps(payload).encode()
    sig = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return c.post(URL, data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sig)


def say(c, text: str, wamid: str | None = None):
    payload = load("text_hello.json")
    msg = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    msg["id"] = wamid or f"wamid.TEST{next(_ids)}"
    msg["text"]["body"] = text
    r = deliver(c, payload)
    assert r.status_code == 200
    return r


def texts(sent) -> list[str]:
    return [m["json"]["text"]["body"] for m in sent]


def test_handshake_answers_the_challenge_only_with_the_verify_token(client, wa):
    ok = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.content == b"1158201444"
    assert client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"}).status_code == 403


def test_adapter_is_off_unless_configured(client, settings, db):
    settings.WHATSAPP = {"TOKEN": "", "APP_SECRET": "", "VERIFY_TOKEN": "", "PHONE_NUMBERS": ""}
    assert client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}).status_code == 404
    assert client.post(URL, data=b"{}", content_type="application/json").status_code == 404


def test_forged_or_missing_signature_is_refused_and_nothing_stored(client, wa):
    assert deliver(client, load("text_hello.json"), secret="not-the-secret").status_code == 403
    body = json.dumps(load("text_hello.json")).encode()
    assert client.post(URL, data=body, content_type="application/json").status_code == 403
    tampered = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert client.post(URL, data=body + b" ", content_type="application/json", HTTP_X_HUB_SIGNATURE_256="sha256=" + tampered).status_code == 403
    assert not InboundMessage.objects.exists() and not Conversation.objects.exists() and wa == []


def test_guided_dialogue_files_a_report_through_the_portal_service_and_replies_code_and_pin(client, wa, pasuruan):
    kel = pasuruan.kelurahan[1]
    deliver(client, load("text_hello.json"))
    assert "Siapa Anda bagi korban" in texts(wa)[-1] and "2. Keluarga korban" in texts(wa)[-1]
    assert wa[0]["url"] == "https://wa.invalid/v21.0/PHONE_ID/messages" and wa[0]["json"]["to"] == NUMBER
    assert wa[0]["headers"]["Authorization"] == "Bearer test-token"
    say(client, "7")
    assert texts(wa)[-1] == S.WHO_AGAIN.format(n=6)
    say(client, "2")
    assert "Di kelurahan mana" in texts(wa)[-1]
    say(client, "kel. " + kel.name.lower()[:-1])  # a typo, lower case, with "kel."
    assert texts(wa)[-2].startswith(f"Dicatat: Kelurahan {kel.name}") and texts(wa)[-1] == S.ASK_WHAT
    say(client, "Anak tetangga dipukul ayahnya tiap malam")
    assert texts(wa)[-1] == S.ASK_DANGER
    say(client, "tidak")
    report = Report.objects.get()
    assert (report.channel, report.kelurahan_id, report.reporter_kind, report.danger_now) == ("whatsapp", kel.code, "keluarga", False)
    assert report.description == "Anak tetangga dipukul ayahnya tiap malam" and report.contact_phone == "+" + NUMBER
    filed = texts(wa)[-1]
    assert report.tracking_code in filed
    pin = re.search(r"PIN: (\d{6})", filed).group(1)
    assert R.report_check(code=report.tracking_code, pin=pin, client="t") == report
    # The PIN is not kept in the outbound row once sent; the number is sealed everywhere.
    assert OutboundMessage.objects.filter(status=DeliveryStatus.ACCEPTED).order_by("-pk").first().body == ""
    with connection.cursor() as cur:
        cur.execute("SELECT phone, phone_bidx, answers FROM whatsapp_conversation")
        rows = cur.fetchall()
        cur.execute("SELECT contact_phone FROM reporting_report")
        rows += cur.fetchall()
    assert rows and all(NUMBER not in str(v) and "81234567890" not in str(v) for row in rows for v in row)
    # The kelurahan's PPT hears of it in the app.
    assert Notification.objects.filter(user=pasuruan.users["ppt_1"], url="/lapor/antrean/").exists()


def test_replayed_delivery_is_ignored(client, wa):
    deliver(client, load("text_hello.json"))
    assert deliver(client, load("text_hello.json")).status_code == 200
    assert InboundMessage.objects.count() == 1 and len(wa) == 2  # greeting + question, once


def test_replayed_last_answer_files_one_report(client, wa, pasuruan):
    for t in ("Halo", "1", pasuruan.kelurahan[0].name, "Saya dipukul suami"):
        say(client, t)
    say(client, "ya", wamid="wamid.LAST")
    say(client, "ya", wamid="wamid.LAST")
    assert Report.objects.count() == 1 and Report.objects.get().danger_now is True


def test_bahaya_answers_at_once_and_files_urgent_as_soon_as_the_kelurahan_is_known(client, wa, pasuruan):
    say(client, "Halo")
    say(client, "3")
    n = len(wa)
    say(client, "BAHAYA tolong")
    emergency = texts(wa)[n]
    assert "112" in emergency and "129" in emergency and "0343-123456" in emergency and "MENDESAK" in emergency
    assert texts(wa)[-1] == S.ASK_WHERE_URGENT and not Report.objects.exists()
    say(client, pasuruan.kelurahan[0].name)
    report = Report.objects.get()
    assert report.danger_now is True and report.reporter_kind == "tetangga" and report.description == S.NO_STORY
    assert "MENDESAK" in texts(wa)[-1] and report.tracking_code in texts(wa)[-1]
    assert Notification.objects.filter(user=pasuruan.users["supervisor"], text__startswith="MENDESAK").exists()
    say(client, "Pelaku masih di rumah")
    assert report.messages.get().body == "Pelaku masih di rumah"


def test_bahaya_after_filing_marks_the_report_urgent(client, wa, pasuruan):
    for t in ("Halo", "1", pasuruan.kelurahan[0].name, "Diancam", "tidak"):
        say(client, t)
    report = Report.objects.get()
    assert report.danger_now is False
    say(client, "bahaya")
    report.refresh_from_db()
    assert report.danger_now is True and "112" in texts(wa)[-1]
    assert Notification.objects.filter(user=pasuruan.users["case_manager"], text__startswith="MENDESAK").exists()


def test_location_is_kept_with_the_report_and_images_are_refused_politely(client, wa, pasuruan):
    say(client, "Halo")
    say(client, "1")
    deliver(client, load("location.json"))
    assert texts(wa)[-2] == S.LOCATION_NOTED and "kelurahan" in texts(wa)[-1].lower()
    deliver(client, load("image.json"))
    assert texts(wa)[-1] == S.MEDIA_REFUSED
    for t in (pasuruan.kelurahan[2].name, "Anak tidak diberi makan", "tidak"):
        say(client, t)
    assert "-7.64530, 112.90750" in Report.objects.get().description


def test_several_close_kelurahan_are_offered_by_number(pasuruan):
    names = [k.name for k in pasuruan.kelurahan]
    kel = pasuruan.kelurahan[4]
    assert S.match_kelurahan("35.75", kel.name.upper()) == [kel]
    assert S.match_kelurahan("35.75", f"di kelurahan {kel.name} rt 02") == [kel]
    assert S.match_kelurahan("35.75", "Jakarta Selatan") == []
    assert all(k.name in names for k in S.match_kelurahan("35.75", names[0][:4]))


def test_status_callbacks_update_the_message_and_never_step_back(client, wa, pasuruan):
    conv = Conversation.objects.create(phone_number_id="PHONE_ID", phone_bidx="x", phone="+" + NUMBER, city_id="35.75", step="filed")
    out = OutboundMessage.objects.create(conversation=conv, body="b", status=DeliveryStatus.ACCEPTED, wamid="WAMID_OUT")
    deliver(client, load("status_delivered.json"))
    out.refresh_from_db()
    assert out.status == "delivered"
    deliver(client, load("status_sent.json"))  # late and out of order
    out.refresh_from_db()
    assert out.status == "delivered"
    deliver(client, load("status_read.json"))
    out.refresh_from_db()
    assert out.status == "read"
    out2 = OutboundMessage.objects.create(conversation=conv, body="b", status=DeliveryStatus.ACCEPTED, wamid="WAMID_OUT2")
    failed = load("status_failed.json")
    failed["entry"][0]["changes"][0]["value"]["statuses"][0]["id"] = "WAMID_OUT2"
    deliver(client, failed)
    out2.refresh_from_db()
    assert out2.status == "failed" and out2.error.startswith("131047") and NUMBER not in out2.error


def test_outbound_is_retried_with_backoff_then_sent(client, wa, pasuruan, monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    calls = []

    def flaky(url, *, json, headers):
        calls.append(json)
        if len(calls) == 1:
            raise requests.ConnectionError("down")
        if len(calls) == 2:
            return 503, {"error": {"code": 2, "type": "OAuthException", "message": f"to {NUMBER}"}}
        return 200, {"messages": [{"id": "wamid.OK"}]}

    monkeypatch.setattr(wa_client, "post", flaky)
    conv = Conversation.objects.create(phone_number_id="PHONE_ID", phone_bidx="y", phone="+" + NUMBER, city_id="35.75", step="filed")
    out = OutboundMessage.objects.create(conversation=conv, body="Halo")
    assert S.outbound_deliver(outbound_id=out.pk) == "retry"
    out.refresh_from_db()
    assert (out.status, out.attempts, out.error) == ("queued", 1, "ConnectionError") and out.next_attempt_at is not None
    retried = [r for r in default_task_backend.results if r.task.name == "deliver_whatsapp"]
    assert retried and retried[-1].args == [out.pk] and retried[-1].task.run_after is not None
    assert S.outbound_deliver(outbound_id=out.pk) == "retry"
    out.refresh_from_db()
    assert out.error.startswith("HTTP 503") and NUMBER not in out.error
    assert S.outbound_deliver(outbound_id=out.pk) == "sent"
    out.refresh_from_db()
    assert (out.status, out.wamid, out.attempts) == ("accepted", "wamid.OK", 3)
    assert S.outbound_deliver(outbound_id=out.pk) == "skipped"  # a duplicate task sends nothing twice


def test_outbound_gives_up_after_max_attempts_and_on_permanent_errors(wa, pasuruan, monkeypatch):
    monkeypatch.setattr(wa_client, "post", lambda url, *, json, headers: (_ for _ in ()).throw(requests.Timeout()))
    conv = Conversation.objects.create(phone_number_id="PHONE_ID", phone_bidx="z", phone="+" + NUMBER, city_id="35.75", step="filed")
    out = OutboundMessage.objects.create(conversation=conv, body="Halo")
    results = [S.outbound_deliver(outbound_id=out.pk) for _ in range(MAX_ATTEMPTS)]
    assert results[-1] == "failed" and set(results[:-1]) == {"retry"}
    monkeypatch.setattr(wa_client, "post", lambda url, *, json, headers: (400, {"error": {"code": 131026, "type": "OAuthException"}}))
    out2 = OutboundMessage.objects.create(conversation=conv, body="Halo")
    assert S.outbound_deliver(outbound_id=out2.pk) == "failed"
    out2.refresh_from_db()
    assert out2.attempts == 1 and out2.error == "HTTP 400 131026 OAuthException"


def test_staff_message_goes_back_over_whatsapp_only_for_whatsapp_reports(client, wa, pasuruan, login):
    for t in ("Halo", "1", pasuruan.kelurahan[0].name, "Diancam", "tidak"):
        say(client, t)
    report = Report.objects.get()
    staff = login(pasuruan.users["case_manager"])
    assert staff.post(f"/api/v1/reports/{report.pk}/message/", {"body": "Kami akan menghubungi Anda besok pagi."},
                      content_type="application/json").status_code == 201
    assert texts(wa)[-1] == f"Pesan petugas untuk laporan {report.tracking_code}:\nKami akan menghubungi Anda besok pagi."
    out = OutboundMessage.objects.order_by("-pk").first()
    assert out.report_message.body == "Kami akan menghubungi Anda besok pagi." and out.status == "accepted"
    portal, _pin, _ = R.report_submit(city_code="35.75", form_token=None, reporter_kind="anonim", kelurahan_code=pasuruan.kelurahan[0].code,
                                      what=["dipukul"], contact_phone="081234567890")
    n = len(wa)
    staff.post(f"/api/v1/reports/{portal.pk}/message/", {"body": "Halo"}, content_type="application/json")
    assert len(wa) == n


def test_the_number_and_messages_are_never_logged(client, wa, pasuruan, caplog):
    caplog.set_level(logging.DEBUG)
    for t in ("Halo", "1", pasuruan.kelurahan[0].name, "Rahasia sekali ceritanya", "tidak"):
        say(client, t)
    deliver(client, load("text_hello.json"), secret="forged")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "whatsapp webhook" in logged
    assert NUMBER not in logged and "81234567890" not in logged and "Rahasia" not in logged


def test_staff_see_delivery_status_and_a_converted_report_keeps_the_whatsapp_channel(client, wa, pasuruan, login):
    for t in ("Halo", "2", pasuruan.kelurahan[0].name, "Anak dipukul", "tidak"):
        say(client, t)
    report = Report.objects.get()
    staff = login(pasuruan.users["case_manager"])
    staff.post(f"/api/v1/reports/{report.pk}/message/", {"body": "Kami segera datang."}, content_type="application/json")
    out = OutboundMessage.objects.get(report_message__isnull=False)
    delivered = load("status_delivered.json")
    delivered["entry"][0]["changes"][0]["value"]["statuses"][0]["id"] = out.wamid
    deliver(client, delivered)
    staff = login(pasuruan.users["case_manager"])
    page = staff.get(f"/lapor/antrean/{report.pk}/").content.decode()
    assert "WhatsApp: Sampai" in page
    r = staff.post(f"/api/v1/reports/{report.pk}/convert/")
    from naungan.cases.models import Case

    assert r.status_code == 200 and Case.objects.get(pk=r.json()["case_id"]).channel == "whatsapp"


def test_deleting_a_report_forgets_the_conversation_and_the_staff_message_copies(client, wa, pasuruan, login):
    for t in ("Halo", "1", pasuruan.kelurahan[0].name, "Diancam", "tidak"):
        say(client, t)
    report = Report.objects.get()
    login(pasuruan.users["case_manager"]).post(f"/api/v1/reports/{report.pk}/message/", {"body": "Kami datang."}, content_type="application/json")
    assert OutboundMessage.objects.filter(report_message__isnull=False).count() == 1
    report.delete()  # as retention or an erasure does
    assert not Conversation.objects.exists() and not OutboundMessage.objects.exists()
