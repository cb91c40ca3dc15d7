"""Shared fixtures: standing personas per role in two cities (the same builder as the demo), built
once per test session (naungan/accounts/tests/personas.py) and read fresh for each test."""

import os

import pytest

from naungan.accounts.tests.personas import HASHERS, personas


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with the personas of Pasuruan and Blitar committed in it."""
    personas.setup(django_db_blocker)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    # Before any fixture of the test: a transactional test that ran before emptied the database.
    personas.ensure()
    return (yield)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = HASHERS
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
    auditor, partner_police, partner_social, community, ppt_0, ppt_1, satgas_0, satgas_1.
    Password: "pw-test-123456"."""
    return personas.world("pasuruan")


@pytest.fixture
def blitar(db):
    """Kota Blitar 35.72: the 'other city' for out-of-scope tests."""
    return personas.world("blitar")


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


@pytest.fixture
def live_server_connections(monkeypatch):
    """For browser tests on PostgreSQL: connections opened during the test by the live server's
    request threads must not outlive the test (the test database could not be dropped). They are
    tracked as they are created and ended afterwards; no connection of the test thread is touched
    (inside Playwright's event loop the test thread has connections of its own: the fixture that
    opens the browser closes them with `close_test_thread_connections()` before leaving it)."""
    import threading

    from django.db import connections
    from django.db.backends.signals import connection_created

    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 0)
    main, pids = threading.get_ident(), set()

    def _created(sender, connection, **kwargs):
        if connection.vendor == "postgresql" and threading.get_ident() != main:
            pids.add(connection.connection.info.backend_pid)

    connection_created.connect(_created, weak=False)
    try:
        yield
    finally:
        connection_created.disconnect(_created)
        if pids:
            import psycopg

            s = connections["default"].settings_dict
            with psycopg.connect(dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"] or None,
                                 host=s["HOST"] or None, port=s["PORT"] or None, autocommit=True) as raw:
                raw.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY(%s)",
                            [list(pids)])


def close_test_thread_connections():
    """Called by a browser fixture inside `sync_playwright()`, where the test ran: closes the
    database connections the test body used there, so none is left open (or reused broken)."""
    from django.db import connections

    connections.close_all()
