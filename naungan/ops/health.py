"""/healthz: database, cache, protected-file storage, worker heartbeat, task backlog.

The checks are django-health-check's (database, cache, storage) plus two of ours for the
background worker. Anonymous callers (load balancer, uptime monitor) learn only ok/failing per
check; the messages, which can name hosts or errors, go to monitors holding NAUNGAN_HEALTH_TOKEN
and to the national operator. Never a version, never an identity."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import hmac

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView

from naungan.cases.models import protected_storage


def _uses_db_worker() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")


@dataclasses.dataclass
class ProtectedFiles(Storage):
    """Write, read and delete a probe file where evidence is kept (var/protected/)."""

    @property
    def storage(self):
        return protected_storage()

    def get_file_name(self):
        return f"health_check/{super().get_file_name().rsplit('/', 1)[-1]}"


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """A background task finished within the last HEALTH_WORKER_MINUTES minutes: the worker runs
    and the reminder schedule feeds it (it enqueues a task every 15 minutes)."""

    def run(self):
        if not _uses_db_worker():
            return
        from django_tasks_db.models import DBTaskResult

        since = timezone.now() - datetime.timedelta(minutes=settings.HEALTH_WORKER_MINUTES)
        if not DBTaskResult.objects.filter(finished_at__gte=since).exists():
            raise ServiceUnavailable(f"no background task finished in the last {settings.HEALTH_WORKER_MINUTES} minutes")


@dataclasses.dataclass
class TaskBacklog(HealthCheck):
    """No queued task (reminders, exports) has waited longer than HEALTH_BACKLOG_MINUTES."""

    def run(self):
        if not _uses_db_worker():
            return
        from django_tasks_db.models import DBTaskResult

        limit = timezone.now() - datetime.timedelta(minutes=settings.HEALTH_BACKLOG_MINUTES)
        waiting = DBTaskResult.objects.ready().filter(enqueued_at__lt=limit).count()
        if waiting:
            raise ServiceWarning(f"{waiting} queued tasks waited more than {settings.HEALTH_BACKLOG_MINUTES} minutes")


CHECKS = {
    "database": Database,
    "cache": Cache,
    "protected_files": ProtectedFiles,
    "worker": WorkerHeartbeat,
    "task_backlog": TaskBacklog,
}


class HealthzView(HealthCheckView):
    checks = tuple(CHECKS.values())

    async def get(self, request, *args, **kwargs):
        # Always JSON; the library's other formats (HTML, feeds, metrics with labels) are not offered.
        with self.get_executor() as executor:
            self.results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        token = settings.HEALTH_TOKEN
        given = request.headers.get("Authorization", "")
        detailed = bool(token) and given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip(), token)
        if not detailed:
            user = await request.auser() if hasattr(request, "auser") else None
            detailed = bool(user is not None and user.is_authenticated and user.is_superuser)
        return self.render_json(503 if any(r.error for r in self.results) else 200, detailed=detailed)

    def render_json(self, status, *, detailed: bool):
        names = {cls: name for name, cls in CHECKS.items()}
        checks = {}
        for result in self.results:
            name = names.get(type(result.check), type(result.check).__name__)
            if result.error is None:
                checks[name] = "ok"
            else:
                checks[name] = str(result.error) if detailed else "failing"
        body = {"status": "ok" if status == 200 else "failing", "checks": checks}
        return JsonResponse(body, status=status)
