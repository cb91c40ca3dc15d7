"""Signals other apps listen to, so cases need not import them (Web Push listens to `notified`)."""

from django.dispatch import Signal

# Sent by `services.notify` for a notice that may reach a phone: kwargs user, kind, ref, url.
notified = Signal()
