"""One policy for the public portal's limits, the web form and the JSON API alike: limits never
turn a victim away.

Every valid submission is counted per client (the address from naungan.core.clientip) and for
the whole portal, in the atomic counter store (naungan.core.counters). Above either threshold a
submission is not refused: it must carry a solved proof-of-work challenge (ALTCHA, self-hosted;
the widget is served from this server, the challenge is made and checked here). A person in
danger solves it in a second or two on a cheap phone; a flood of fake reports pays for each one.
Thresholds: NAUNGAN_PORTAL_SUBMIT_RATE (per client) and NAUNGAN_PORTAL_SUBMIT_RATE_GLOBAL;
the challenge's cost NAUNGAN_PORTAL_CHALLENGE_COST (PBKDF2 iterations per try)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from naungan.core.clientip import client_ip
from naungan.core.counters import hit, parse_rate

CHALLENGE_NEEDED = gettext_noop(
    "Banyak laporan masuk saat ini. Untuk melindungi layanan, perangkat Anda perlu menyelesaikan pemeriksaan singkat otomatis, "
    "lalu kirim lagi — isian Anda tidak hilang. Jika ada bahaya sekarang, hubungi 112 atau SAPA 129.")
CHALLENGE_FAILED = gettext_noop("Pemeriksaan otomatis tidak berhasil atau sudah kedaluwarsa. Coba kirim lagi.")
CHALLENGE_ALGORITHM = "PBKDF2/SHA-256"
CHALLENGE_MINUTES = 10


def _rates() -> tuple[tuple[int, int], tuple[int, int]]:
    per = getattr(settings, "PORTAL_SUBMIT_RATE_PER_CLIENT", "10/10m")
    overall = getattr(settings, "PORTAL_SUBMIT_RATE_GLOBAL", "600/h")
    return parse_rate(per), parse_rate(overall)


def _secret() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), b"naungan-altcha-v1", hashlib.sha256).digest()


def count_submission(request) -> bool:
    """Counts one submission; True when the portal is above a threshold (a challenge is needed)."""
    (per_n, per_p), (all_n, all_p) = _rates()
    ip = client_ip(request) or "unknown"
    ip_key = hashlib.sha256(ip.encode()).hexdigest()[:32]  # no address stored in the counter table
    mine = hit(f"portal:client:{ip_key}", per_p)
    everyone = hit("portal:all", all_p)
    return mine > per_n or everyone > all_n


def challenge_new() -> dict:
    from altcha import create_challenge

    cost = int(getattr(settings, "PORTAL_CHALLENGE_COST", 5000))
    ch = create_challenge(CHALLENGE_ALGORITHM, cost, expires_at=timezone.now() + timedelta(minutes=CHALLENGE_MINUTES),
                          hmac_secret=_secret())
    return ch.to_dict()


def challenge_solved(payload: str | None) -> bool:
    """A solved, unexpired, untampered challenge, used once."""
    if not payload or len(payload) > 8000:
        return False
    from altcha import verify_solution

    try:
        result = verify_solution(payload, _secret())
    except Exception:  # noqa: BLE001 - any malformed payload is simply not a solution
        return False
    if not result.verified:
        return False
    used = hit("altcha:" + hashlib.sha256(payload.encode()).hexdigest()[:40], CHALLENGE_MINUTES * 60 * 2)
    return used == 1
