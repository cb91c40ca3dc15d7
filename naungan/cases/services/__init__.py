"""Writes of cases. Each is keyword-only, atomic, validates first and writes its audit event in
the same transaction. Messages shown to users are the constants in `common`.
The package is split by sub-domain; every name stays importable from `naungan.cases.services`."""

# isort: skip_file
# Every name of the sub-modules, re-exported in the order each module defines it, so callers
# keep importing from the package as before the split.

from .care_plan import (  # noqa: F401
    assessment_save,
    plan_goal_add,
    plan_task_add,
    plan_task_add_with_goal,
    plan_task_update,
)
from .common import (  # noqa: F401
    NOT_ALLOWED,
    CANNOT_REGISTER,
    UNKNOWN_VALUE,
    KELURAHAN_OUTSIDE,
    NEED_VICTIM,
    NIK_INVALID,
    NIK_REGION_UNKNOWN,
    NIK_SEX_MISMATCH,
    NIK_BIRTH_MISMATCH,
    CONFLICT,
    ILLEGAL_TRANSITION,
    CLOSE_VIA_APPROVAL,
    CLOSURE_REASON_REQUIRED,
    CLOSURE_NOT_REQUESTED,
    ONLY_SUPERVISOR_APPROVES,
    TPKS_NO_SETTLEMENT,
    ALREADY_CLOSED,
    NOT_CLOSED,
    REOPEN_REASON_REQUIRED,
    TRIAGE_FIRST,
    BAD_ASSIGNEE,
    BAD_SATGAS,
    FILE_TOO_BIG,
    FILE_TYPE,
    EMPTY_NOTE,
    _check,
    _require_visible,
    WRITE_GUARDS,
    write_guard,
    write_refusal,
    require_case_write,
    _require_manage,
    age_on,
    age_band_of,
    _id_label,
    FIELD_LABELS,
    TASK_STATUS_LABELS,
    _event,
    notify,
    _bump,
)
from .intake import (  # noqa: F401
    _registering_membership,
    _next_number,
    case_register,
    CASE_EDITABLE,
    case_update,
)
from .persons import (  # noqa: F401
    PERSON_FIELDS,
    SEALED_PERSON_FIELDS,
    _apply_person,
    person_token_rows,
    _index_person,
    _refresh_child_flag,
    _person_summary,
    person_add,
    person_update,
)
from .records import (  # noqa: F401
    case_note_add,
    sniff_type,
    attachment_add,
    attachment_open,
)
from .reminders import (  # noqa: F401
    notifications_mark_read,
    send_overdue_reminders,
)
from .triage import (  # noqa: F401
    case_triage,
    case_record_response,
    case_assign,
)
from .workflow import (  # noqa: F401
    TRANSITIONS,
    SETTLED_OUT_OF_COURT,
    case_transition,
    tpks_settlement_refused,
    closure_refusal,
    case_request_closure,
    case_approve_closure,
    case_reject_closure,
    case_reopen,
)
