"""The transfer pages read their posts through forms: a decline without a reason, or an unknown
action, is answered (a message, a 404), never a server error; the transfer stays as it was."""

import pytest
from django.urls import reverse

from naungan.transfers import services as S
from naungan.transfers.models import TransferStatus

pytestmark = pytest.mark.django_db


def _offer(pasuruan, case):
    return S.transfer_send(actor=pasuruan.users["case_manager"], case=case, to_code="35.71", reason="Keluarga pindah ke Kediri.",
                           shared_fields=["victim_age_sex"], consent_relation="ibu", consent_method="tertulis")


def test_a_decline_needs_a_reason_and_an_unknown_action_is_404(pasuruan, kediri, pasuruan_case, login):
    t = _offer(pasuruan, pasuruan_case)
    c = login(kediri.users["supervisor"])
    r = c.post(reverse("transfers:action", args=[t.pk, "tolak"]), {"reason": "  "}, follow=True)
    assert r.status_code == 200 and "Alasan penolakan wajib diisi." in r.content.decode()
    t.refresh_from_db()
    assert t.status == TransferStatus.PENDING
    assert c.post(reverse("transfers:action", args=[t.pk, "hapus"])).status_code == 404
    r = c.post(reverse("transfers:action", args=[t.pk, "tolak"]), {"reason": "Alamat keluarga bukan di Kediri."}, follow=True)
    assert "Pemindahan ditolak." in r.content.decode()
    t.refresh_from_db()
    assert t.status == TransferStatus.DECLINED and t.decline_reason == "Alamat keluarga bukan di Kediri."
