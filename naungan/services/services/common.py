"""Shared pieces of the service writes: messages and scope checks."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_noop

from naungan.cases.models import Case, Person, PersonRole
from naungan.cases.services import require_case_write

from ..models import ReferralStatus

UNKNOWN = gettext_noop("Nilai {field} tidak dikenal: {value}.")


NOT_ALLOWED = gettext_noop("Anda tidak berwenang melakukan ini.")


CONSENT_REQUIRED = gettext_noop("Identitas korban hanya dapat dibagikan setelah persetujuan korban (atau wali untuk anak) dicatat.")


GUARDIAN_REQUIRED = gettext_noop("Korban anak: persetujuan harus diberikan oleh orang tua atau wali, bukan oleh anak sendiri.")


NOT_A_PARTNER = gettext_noop("Rujukan hanya dapat dikirim ke lembaga mitra.")


BAD_TRANSITION = gettext_noop("Rujukan berstatus «{status}» tidak dapat diubah menjadi «{to}».")


REASON_REQUIRED = gettext_noop("Alasan wajib diisi.")


EMPTY = gettext_noop("Isian tidak boleh kosong.")


BAD_DATES = gettext_noop("Tanggal selesai tidak boleh sebelum tanggal mulai.")


NOT_A_SHELTER = gettext_noop("Organisasi ini bukan rumah aman.")


NEGATIVE = gettext_noop("Jumlah tidak boleh negatif.")


REFERRAL_FLOW = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED},
    ReferralStatus.ACCEPTED: {ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED},
    ReferralStatus.IN_PROGRESS: {ReferralStatus.COMPLETED},
    ReferralStatus.DECLINED: set(),
    ReferralStatus.COMPLETED: set(),
}


GUARDIAN_RELATIONS = {"ibu", "ayah", "orang_tua", "wali", "keluarga"}


def _require_case(actor, case: Case, *, manage: bool = False) -> None:
    require_case_write(actor, case, manage=manage, not_allowed=NOT_ALLOWED)


def _victim(case: Case, person_id) -> Person | None:
    if not person_id:
        return case.persons.filter(role=PersonRole.VICTIM).order_by("id").first()
    p = case.persons.filter(pk=person_id, role=PersonRole.VICTIM).first()
    if p is None:
        raise Http404
    return p
