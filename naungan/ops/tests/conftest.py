import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]


def production_env(**extra) -> dict:
    """The environment of a production server (keys made up for the test)."""
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests in the same worker: never in production.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NAUNGAN_", "DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"))}
    env.update({
        "NAUNGAN_ENV": "production",
        "SECRET_KEY": "x7Hq-" + "k2v9R-m4pT-b8nW-c3jL-" * 3,
        "NAUNGAN_FIELD_KEYS": Fernet.generate_key().decode(),
        "NAUNGAN_BLIND_INDEX_KEY": "prod-blind-index-key-for-tests-0123456789",
        "NAUNGAN_PIN_KEYS": "prod-pin-key-for-tests-0123456789-0123456789",
        "DATABASE_URL": "postgres://naungan@127.0.0.1:5432/naungan",
        "NAUNGAN_CACHE_URL": "redis://127.0.0.1:6379/0",
        "NAUNGAN_BACKUP_RECIPIENTS": "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
        "ALLOWED_HOSTS": "naungan.pasuruankota.go.id",
        "CSRF_TRUSTED_ORIGINS": "https://naungan.pasuruankota.go.id",
    })
    env.update(extra)
    return env


@pytest.fixture
def manage():
    def _run(*args, env=None, input=None):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=input,
                              capture_output=True, text=True, timeout=120)
    return _run
