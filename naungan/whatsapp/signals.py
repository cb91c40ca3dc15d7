"""Staff messages to a reporter who came by WhatsApp are sent back over WhatsApp (the reporting
app does not know this channel exists)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from naungan.reporting.models import MessageDirection, ReportMessage

from .config import config
from .services import staff_message_forward


@receiver(post_save, sender=ReportMessage, dispatch_uid="whatsapp_forward_staff_message")
def forward_staff_message(sender, instance: ReportMessage, created: bool, **kwargs):
    if not created or instance.direction != MessageDirection.TO_REPORTER:
        return
    if config().enabled:
        staff_message_forward(instance)
