"""A decline reason is plain text that may name someone: anonymisation and erasure redact it."""

from naungan.cases.privacy import register_free_text

from .models import Transfer

register_free_text(Transfer, ("decline_reason",))
