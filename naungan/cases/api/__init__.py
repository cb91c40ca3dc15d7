"""JSON API of cases: the same services and selectors as the pages, so the same scope (404),
validation and audit. Searches by NIK, phone or name are POSTed, never put in a URL."""

from .actions import (  # noqa: F401
    AssignIn,
    ClosureIn,
    ReopenIn,
    TransitionIn,
    TriageIn,
    _action,
    _do_approve_closure,
    _do_assign,
    _do_first_response,
    _do_reopen,
    _do_request_closure,
    _do_transition,
    _do_triage,
    _user_by_id,
)
from .cases import (  # noqa: F401
    CaseDetailOut,
    CaseDetailView,
    CaseIn,
    CaseListView,
    CaseSearchView,
    CaseSummaryOut,
    CaseUpdateIn,
    SearchIn,
    _filters_from,
    _paged,
)
from .common import (  # noqa: F401
    SEALED,
    _conflict,
    _update_data,
)
from .duplicates import (  # noqa: F401
    DuplicateOut,
    DuplicatesIn,
    DuplicatesView,
)
from .persons import (  # noqa: F401
    PersonDetailView,
    PersonIn,
    PersonListView,
    PersonOut,
    PersonUpdateIn,
    person_out,
)
from .records import (  # noqa: F401
    AttachmentDownloadView,
    AttachmentIn,
    AttachmentListView,
    AttachmentOut,
    EventOut,
    NoteIn,
    NoteListView,
)
from .urls import (  # noqa: F401
    urlpatterns,
)
