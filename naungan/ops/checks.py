"""Deploy checks of our own (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

W001 = Warning(
    "Production uses the database cache: rate limits and login lockout need atomic counters.",
    hint="Set NAUNGAN_CACHE_URL=redis://127.0.0.1:6379/0 (README: Deploy).",
    id="naungan.W001",
)
W002 = Warning(
    "No backup recipient configured: `manage.py backup` cannot encrypt archives.",
    hint="Create a key pair with `manage.py backup_keygen` and set NAUNGAN_BACKUP_RECIPIENTS (README: Backup).",
    id="naungan.W002",
)


@register(Tags.security, deploy=True)
def production_services(app_configs, **kwargs):
    if not settings.PRODUCTION:
        return []
    problems = []
    if "RedisCache" not in settings.CACHES["default"]["BACKEND"]:
        problems.append(W001)
    if not settings.BACKUP_RECIPIENTS:
        problems.append(W002)
    return problems
