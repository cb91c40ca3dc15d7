"""The WhatsApp channel: webhook deliveries in, a short guided dialogue in Bahasa Indonesia, the
report filed through the portal's own service (`reporting.services.report_submit`), replies and
staff messages out through the worker with retries.

The dialogue asks who the reporter is, where (kelurahan by name, matched loosely over the city's
kelurahan), what happened and whether someone is in danger now, then answers with the tracking
code and PIN. "BAHAYA" (or "DARURAT") at any point answers at once with the emergency numbers and
marks the report urgent; once the kelurahan is known an urgent report is filed without waiting for
the rest. The reporter's number is sealed and found only through its blind index; nothing here
logs a number or a message text."""

from .common import (  # noqa: F401
    ASK_DANGER,
    ASK_WHAT,
    ASK_WHERE,
    ASK_WHERE_URGENT,
    ASK_WHO,
    DANGER_AGAIN,
    EMERGENCY,
    EMERGENCY_UPTD,
    EMERGENCY_WORDS,
    FILED,
    FILED_URGENT,
    GREETING,
    INFO_ADDED,
    LOCATION_NOTED,
    MEDIA_REFUSED,
    NO,
    NO_STORY,
    RESTART_AFTER_HOURS,
    SORRY,
    STAFF_MESSAGE,
    STATUS_IS,
    STATUS_TEXT,
    WHERE_OK,
    WHERE_PICK,
    WHERE_UNKNOWN,
    WHO_AGAIN,
    YES,
)
from .conversations import (  # noqa: F401
    _answers,
    _conversation,
    _e164,
    _fold,
    _save,
    _text_of,
    match_kelurahan,
    phone_index,
    phone_indexes,
)
from .dialogue import (  # noqa: F401
    Dialogue,
    inbound_handle,
)
from .outbound import (  # noqa: F401
    _max_attempts,
    outbound_deliver,
    outbound_queue,
    staff_message_forward,
    status_update,
)
from .webhook import (  # noqa: F401
    handshake_valid,
    signature_valid,
    webhook_deliver,
)
