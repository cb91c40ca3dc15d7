"""What a push message may say: a fixed sentence per kind of event with the case number or
tracking code in it — never a name, a place, an agency or any detail. The lock screen of a
phone is not a private place."""

from __future__ import annotations

import re

from django.utils.translation import gettext_noop

TITLE = "Naungan"
KINDS = {
    "assigned": gettext_noop("Anda ditugaskan pada kasus {ref}."),
    "task": gettext_noop("Tugas baru pada kasus {ref}."),
    "referral": gettext_noop("Rujukan baru untuk kasus {ref}."),
    "referral_update": gettext_noop("Jawaban rujukan untuk kasus {ref}."),
    "referral_overdue": gettext_noop("Rujukan kasus {ref} belum dijawab."),
    "urgent_report": gettext_noop("Laporan MENDESAK {ref} masuk antrean."),
    "approval": gettext_noop("Penutupan kasus {ref} menunggu persetujuan."),
    "overdue": gettext_noop("Kasus {ref} melewati target respons."),
    "reporter_info": gettext_noop("Pelapor menambahkan informasi untuk {ref}."),
}
# Case numbers (35.75-2026-000001) and tracking codes (NGN-ABCD-EFGH): nothing else fits.
REF = re.compile(r"^[A-Z0-9][A-Z0-9.\-/]{2,30}$")
URL = re.compile(r"^/[a-z0-9\-/]{0,120}$")


class UnsafePayload(ValueError):
    pass


def payload(kind: str, ref: str, url: str) -> dict:
    if kind not in KINDS:
        raise UnsafePayload("unknown kind")
    if not REF.match(ref or ""):
        raise UnsafePayload("reference is not a case number or tracking code")
    if not URL.match(url or "/"):
        raise UnsafePayload("url is not a plain path")
    return {"title": TITLE, "body": KINDS[kind].format(ref=ref), "url": url or "/", "tag": f"{kind}:{ref}"}
