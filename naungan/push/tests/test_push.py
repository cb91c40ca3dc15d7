"""Web Push: subscriptions, payloads built from a number and a kind only, retries, expiry."""

import json

import pytest
from pywebpush import WebPushException

from naungan.audit.models import AuditEvent
from naungan.cases import services as CS
from naungan.core.retry import MAX_ATTEMPTS
from naungan.push import events
from naungan.push import services as S
from naungan.push.models import PushSubscription
from naungan.reporting import services as R

pytestmark = pytest.mark.django_db

IDENTITIES = ("Siti Aminah", "3575014503800002", "081234567890", "Jl. Mawar", "Gentong", "Bukir", "Polres", "Dinas Sosial", "dipukul")


class Resp:
    def __init__(self, status):
        self.status_code = status


@pytest.fixture
def vapid(settings, monkeypatch):
    from naungan.push.management.commands.vapid_keys import Command

    settings.WEBPUSH = {"PUBLIC_KEY": "BPUB", "PRIVATE_KEY": "priv", "SUBJECT": "mailto:admin@naungan.test"}
    sent = []

    def fake_webpush(subscription_info, data, vapid_private_key, vapid_claims, ttl, timeout):
        sent.append({"endpoint": subscription_info["endpoint"], "data": json.loads(data), "claims": vapid_claims, "ttl": ttl})
        return Resp(201)

    monkeypatch.setattr(S, "webpush", fake_webpush)
    monkeypatch.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())
    assert Command  # the key generator is importable
    return sent


def subscribe(user, n=1):
    return PushSubscription.objects.create(user=user, endpoint=f"https://push.example.test/{user.pk}/{n}", p256dh="BKEY", auth="secret")


def test_officer_subscribes_through_the_api_and_others_cannot(pasuruan, login, vapid):
    body = {"endpoint": "https://push.example.test/abc", "keys": {"p256dh": "BKEY", "auth": "AUTH"}}
    c = login(pasuruan.users["ppt_0"])
    assert c.get("/api/v1/push/key/").json() == {"enabled": True, "public_key": "BPUB", "may_subscribe": True}
    assert c.post("/api/v1/push/subscriptions/", body, content_type="application/json").status_code == 201
    sub = PushSubscription.objects.get()
    assert sub.user == pasuruan.users["ppt_0"] and AuditEvent.objects.filter(action="push.subscribe").exists()
    analyst = login(pasuruan.users["analyst"])
    r = analyst.post("/api/v1/push/subscriptions/", {**body, "endpoint": "https://push.example.test/x"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"] == S.NOT_FOR_ROLE
    # Another officer cannot remove someone else's subscription.
    analyst.delete("/api/v1/push/subscriptions/", {"endpoint": body["endpoint"]}, content_type="application/json")
    assert PushSubscription.objects.count() == 1
    c = login(pasuruan.users["ppt_0"])  # the same test client, signed in as the owner again
    assert c.delete("/api/v1/push/subscriptions/", {"endpoint": body["endpoint"]}, content_type="application/json").status_code == 204
    assert not PushSubscription.objects.exists()
    c.logout()
    assert c.post("/api/v1/push/subscriptions/", body, content_type="application/json").status_code in (401, 403)


def test_push_is_off_without_vapid_keys(pasuruan, login, settings):
    settings.WEBPUSH = {"PUBLIC_KEY": "", "PRIVATE_KEY": "", "SUBJECT": ""}
    c = login(pasuruan.users["ppt_0"])
    assert c.get("/api/v1/push/key/").json()["enabled"] is False
    r = c.post("/api/v1/push/subscriptions/", {"endpoint": "https://push.example.test/a", "keys": {"p256dh": "B", "auth": "A"}},
               content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"] == S.NOT_CONFIGURED


def test_urgent_report_assignment_referral_and_approval_push_only_a_number_and_what_happened(pasuruan, vapid):
    ppt, cm, sup = pasuruan.users["ppt_0"], pasuruan.users["case_manager"], pasuruan.users["supervisor"]
    for u in (ppt, cm, sup, pasuruan.users["partner_police"]):
        subscribe(u)
    report, _pin, _ = R.report_submit(city_code="35.75", form_token=None, reporter_kind="tetangga", kelurahan_code=pasuruan.kelurahan[0].code,
                                      what=["dipukul"], description="Siti Aminah dipukul di Jl. Mawar", danger_now=True,
                                      contact_name="Siti Aminah", contact_phone="081234567890")
    case = CS.case_register(actor=cm, city_code="35.75", channel="datang_uptd", kelurahan_code=pasuruan.kelurahan[0].code, forms=["fisik"],
                            chronology="Siti Aminah dipukul", persons=[{"role": "victim", "name": "Siti Aminah", "nik": "3575014503800002", "sex": "P"}])
    CS.case_triage(actor=cm, case=case, risk="tinggi")
    CS.case_assign(actor=sup, case=case, assigned_to=cm)
    from naungan.services import services as SS

    SS.referral_send(actor=cm, case=case, agency=pasuruan.orgs["police_ppa"], request="Mohon pendampingan pemeriksaan Siti Aminah", shared_fields=[])
    CS.case_request_closure(actor=cm, case=case, reason="selesai_layanan")
    kinds = {m["data"]["tag"].split(":")[0] for m in vapid}
    assert {"urgent_report", "assigned", "referral", "approval"} <= kinds
    police = [m for m in vapid if m["endpoint"] == f"https://push.example.test/{pasuruan.users['partner_police'].pk}/1"]
    assert [m["data"]["body"] for m in police] == [f"Rujukan baru untuk kasus {case.number}."]
    for m in vapid:
        d = m["data"]
        assert set(d) == {"title", "body", "url", "tag"}
        text = json.dumps(d)
        assert not any(i.lower() in text.lower() for i in IDENTITIES), d
        assert report.tracking_code in d["body"] or case.number in d["body"]
        assert m["claims"] == {"sub": "mailto:admin@naungan.test"}
    urgent = [m for m in vapid if m["data"]["tag"].startswith("urgent_report")]
    assert {m["endpoint"] for m in urgent} >= {f"https://push.example.test/{ppt.pk}/1", f"https://push.example.test/{sup.pk}/1"}


def test_payload_refuses_anything_but_a_number_and_a_known_kind():
    assert events.payload("assigned", "35.75-2026-000001", "/kasus/1/")["body"] == "Anda ditugaskan pada kasus 35.75-2026-000001."
    for kind, ref, url in [("assigned", "Siti Aminah", "/kasus/1/"), ("gossip", "35.75-2026-000001", "/"),
                           ("assigned", "35.75-2026-000001", "https://evil.example/"), ("assigned", "35.75-2026-000001", "/kasus/?q=Siti")]:
        with pytest.raises(events.UnsafePayload):
            events.payload(kind, ref, url)


def test_expired_subscription_is_removed(pasuruan, vapid, monkeypatch):
    sub = subscribe(pasuruan.users["ppt_0"])

    def gone(**kwargs):
        raise WebPushException("gone", response=Resp(410))

    monkeypatch.setattr(S, "webpush", gone)
    assert S.push_deliver(subscription_id=sub.pk, kind="assigned", ref="35.75-2026-000001", url="/kasus/1/") == "expired"
    assert not PushSubscription.objects.exists()


def test_failures_are_retried_by_the_worker_then_given_up(pasuruan, vapid, monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    sub = subscribe(pasuruan.users["ppt_0"])

    def down(**kwargs):
        raise WebPushException("server error", response=Resp(503))

    monkeypatch.setattr(S, "webpush", down)
    assert S.push_deliver(subscription_id=sub.pk, kind="overdue", ref="35.75-2026-000001", url="/kasus/1/") == "retry"
    retry = [r for r in default_task_backend.results if r.task.name == "deliver_push"][-1]
    assert retry.args == [sub.pk, "overdue", "35.75-2026-000001", "/kasus/1/", 2] and retry.task.run_after is not None
    assert S.push_deliver(subscription_id=sub.pk, kind="overdue", ref="35.75-2026-000001", url="/kasus/1/", attempt=MAX_ATTEMPTS) == "failed"
    sub.refresh_from_db()
    assert sub.failures == 2
    monkeypatch.setattr(S, "webpush", lambda **kw: Resp(201))
    assert S.push_deliver(subscription_id=sub.pk, kind="overdue", ref="35.75-2026-000001", url="/kasus/1/", attempt=2) == "sent"
    sub.refresh_from_db()
    assert sub.failures == 0 and sub.last_success_at is not None


def test_push_page_answers_and_vapid_command_prints_keys(pasuruan, login, vapid, capsys):
    from django.core.management import call_command

    assert login(pasuruan.users["satgas_0"]).get("/lapangan/notifikasi/").status_code == 200
    call_command("vapid_keys")
    out = capsys.readouterr().out
    assert "NAUNGAN_VAPID_PUBLIC_KEY=B" in out and "NAUNGAN_VAPID_PRIVATE_KEY=" in out
