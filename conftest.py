"""Shared fixtures: standing personas per role in two cities (the same builder as the demo)."""

import os

import pytest

from naungan.accounts.demo import build_city


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PROTECTED_MEDIA_ROOT = tmp_path / "protected"
    settings.MEDIA_ROOT = settings.PROTECTED_MEDIA_ROOT
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clear_cache(db):
    from django.core.cache import cache

    from naungan.catalogues.selectors import clear_cache

    clear_cache()
    try:
        cache.clear()
    except Exception:  # noqa: S110 - cache table may not exist in a test without db
        pass
    yield


@pytest.fixture
def pasuruan(db):
    """Kota Pasuruan 35.75 with every role; users: admin, supervisor, case_manager, analyst,
    auditor, partner_police, partner_social, community, ppt_0, ppt_1, satgas_0, satgas_1."""
    return build_city("35.75", password="pw-test-123456")


@pytest.fixture
def blitar(db):
    """Kota Blitar 35.72: the 'other city' for out-of-scope tests."""
    return build_city("35.72", password="pw-test-123456")


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def chromium_path():
    return os.environ.get("NAUNGAN_CHROMIUM") or next(
        (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None
    )
