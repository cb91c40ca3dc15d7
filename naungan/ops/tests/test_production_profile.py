"""The production profile (NAUNGAN_ENV=production) passes Django's deploy checks without a
single warning, and refuses to start with demo secrets or without PostgreSQL."""

from .conftest import production_env


def test_check_deploy_reports_no_warnings(manage):
    r = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert r.returncode == 0, r.stdout + r.stderr
    assert "System check identified no issues (0 silenced)." in r.stdout


def test_production_without_redis_or_backup_key_is_warned_about(manage):
    r = manage("check", "--deploy", env=production_env(NAUNGAN_CACHE_URL="", NAUNGAN_BACKUP_RECIPIENTS=""))
    assert "naungan.W001" in r.stderr and "naungan.W002" in r.stderr


def test_production_refuses_demo_keys_sqlite_and_debug(manage):
    env = production_env(SECRET_KEY="short", DATABASE_URL="sqlite:///x.sqlite3", DEBUG="1")
    del env["NAUNGAN_FIELD_KEYS"]
    r = manage("check", env=env)
    assert r.returncode != 0
    for problem in ("SECRET_KEY", "NAUNGAN_FIELD_KEYS is unset or holds the demo key", "DATABASE_URL is not a PostgreSQL", "DEBUG is on"):
        assert problem in r.stderr


def test_production_settings_put_https_behind_the_proxy(manage):
    code = ("from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
            " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.NAUNGAN_REQUIRE_2FA, s.CACHES['default']['BACKEND'], s.LOG_FORMAT)")
    r = manage("shell", "-c", code, env=production_env())
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1].split() == ["('HTTP_X_FORWARDED_PROTO',", "'https')", "True", "31536000", "True", "True", "True",
                                "django.core.cache.backends.redis.RedisCache", "json"]
