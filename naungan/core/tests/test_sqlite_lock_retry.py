"""naungan.core.sqlite: a statement refused for SQLite's write lock is tried again, not shown.
A real lock on a real file: another connection holds the write lock past the busy timeout and
lets go at the first retry (the backend's pause is the hook, so no timing is involved)."""

from __future__ import annotations

import sqlite3

import pytest

from naungan.core.sqlite import base as backend


def _wrapper(path, busy_ms: int = 5):
    return backend.DatabaseWrapper({
        "ENGINE": "naungan.core.sqlite", "NAME": str(path), "USER": "", "PASSWORD": "", "HOST": "", "PORT": "",
        "OPTIONS": {"init_command": f"PRAGMA busy_timeout={busy_ms}; PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"},
        "TIME_ZONE": None, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False, "TEST": {},
    }, alias="locktest")


@pytest.fixture
def locked_file(tmp_path):
    path = tmp_path / "lock.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")  # the write lock, as a backup or an export would hold it
    holder.execute("INSERT INTO t VALUES (0)")
    yield path, holder
    holder.close()


@pytest.mark.parametrize("statement", ["INSERT INTO t VALUES (1)", "BEGIN IMMEDIATE"])
def test_a_statement_refused_for_the_write_lock_is_tried_again(locked_file, monkeypatch, statement):
    path, holder = locked_file
    pauses = []

    def pause(seconds):
        pauses.append(seconds)
        if holder.in_transaction:
            holder.execute("COMMIT")  # the other writer finishes while we wait

    monkeypatch.setattr(backend.time, "sleep", pause)
    conn = _wrapper(path)
    with conn.cursor() as cur:
        cur.execute(statement)
        if statement.startswith("BEGIN"):
            cur.execute("INSERT INTO t VALUES (1)")
            cur.execute("COMMIT")
    conn.close()
    assert pauses, "the statement met the lock"
    assert sorted(r[0] for r in sqlite3.connect(path).execute("SELECT x FROM t")) == [0, 1]


def test_the_lock_error_comes_through_after_the_wait(locked_file, monkeypatch):
    path, holder = locked_file
    monkeypatch.setenv("NAUNGAN_SQLITE_LOCK_WAIT", "0.05")
    conn = _wrapper(path)
    from django.db import OperationalError

    with pytest.raises(OperationalError, match="locked"), conn.cursor() as cur:
        cur.execute("INSERT INTO t VALUES (1)")
    conn.close()


def test_other_errors_are_not_retried(tmp_path, monkeypatch):
    monkeypatch.setattr(backend.time, "sleep", lambda s: pytest.fail("retried an error that is not a lock"))
    conn = _wrapper(tmp_path / "plain.sqlite3")
    from django.db import OperationalError

    with pytest.raises(OperationalError, match="no such table"), conn.cursor() as cur:
        cur.execute("INSERT INTO missing VALUES (1)")
    conn.close()
