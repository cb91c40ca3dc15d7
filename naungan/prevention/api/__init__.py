"""JSON API of prevention work (outreach events, Forum Anak, PATBM / community groups, vulnerable
families and their visits, Perkasa), so outreach data can be entered from a phone or another
system. The same services and selectors as the pages: the same scope (404 outside it), validation
and audit. Lists are read by cursor (no COUNT over the whole scope); edits carry the `version` the
editor saw and answer 409 with both values when someone saved first. Family heads' and Perkasa
members' identities are shown only to those who may see them (`identity_visible`), and opening
them is audited."""

from .common import (  # noqa: F401
    BAD_CURSOR,
    BAD_DATE,
    LIMIT_PARAMS,
    MASK,
    MAX_PAGE,
    NO_CITY,
    PAGE,
    _city_for_create,
    _conflict,
    _date_param,
    _get,
    _limit,
    _page_by_id,
    _PageOut,
    _patch,
)
from .events import (  # noqa: F401
    EventDetailView,
    EventListView,
    PreventionEventIn,
    PreventionEventOut,
    PreventionEventPageOut,
    PreventionEventUpdateIn,
    _event_qs,
)
from .families import (  # noqa: F401
    FamilyDetailView,
    FamilyListView,
    FamilyVisitView,
    PreventionFamilyDetailOut,
    PreventionFamilyIn,
    PreventionFamilyOut,
    PreventionFamilyPageOut,
    PreventionFamilyUpdateIn,
    PreventionVisitIn,
    PreventionVisitOut,
    _family_detail,
    _family_out,
    _family_qs,
)
from .forums import (  # noqa: F401
    ForumActivityView,
    ForumDetailView,
    ForumListView,
    ForumMemberView,
    PreventionActivityIn,
    PreventionActivityOut,
    PreventionForumDetailOut,
    PreventionForumIn,
    PreventionForumMemberIn,
    PreventionForumMemberOut,
    PreventionForumOut,
    PreventionForumPageOut,
    PreventionForumUpdateIn,
    _forum_detail,
)
from .groups import (  # noqa: F401
    GroupActivityView,
    GroupDetailView,
    GroupListView,
    PreventionGroupDetailOut,
    PreventionGroupIn,
    PreventionGroupOut,
    PreventionGroupPageOut,
    PreventionGroupUpdateIn,
    _group_detail,
)
from .perkasa import (  # noqa: F401
    PerkasaDetailView,
    PerkasaListView,
    PerkasaProgrammeView,
    PreventionPerkasaIn,
    PreventionPerkasaOut,
    PreventionPerkasaPageOut,
    PreventionPerkasaUpdateIn,
    PreventionProgrammeIn,
    PreventionProgrammeOut,
    _perkasa_detail,
    _perkasa_out,
    _perkasa_qs,
)
from .urls import (  # noqa: F401
    urlpatterns,
)
