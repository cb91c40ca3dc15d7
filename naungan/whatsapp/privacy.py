"""The conversation's blind index of the reporter's number, re-computed when the index key rotates."""

from naungan.core.crypto import register_blind_index

from .models import Conversation
from .services import _e164, phone_index


def conversation_reindex_batch(rows: list[Conversation]) -> None:
    for c in rows:
        c.phone_bidx = phone_index(_e164(c.phone))
    Conversation.objects.bulk_update(rows, ["phone_bidx"])


register_blind_index(Conversation, conversation_reindex_batch)
