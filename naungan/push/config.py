from django.conf import settings


def vapid() -> dict:
    s = getattr(settings, "WEBPUSH", {}) or {}
    return {"public": s.get("PUBLIC_KEY", ""), "private": s.get("PRIVATE_KEY", ""), "subject": s.get("SUBJECT", "")}


def enabled() -> bool:
    v = vapid()
    return bool(v["public"] and v["private"] and v["subject"])
