"""Writes of the reporting portal. Messages are Indonesian module constants."""

# isort: skip_file
# Every name of the sub-modules, re-exported in the order each module defines it, so callers
# keep importing from the package as before the split.

# Callers catch the domain error of these writes through this package, as before the split.
from naungan.core.errors import DomainError  # noqa: F401

from .common import (  # noqa: F401
    UNKNOWN_CITY,
    BAD_KELURAHAN,
    KELURAHAN_UNKNOWN,
    REPORTER_IS_VICTIM,
    BAD_CHOICE,
    NEED_WHAT,
    TOO_LONG,
    BAD_TOKEN,
    ALREADY_RECEIVED,
    WRONG_CODE_OR_PIN,
    LOCKED,
    FILE_TOO_BIG,
    FILE_TYPE,
    EMPTY_MESSAGE,
    NOT_ALLOWED,
    ALREADY_RESOLVED,
    REASON_REQUIRED,
    CASE_CLOSED,
    MAX_DESCRIPTION,
    MAX_MESSAGE,
    MAX_FILE,
    PIN_FAILURE_LIMIT,
    PIN_LOCK_MINUTES,
    CLIENT_FAILURE_LIMIT,
    CLIENT_LOCK_MINUTES,
    FORM_TOKEN_MAX_AGE,
    FORM_TOKEN_SALT,
    PUBLIC_ORIGIN,
    CODE_ALPHABET,
    _notify_new,
)
from .handling import (  # noqa: F401
    _require_handler,
    report_message_reporter,
    _channel_for_case,
    report_mark_urgent,
    report_convert,
    _carry_attachment,
    report_attach,
    report_close,
)
from .portal import (  # noqa: F401
    new_tracking_code,
    normalize_code,
    form_token_issue,
    _form_nonce,
    _city,
    _sniff,
    _client_nonce,
    form_token_report,
    _replayed,
    forms_of,
    report_submit,
)
from .tracking import (  # noqa: F401
    _client_key,
    client_locked,
    _client_failed,
    report_check,
    report_add_info,
)
