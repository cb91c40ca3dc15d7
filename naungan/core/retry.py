"""Retries of outbound deliveries (WhatsApp, Web Push) by the worker: exponential back-off,
scheduled with `run_after` where the task backend can defer (the database backend can)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

MAX_ATTEMPTS = 5
BASE_DELAY_SECONDS = 30


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min … after the 1st, 2nd, 3rd … failed attempt."""
    return timedelta(seconds=BASE_DELAY_SECONDS * 2 ** max(0, attempts - 1))


def schedule_retry(task, *args, attempts: int) -> datetime | None:
    """Enqueue `task(*args)` again after the back-off; None when the attempts are used up. With a
    backend that cannot defer (tests' immediate backend) nothing is enqueued: the caller's row
    keeps `next_attempt_at` and the test (or an operator) runs the task again."""
    if attempts >= MAX_ATTEMPTS:
        return None
    from django_tasks import default_task_backend

    when = timezone.now() + backoff(attempts)
    if default_task_backend.supports_defer:
        task.using(run_after=when).enqueue(*args)
    return when
