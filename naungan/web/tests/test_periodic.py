"""The reminder command runs every app's registered periodic work (no app imports another's tasks)."""

from io import StringIO

import pytest
from django.core.management import call_command

from naungan.cases.services import send_overdue_reminders
from naungan.core.nav import periodic_jobs
from naungan.services.services import send_referral_reminders

pytestmark = pytest.mark.django_db


def test_the_reminder_command_runs_each_registered_periodic_job():
    jobs = periodic_jobs()
    assert send_overdue_reminders in jobs and send_referral_reminders in jobs
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "0 pengingat dikirim."
