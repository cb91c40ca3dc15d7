"""Shared pieces of the reporting portal: messages (Indonesian), limits, codes, notices of new reports."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from naungan.accounts.models import Membership
from naungan.accounts.roles import Role
from naungan.cases.services import notify

from ..models import Report

UNKNOWN_CITY = gettext_noop("Kota tidak dikenal.")


BAD_KELURAHAN = gettext_noop("Pilih kelurahan dari daftar kota ini.")


# The kelurahan choice "Aku tidak tahu" / "Tidak tahu": the report goes to the city's UPTD PPA.
KELURAHAN_UNKNOWN = "tidak_tahu"


# reporter_kind meaning "it happened to me": the reporter is the victim.
REPORTER_IS_VICTIM = "korban"


BAD_CHOICE = gettext_noop("Pilihan tidak dikenal. Muat ulang halaman dan coba lagi.")


NEED_WHAT = gettext_noop("Pilih setidaknya satu hal yang terjadi, atau ceritakan di kolom cerita.")


TOO_LONG = gettext_noop("Cerita terlalu panjang (maksimal {n} huruf).")


BAD_TOKEN = gettext_noop("Formulir ini sudah kedaluwarsa. Muat ulang halaman lalu kirim lagi.")


ALREADY_RECEIVED = gettext_noop("Laporan ini sudah kami terima sebelumnya. Tidak perlu mengirim ulang.")


WRONG_CODE_OR_PIN = gettext_noop("Kode laporan atau PIN salah.")


LOCKED = gettext_noop("Terlalu banyak percobaan PIN yang salah. Coba lagi setelah {minutes} menit.")


FILE_TOO_BIG = gettext_noop("Berkas terlalu besar (maksimal 5 MB).")


FILE_TYPE = gettext_noop("Berkas harus berupa foto (JPG/PNG) atau PDF.")


EMPTY_MESSAGE = gettext_noop("Pesan tidak boleh kosong.")


NOT_ALLOWED = gettext_noop("Anda tidak berwenang menangani laporan ini.")


ALREADY_RESOLVED = gettext_noop("Laporan ini sudah ditindaklanjuti.")


REASON_REQUIRED = gettext_noop("Pilih alasan penutupan.")


CASE_CLOSED = gettext_noop("Kasus itu sudah ditutup. Buka kembali kasusnya dulu, atau jadikan laporan ini kasus baru.")


MAX_DESCRIPTION = 5000


MAX_MESSAGE = 2000


MAX_FILE = 5 * 1024 * 1024


PIN_FAILURE_LIMIT = 5  # wrong PINs for one tracking code before it is locked


PIN_LOCK_MINUTES = 15


CLIENT_FAILURE_LIMIT = 10  # wrong code/PIN pairs from one client (any codes) before it is locked


CLIENT_LOCK_MINUTES = 30


FORM_TOKEN_MAX_AGE = 2 * 24 * 3600  # a form left open for two days still submits


FORM_TOKEN_SALT = "naungan.reporting.form"


# Anonymous reporters' addresses are not written into the permanent audit chain.
PUBLIC_ORIGIN = {"channel": "portal_publik"}


CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def _notify_new(report: Report, *, urgent: bool) -> None:
    """The kelurahan's PPT hears of a new report, and triage staff of an urgent one — without any
    identity or story."""
    kel = report.kelurahan
    prefix = "MENDESAK: " if urgent else ""
    if kel is None:
        # The reporter did not know the kelurahan: no PPT is the right one, the city's UPTD PPA triages it.
        for m in Membership.objects.filter(city_id=report.city_id, active=True, role__in=[Role.CASE_MANAGER, Role.SUPERVISOR]).select_related("user"):
            notify(user=m.user, text=f"{prefix}Laporan baru (kelurahan belum diketahui) masuk antrean triase UPTD PPA.", url="/lapor/antrean/",
                   push="urgent_report" if urgent else "", ref=report.tracking_code)
        return
    for m in Membership.objects.filter(city_id=report.city_id, active=True, role__in=[Role.PPT_OFFICER], region_id=kel.code).select_related("user"):
        notify(user=m.user, text=f"{prefix}Laporan baru untuk Kelurahan {kel.name} masuk antrean triase.", url="/lapor/antrean/",
               push="urgent_report" if urgent else "", ref=report.tracking_code)
    if urgent:
        for m in Membership.objects.filter(city_id=report.city_id, active=True, role__in=[Role.CASE_MANAGER, Role.SUPERVISOR]).select_related("user"):
            notify(user=m.user, text=f"MENDESAK: laporan baru untuk Kelurahan {kel.name}.", url="/lapor/antrean/",
                   push="urgent_report", ref=report.tracking_code)
