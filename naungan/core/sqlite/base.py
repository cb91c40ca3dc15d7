"""Django's SQLite backend, with writers that wait for the lock instead of failing.

SQLite has one writer at a time. The settings already make writers queue (transactions start
with BEGIN IMMEDIATE; `busy_timeout` lets SQLite wait for the lock), but a statement that waited
longer than the busy timeout — behind a backup, an import, an export, or a burst of writers on
a busy day — failed with "database is locked", and the person saw a server error. Here such a
statement is tried again, with a short growing pause, for up to NAUNGAN_SQLITE_LOCK_WAIT seconds
(default 30) before the error is let through.

Retrying is safe because a statement refused for the lock has done nothing: SQLite undoes the
statement, not the transaction (BEGIN IMMEDIATE itself, a statement outside a transaction, a
statement inside one, COMMIT, and the PRAGMAs run on connecting are each retried whole). `executemany` is not retried (part of
it may have run). The crash and concurrency drills (naungan/ops/tests/test_drills.py) run the real
server with a 20 ms busy timeout to prove it."""

from __future__ import annotations

import logging
import os
import sqlite3
import time

from django.db.backends.sqlite3 import base
from django.db.backends.utils import debug_transaction

logger = logging.getLogger("naungan.db")

LOCK_MESSAGES = ("database is locked", "database table is locked", "database schema is locked")


def lock_wait_seconds() -> float:
    return float(os.environ.get("NAUNGAN_SQLITE_LOCK_WAIT", "30"))


def is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and any(m in str(exc) for m in LOCK_MESSAGES)


def retry_locked(fn, *args):
    """fn(*args), tried again while SQLite answers that the database is locked."""
    try:
        return fn(*args)
    except sqlite3.OperationalError as exc:
        if not is_lock_error(exc):
            raise
    started = time.monotonic()
    deadline = started + lock_wait_seconds()
    pause, tries = 0.002, 1
    while True:
        time.sleep(pause)
        tries += 1
        try:
            result = fn(*args)
        except sqlite3.OperationalError as exc:
            if not is_lock_error(exc) or time.monotonic() + pause > deadline:
                logger.warning("SQLite write lock still busy after %d tries (%.1f s): giving up", tries, time.monotonic() - started)
                raise
            pause = min(pause * 2, 0.1)
            continue
        if time.monotonic() - started > 1:
            logger.info("SQLite write lock was busy: waited %.1f s (%d tries)", time.monotonic() - started, tries)
        return result


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def execute(self, query, params=None):
        return retry_locked(super().execute, query, params)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        # the PRAGMAs of init_command too (switching a file to WAL needs the lock)
        commands, self.init_commands = self.init_commands, []
        try:
            conn = super().get_new_connection(conn_params)
        finally:
            self.init_commands = commands
        for command in commands:
            if command := command.strip():
                retry_locked(conn.execute, command)
        return conn

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)

    def _commit(self):
        if self.connection is not None:
            with debug_transaction(self, "COMMIT"), self.wrap_database_errors:
                return retry_locked(self.connection.commit)
