"""Writes of the reporting portal. Messages are Indonesian module constants."""

# Callers catch the domain error of these writes through this package, as before the split.
from naungan.core.errors import DomainError  # noqa: F401

from .common import (  # noqa: F401
    ALREADY_RECEIVED,
    ALREADY_RESOLVED,
    BAD_CHOICE,
    BAD_KELURAHAN,
    BAD_TOKEN,
    CASE_CLOSED,
    CLIENT_FAILURE_LIMIT,
    CLIENT_LOCK_MINUTES,
    CODE_ALPHABET,
    EMPTY_MESSAGE,
    FILE_TOO_BIG,
    FILE_TYPE,
    FORM_TOKEN_MAX_AGE,
    FORM_TOKEN_SALT,
    KELURAHAN_UNKNOWN,
    LOCKED,
    MAX_DESCRIPTION,
    MAX_FILE,
    MAX_MESSAGE,
    NEED_WHAT,
    NOT_ALLOWED,
    PIN_FAILURE_LIMIT,
    PIN_LOCK_MINUTES,
    PUBLIC_ORIGIN,
    REASON_REQUIRED,
    REPORTER_IS_VICTIM,
    TOO_LONG,
    UNKNOWN_CITY,
    WRONG_CODE_OR_PIN,
    _notify_new,
)
from .handling import (  # noqa: F401
    _carry_attachment,
    _channel_for_case,
    _require_handler,
    report_attach,
    report_close,
    report_convert,
    report_mark_urgent,
    report_message_reporter,
)
from .portal import (  # noqa: F401
    _city,
    _client_nonce,
    _form_nonce,
    _replayed,
    _sniff,
    form_token_issue,
    form_token_report,
    forms_of,
    new_tracking_code,
    normalize_code,
    report_submit,
)
from .tracking import (  # noqa: F401
    _client_failed,
    _client_key,
    client_locked,
    report_add_info,
    report_check,
)
