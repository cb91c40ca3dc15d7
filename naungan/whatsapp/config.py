"""The adapter is off unless the token, the app secret, the verify token and at least one
business number (phone number id → city) are configured."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class WhatsAppConfig:
    token: str
    app_secret: str
    verify_token: str
    numbers: dict[str, str]  # phone_number_id -> city code
    api_url: str

    @property
    def enabled(self) -> bool:
        return bool(self.token and self.app_secret and self.verify_token and self.numbers)


def config() -> WhatsAppConfig:
    s = getattr(settings, "WHATSAPP", {}) or {}
    numbers = {}
    for pair in (s.get("PHONE_NUMBERS") or "").split(","):
        if ":" in pair:
            pid, city = pair.split(":", 1)
            if pid.strip() and city.strip():
                numbers[pid.strip()] = city.strip()
    return WhatsAppConfig(token=s.get("TOKEN", ""), app_secret=s.get("APP_SECRET", ""), verify_token=s.get("VERIFY_TOKEN", ""),
                          numbers=numbers, api_url=(s.get("API_URL") or "https://graph.facebook.com/v21.0").rstrip("/"))
