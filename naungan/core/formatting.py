"""How values are written for people: Indonesian dates, times, a victim's masked name. Plain
functions (PDFs and letters call them); the shell's `naungan_ui` template library registers them as filters."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]


def tanggal_id(value) -> str:
    """23 November 2026 — always Indonesian (letters and printouts)."""
    if value is None:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def tanggal(value) -> str:
    """23 November 2026 (month name in the reader's language)."""
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "j F Y")


def waktu(value) -> str:
    """23-11-2026 10:48."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d-%m-%Y %H:%M")


def initials(name: str) -> str:
    words = [w for w in (name or "").replace(".", " ").split() if w[:1].isalpha()]
    return "".join(w[0].upper() + "." for w in words[:4])


def masked(person) -> str:
    """A victim as a shared room may see it: initials and age (e.g. "N.P., 12 th")."""
    if person is None:
        return "—"
    parts = [initials(getattr(person, "name", "")) or _("(tanpa nama)")]
    age = getattr(person, "age_at_incident", None)
    if age is None:
        age = getattr(person, "estimated_age", None)
    if age is not None:
        parts.append(_("%(n)s th") % {"n": age})
    return ", ".join(parts)
