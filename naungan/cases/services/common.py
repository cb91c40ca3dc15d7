"""Shared pieces of the case writes: messages, scope checks, the read-only registry, timeline events, notices."""

from __future__ import annotations

from datetime import date

from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from naungan.catalogues.selectors import codes, label, values
from naungan.core.errors import DomainError

from ..models import Case, CaseEvent, Notification
from ..selectors import can_manage_case, cases_visible_to
from ..signals import notified

NOT_ALLOWED = gettext_noop("Anda tidak berwenang melakukan ini pada kasus ini.")


CANNOT_REGISTER = gettext_noop("Anda tidak berwenang mendaftarkan kasus di kota ini.")


UNKNOWN_VALUE = gettext_noop("Nilai {field} tidak dikenal: {value}.")


KELURAHAN_OUTSIDE = gettext_noop("Kelurahan tidak berada di kota kasus ini.")


NEED_VICTIM = gettext_noop("Setiap kasus memerlukan setidaknya satu korban.")


NIK_INVALID = gettext_noop("NIK tidak valid: {detail}")


NIK_REGION_UNKNOWN = gettext_noop("Kode wilayah NIK tidak ada di daftar Kemendagri.")


NIK_SEX_MISMATCH = gettext_noop("Jenis kelamin pada NIK berbeda dengan yang diisi.")


NIK_BIRTH_MISMATCH = gettext_noop("Tanggal lahir pada NIK berbeda dengan yang diisi.")


CONFLICT = gettext_noop("Kasus ini sudah diubah orang lain sejak Anda membukanya. Periksa perubahannya; isian Anda belum disimpan.")


ILLEGAL_TRANSITION = gettext_noop("Status tidak dapat diubah dari «{src}» ke «{dst}».")


CLOSE_VIA_APPROVAL = gettext_noop("Kasus hanya dapat ditutup melalui permohonan penutupan yang disetujui supervisor.")


CLOSURE_REASON_REQUIRED = gettext_noop("Pilih alasan penutupan dari daftar.")


CLOSURE_NOT_REQUESTED = gettext_noop("Belum ada permohonan penutupan untuk kasus ini.")


ONLY_SUPERVISOR_APPROVES = gettext_noop("Hanya supervisor yang dapat menyetujui penutupan kasus.")


TPKS_NO_SETTLEMENT = gettext_noop("Kasus kekerasan seksual (UU 12/2022) dengan pelaku dewasa tidak dapat diselesaikan di luar pengadilan.")


ALREADY_CLOSED = gettext_noop("Kasus sudah ditutup.")


NOT_CLOSED = gettext_noop("Hanya kasus yang sudah ditutup yang dapat dibuka kembali.")


REOPEN_REASON_REQUIRED = gettext_noop("Alasan membuka kembali kasus wajib diisi.")


TRIAGE_FIRST = gettext_noop("Lakukan triase (tingkat risiko) terlebih dahulu.")


BAD_ASSIGNEE = gettext_noop("Petugas yang dipilih bukan manajer kasus unit ini.")


BAD_SATGAS = gettext_noop("Petugas yang dipilih bukan anggota Satgas PPA kota ini.")


FILE_TOO_BIG = gettext_noop("Berkas terlalu besar (maksimal {mb} MB).")


FILE_TYPE = gettext_noop("Jenis berkas tidak diizinkan. Unggah PDF, JPG, PNG atau DOCX.")


EMPTY_NOTE = gettext_noop("Catatan tidak boleh kosong.")


def _check(value, kind: str, field: str, *, blank_ok: bool = True):
    if (value in (None, "") and blank_ok) or value in codes(kind):
        return
    raise DomainError(UNKNOWN_VALUE.format(field=field, value=value))


def require_case_write(actor, case: Case, *, manage: bool = False, not_allowed: str = NOT_ALLOWED) -> None:
    """Every write on a case, of any app, starts here: the case must be in the actor's scope (else
    404) and writable (no write guard refuses it); with `manage`, the actor must also manage it
    (else `not_allowed`, the app's message)."""
    if not cases_visible_to(actor).filter(pk=case.pk).exists():
        raise Http404
    refusal = write_refusal(case)
    if refusal:
        raise DomainError(refusal)
    if manage and not can_manage_case(actor, case):
        raise DomainError(not_allowed)


def _require_visible(actor, case: Case) -> None:
    require_case_write(actor, case)


# Rules that make a case read-only: each takes the case and returns a message or None. Other apps
# add theirs with `write_guard` (transfers: the sending city keeps a closed, read-only stub).
WRITE_GUARDS: list = []


def write_guard(fn):
    """Register a read-only rule (usable as a decorator). Registering twice is harmless."""
    if fn not in WRITE_GUARDS:
        WRITE_GUARDS.append(fn)
    return fn


def write_refusal(case: Case) -> str | None:
    for guard in WRITE_GUARDS:
        message = guard(case)
        if message:
            return message
    return None


def _require_manage(actor, case: Case) -> None:
    require_case_write(actor, case, manage=True)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band_of(age: int | None) -> str:
    if age is None:
        return ""
    for band in values("age_band"):
        if band.extra.get("min", 0) <= age <= band.extra.get("max", 200):
            return band.code
    return ""


def _id_label(kind: str, code: str | None) -> str:
    """The catalogue's Indonesian label: the timeline is stored text and must never show a raw code."""
    from django.utils import translation


    if not code:
        return "-"
    with translation.override("id"):
        return label(kind, code)


# Field names as people read them, for the "data kejadian diperbarui" timeline entry.
FIELD_LABELS = {
    "channel": "saluran pengaduan", "incident_date": "tanggal kejadian", "incident_date_approximate": "tanggal perkiraan",
    "place": "tempat kejadian", "chronology": "kronologi", "special_protection": "perlindungan khusus", "is_tpks": "UU TPKS",
    "kelurahan": "kelurahan", "forms": "bentuk kekerasan", "assigned_to": "manajer kasus", "satgas_assignee": "satgas pendamping",
}


TASK_STATUS_LABELS = {"open": "terbuka", "done": "selesai", "cancelled": "dibatalkan"}


def _event(case: Case, actor, kind: str, body: str) -> CaseEvent:
    return CaseEvent.objects.create(case=case, actor=actor if getattr(actor, "is_authenticated", False) else None, kind=kind, body=body)


def notify(*, user, text: str, url: str = "", key: str = "", push: str = "", ref: str = "") -> Notification | None:
    """In-app notice. Callers pass no identity: a case number and a risk level at most.
    `push` names what happened (a kind of `naungan.push.events`) and `ref` the case number or
    tracking code: listeners of `notified` (Web Push) build their message from those two alone,
    never from `text`, which may name a place or an agency."""
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    n = Notification.objects.create(user=user, text=text[:300], url=url, key=key)
    if push:
        notified.send(sender=Notification, user=user, kind=push, ref=ref, url=url)
    return n


def _bump(case: Case, **fields) -> None:
    """Write workflow fields and advance the version, so a concurrent editor sees a conflict."""
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    for k, v in fields.items():
        setattr(case, k, v)
    case.version += 1
