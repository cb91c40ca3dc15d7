"""Who may use each route (see test_access_matrix.py). A new route fails the matrix test until
it has an entry here: `may` is the set of personas whose GET is answered (not a 404); everyone
else must get a 404. `args` fills the route's parameters with a record of world.py."""

from __future__ import annotations

from dataclasses import dataclass, field

KEYS = ["admin", "supervisor", "case_manager", "analyst", "auditor", "partner_police", "partner_social", "community",
        "ppt_0", "ppt_1", "satgas_0", "satgas_1"]
PERSONAS = [f"p:{k}" for k in KEYS] + [f"b:{k}" for k in KEYS] + ["anon"]
SIGNED_IN = frozenset(p for p in PERSONAS if p != "anon")
PUBLIC = frozenset(PERSONAS)


def p(*keys) -> frozenset:
    """Users of Kota Pasuruan (the records' city) with these keys."""
    return frozenset(f"p:{k}" for k in keys)


def both(*keys) -> frozenset:
    """Users with these keys in either city (pages of one's own city, no record in the address)."""
    return frozenset(f"p:{k}" for k in keys) | frozenset(f"b:{k}" for k in keys)


@dataclass(frozen=True)
class Entry:
    may: frozenset
    args: dict = field(default_factory=dict)
    note: str = ""
    query: str = ""  # a query string the route needs (e.g. an htmx fragment's parameters)

    @property
    def record(self) -> bool:
        """Does the address name a record (then every method out of scope must be a 404)?"""
        from naungan.web.tests.world import RECORD_TYPES

        return any(v in RECORD_TYPES or v in EXTRA_RECORD_TYPES for v in self.args.values())


# Records of the apps merged after world.py: built here (on the same Pasuruan case) by extra_records().
EXTRA_RECORD_TYPES = {"alert", "rule", "household", "appointment", "transfer", "letter_token"}


def extra_records(world, rec: dict) -> dict:
    """An early warning and its rule, a family (families app) of the case, a survivor appointment,
    a transfer offer of the case to Kota Malang (nothing shared) and the referral letter's token."""
    from datetime import timedelta

    from django.utils import timezone

    from naungan.alerts.models import Alert
    from naungan.alerts.services import rules_for
    from naungan.cases.models import Case
    from naungan.families.services import family_create
    from naungan.services.models import Referral
    from naungan.services.services import referral_number_letter
    from naungan.survivor.services import appointment_add
    from naungan.transfers.services import transfer_send

    sup = world.users["supervisor"]
    case = Case.objects.get(pk=rec["case"])
    rule = next(iter(rules_for(world.city.code).values()))
    alert = Alert.objects.create(city_id=case.city_id, rule=rule, key=rule.key, case=case, size=1, window_days=rule.window_days,
                                 threshold=rule.threshold)
    alert.cases.set([case])
    household = family_create(actor=sup, case=case, kind="saudara_kandung", label="Keluarga uji")
    appt = appointment_add(actor=sup, case=case, kind="visum", at=timezone.now() + timedelta(days=3), place="RSUD")
    transfer = transfer_send(actor=sup, case=case, to_code="35.73", reason="Keluarga pindah.", shared_fields=[],
                             consent_relation="ibu", consent_method="lisan")
    referral = referral_number_letter(referral=Referral.objects.get(pk=rec["referral"]))
    return {"alert": alert.pk, "rule": rule.pk, "household": household.pk, "appointment": appt.pk, "transfer": transfer.pk,
            "letter_token": referral.verify_token}


ANON = frozenset({"anon"})
NOBODY = frozenset()  # nobody with these test records: see the note
CASE = {"pk": "case"}
CASE_TEAM = p("supervisor", "case_manager", "ppt_0")  # who may open the test case
# A transfer is seen by the case's team and by the receiving unit (supervisors, case managers of the target city).
# The test transfer goes to Kota Malang, a city without personas: offered to Kota Blitar, its users would rightly see
# the case number (35.75-2026-…), which the other-city marker check cannot tell from a leak.
TRANSFER_SIDES = CASE_TEAM

ENTRIES: dict[str, Entry] = {
    "core:home": Entry(SIGNED_IN),
    "accounts:login": Entry(PUBLIC), "accounts:logout": Entry(SIGNED_IN), "accounts:profile": Entry(SIGNED_IN),
    "accounts:otp_setup": Entry(SIGNED_IN), "accounts:otp_verify": Entry(SIGNED_IN), "accounts:user_list": Entry(SIGNED_IN),
    "accounts:user_create": Entry(both("admin")), "accounts:user_detail": Entry(p("admin"), {"pk": "user"}),
    "accounts:organisation_create": Entry(both("admin")), "accounts:city_config": Entry(both("admin")), "accounts:organisation_list": Entry(SIGNED_IN),
    "accounts:organisation_detail": Entry(p("admin", "supervisor", "case_manager", "analyst", "auditor", "partner_police", "partner_social", "ppt_0", "ppt_1", "satgas_0", "satgas_1"), {"pk": "organisation"}),
    "audit:event_list": Entry(both("supervisor", "auditor")),
    "cases:list": Entry(both("supervisor", "case_manager", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "cases:create": Entry(both("supervisor", "case_manager", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "cases:notifications": Entry(SIGNED_IN),
    "cases:detail": Entry(p("supervisor", "case_manager", "ppt_0"), CASE), "cases:edit": Entry(p("supervisor", "case_manager", "ppt_0"), CASE),
    "cases:attachment": Entry(p("supervisor", "case_manager", "ppt_0"), {"pk": "case", "attachment_id": "attachment"}),
    "cases:action": Entry(p("supervisor", "case_manager", "ppt_0"), {"pk": "case", "action": "catatan"}),
    "services:case": Entry(p("supervisor", "case_manager", "ppt_0"), {"case_id": "case"}), "services:case_action": Entry(p("supervisor", "case_manager", "ppt_0"), {"case_id": "case", "action": "layanan"}),
    "services:inbox": Entry(both("partner_police", "partner_social")), "services:referral": Entry(p("supervisor", "case_manager", "partner_police", "ppt_0"), {"pk": "referral"}),
    "services:referral_pdf": Entry(p("supervisor", "case_manager", "partner_police", "ppt_0"), {"pk": "referral"}),
    "services:referral_action": Entry(p("supervisor", "case_manager", "partner_police", "ppt_0"), {"pk": "referral", "action": "umpan-balik"}),
    "services:directory": Entry(SIGNED_IN), "services:agency": Entry(p("admin", "supervisor", "partner_police"), {"org_id": "agency"}),
    "services:shelters": Entry(both("supervisor", "case_manager")), "services:coordination": Entry(both("admin", "supervisor")),
    "reporting:index": Entry(PUBLIC), "reporting:thanks": Entry(PUBLIC), "reporting:status": Entry(PUBLIC),
    "reporting:community": Entry(both("community")), "reporting:queue": Entry(both("supervisor", "case_manager", "ppt_0", "ppt_1")),
    "reporting:detail": Entry(p("supervisor", "case_manager", "ppt_0"), {"pk": "report"}), "reporting:attachment": Entry(p("supervisor", "case_manager"), {"pk": "report"}),
    "reporting:action": Entry(p("supervisor", "case_manager", "ppt_0"), {"pk": "report", "action": "tutup"}),
    "reporting:challenge": Entry(PUBLIC),
    "reporting:form": Entry(PUBLIC, {"city_code": "35.75"}), "reporting:form_child": Entry(PUBLIC, {"city_code": "35.75"}),
    "stats:dashboard": Entry(both("supervisor", "case_manager", "analyst", "ppt_0", "ppt_1")), "stats:monitoring": Entry(both("supervisor", "analyst", "ppt_0", "ppt_1")), "stats:export": Entry(both("supervisor", "case_manager", "analyst", "ppt_0", "ppt_1")), "stats:export_stream": Entry(both("supervisor", "case_manager")),
    "stats:export_job": Entry(p("case_manager"), {"pk": "export"}), "stats:export_download": Entry(p("case_manager"), {"pk": "export"}),
    "stats:kpi": Entry(both("supervisor", "analyst")),
    "stats:area": Entry(NOBODY, note="province and national analysts only (no such persona in a city): everyone here gets a 404"),
    "stats:public": Entry(PUBLIC, {"city_code": "35.75"}),
    "kla:list": Entry(both("admin", "supervisor", "analyst", "auditor")), "kla:evaluation": Entry(p("admin", "supervisor", "analyst", "auditor"), {"pk": "evaluation"}), "kla:pdf": Entry(p("admin", "supervisor", "analyst", "auditor"), {"pk": "evaluation"}),
    "kla:move": Entry(NOBODY, {"pk": "evaluation"}, note="needs a target set in the POST; its own tests cover who may"), "kla:comparison": Entry(both("admin", "supervisor", "analyst", "auditor")), "kla:indicators": Entry(both("admin", "supervisor", "analyst", "auditor")),
    "kla:indicator_export": Entry(both("admin", "supervisor", "analyst", "auditor"), {"pk": "indicator_set"}), "kla:dekela": Entry(both("admin", "supervisor", "analyst", "auditor")),
    "prevention:overview": Entry(both("admin", "supervisor", "analyst", "auditor", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "prevention:events": Entry(both("admin", "supervisor", "analyst", "auditor", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "prevention:forums": Entry(both("admin", "supervisor", "analyst", "auditor", "ppt_0", "ppt_1", "satgas_0", "satgas_1")),
    "prevention:groups": Entry(both("admin", "supervisor", "analyst", "auditor", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "prevention:families": Entry(both("admin", "supervisor", "analyst", "auditor", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "prevention:family": Entry(p("admin", "supervisor", "analyst", "auditor", "ppt_0", "satgas_0"), {"pk": "family"}),
    "prevention:perkasa": Entry(both("admin", "supervisor", "analyst", "auditor", "ppt_0", "ppt_1", "satgas_0", "satgas_1")),
    "privacy:requests": Entry(both("supervisor")), "privacy:request_new": Entry(both("supervisor")), "privacy:request_detail": Entry(p("supervisor"), {"pk": "dsr"}),
    "privacy:request_copy": Entry(NOBODY, {"pk": "dsr"}, note="a copy exists only once the request is approved"), "privacy:retention": Entry(both("admin", "supervisor")),
    # public by design; what they answer is checked by their own tests
    "healthz": Entry(PUBLIC), "whatsapp:webhook": Entry(NOBODY, note="only Meta's servers, signed with the app secret (unset in tests)"),
    "field:key": Entry(SIGNED_IN), "field:shell_intake": Entry(both("supervisor", "case_manager", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "field:shell_outreach": Entry(both("admin", "supervisor", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "field:offline": Entry(PUBLIC),
    "field:resolve_list": Entry(SIGNED_IN), "field:resolve": Entry(p("ppt_0"), {"pk": "submission"}), "field:push": Entry(SIGNED_IN),
    "service-worker": Entry(PUBLIC), "manifest": Entry(PUBLIC), "set_language": Entry(PUBLIC),
    "api-token": Entry(PUBLIC), "api-me": Entry(SIGNED_IN), "api-organisations": Entry(SIGNED_IN), "api-organisation": Entry(p("admin", "supervisor", "case_manager", "analyst", "auditor", "partner_police", "partner_social", "ppt_0", "ppt_1", "satgas_0", "satgas_1"), {"pk": "organisation"}),
    "api-users": Entry(SIGNED_IN), "api-user-deactivate": Entry(p("admin"), {"pk": "user"}), "api-membership-revoke": Entry(p("admin"), {"pk": "membership"}),
    "api-audit-events": Entry(both("supervisor", "auditor")),
    "api-cases": Entry(SIGNED_IN), "api-case-search": Entry(SIGNED_IN), "api-case-duplicates": Entry(SIGNED_IN), "api-case": Entry(p("supervisor", "case_manager", "ppt_0"), CASE),
    "api-case-persons": Entry(p("supervisor", "case_manager", "ppt_0"), CASE), "api-case-person": Entry(p("supervisor", "case_manager", "ppt_0"), {"pk": "case", "person_id": "person"}),
    "api-case-notes": Entry(p("supervisor", "case_manager", "ppt_0"), CASE), "api-case-attachments": Entry(p("supervisor", "case_manager", "ppt_0"), CASE),
    "api-case-attachment": Entry(p("supervisor", "case_manager", "ppt_0"), {"pk": "case", "attachment_id": "attachment"}),
    "api-case-transition": Entry(p("supervisor", "case_manager", "ppt_0"), CASE), "api-case-triage": Entry(p("supervisor", "case_manager", "ppt_0"), CASE), "api-case-assign": Entry(p("supervisor", "case_manager", "ppt_0"), CASE),
    "api-case-closure-request": Entry(p("supervisor", "case_manager", "ppt_0"), CASE), "api-case-closure-approve": Entry(p("supervisor", "case_manager", "ppt_0"), CASE), "api-case-reopen": Entry(p("supervisor", "case_manager", "ppt_0"), CASE),
    "api-case-first-response": Entry(p("supervisor", "case_manager", "ppt_0"), CASE), "api-case-services": Entry(p("supervisor", "case_manager", "ppt_0"), CASE), "api-case-consents": Entry(p("supervisor", "case_manager", "ppt_0"), CASE),
    "api-case-referrals": Entry(p("supervisor", "case_manager", "ppt_0"), CASE), "api-case-rights": Entry(p("supervisor", "case_manager", "ppt_0"), CASE), "api-case-legal": Entry(p("supervisor", "case_manager", "ppt_0"), CASE),
    "api-referrals": Entry(SIGNED_IN), "api-referral": Entry(p("supervisor", "case_manager", "partner_police", "ppt_0"), {"pk": "referral"}), "api-referral-respond": Entry(p("supervisor", "case_manager", "partner_police", "ppt_0"), {"pk": "referral"}),
    "api-referral-feedback": Entry(p("supervisor", "case_manager", "partner_police", "ppt_0"), {"pk": "referral"}), "api-right": Entry(p("supervisor", "case_manager", "ppt_0"), {"pk": "right"}),
    "api-public-report": Entry(PUBLIC), "api-public-report-status": Entry(PUBLIC),
    "api-reports": Entry(SIGNED_IN), "api-report-detail": Entry(p("supervisor", "case_manager", "ppt_0"), {"pk": "report"}), "api-report-convert": Entry(p("supervisor", "case_manager", "ppt_0"), {"pk": "report"}),
    "api-report-attach": Entry(p("supervisor", "case_manager", "ppt_0"), {"pk": "report"}), "api-report-close": Entry(p("supervisor", "case_manager", "ppt_0"), {"pk": "report"}),
    "api-report-message": Entry(p("supervisor", "case_manager", "ppt_0"), {"pk": "report"}),
    "api-stats-kpi": Entry(both("supervisor", "analyst")),
    "api-stats-area": Entry(NOBODY, note="province and national analysts only"),
    "api-stats-summary": Entry(both("supervisor", "case_manager", "analyst", "ppt_0", "ppt_1")), "api-stats-public": Entry(PUBLIC, {"city_code": "35.75"}),
    "api-kla-evaluations": Entry(SIGNED_IN, note="a list of the caller's own scope (empty for most)"), "api-kla-evaluation": Entry(p("admin", "supervisor", "analyst", "auditor"), {"pk": "evaluation"}),
    "api-kla-indicator-set": Entry(both("admin", "supervisor", "analyst", "auditor"), {"pk": "indicator_set"}),
    "api-prevention-events": Entry(both("admin", "supervisor", "analyst", "auditor", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "api-prevention-event": Entry(p("admin", "supervisor", "analyst", "auditor", "ppt_0", "satgas_0"), {"pk": "event"}),
    "api-prevention-forums": Entry(both("admin", "supervisor", "analyst", "auditor", "community", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "api-prevention-forum": Entry(p("admin", "supervisor", "analyst", "auditor", "ppt_0", "satgas_0"), {"pk": "forum"}),
    "api-prevention-forum-members": Entry(p("admin", "supervisor", "analyst", "auditor", "ppt_0", "satgas_0"), {"pk": "forum"}), "api-prevention-forum-activities": Entry(p("admin", "supervisor", "analyst", "auditor", "ppt_0", "satgas_0"), {"pk": "forum"}),
    "api-prevention-groups": Entry(both("admin", "supervisor", "analyst", "auditor", "community", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "api-prevention-group": Entry(p("admin", "supervisor", "analyst", "auditor", "ppt_0", "satgas_0"), {"pk": "group"}),
    "api-prevention-group-activities": Entry(p("admin", "supervisor", "analyst", "auditor", "ppt_0", "satgas_0"), {"pk": "group"}),
    "api-prevention-families": Entry(both("admin", "supervisor", "analyst", "auditor", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "api-prevention-family": Entry(p("admin", "supervisor", "analyst", "auditor", "ppt_0", "satgas_0"), {"pk": "family"}),
    "api-prevention-family-visits": Entry(p("admin", "supervisor", "analyst", "auditor", "ppt_0", "satgas_0"), {"pk": "family"}),
    "api-prevention-perkasa": Entry(both("admin", "supervisor", "analyst", "auditor", "ppt_0", "ppt_1", "satgas_0", "satgas_1")), "api-prevention-perkasa-member": Entry(p("admin", "supervisor", "analyst", "auditor", "ppt_0", "satgas_0"), {"pk": "perkasa"}),
    "api-prevention-perkasa-programmes": Entry(p("admin", "supervisor", "analyst", "auditor", "ppt_0", "satgas_0"), {"pk": "perkasa"}),
    "privacy-requests": Entry(SIGNED_IN, note="a list of the caller's own scope (empty for most)"), "privacy-request": Entry(p("supervisor"), {"pk": "dsr"}), "privacy-request-subjects": Entry(p("supervisor"), {"pk": "dsr"}),
    "privacy-request-decide": Entry(p("supervisor"), {"pk": "dsr"}), "privacy-request-execute": Entry(p("supervisor"), {"pk": "dsr"}),
    "privacy-request-complete": Entry(p("supervisor"), {"pk": "dsr"}),
    "api-push-key": Entry(SIGNED_IN), "api-push-subscriptions": Entry(SIGNED_IN), "api-field-drafts": Entry(SIGNED_IN),
    "api-schema": Entry(PUBLIC), "api-docs": Entry(PUBLIC),
    # early warnings: the city's supervisors (rules: also its admin); a place tag is casework on the case
    "alerts:list": Entry(both("supervisor")), "alerts:rules": Entry(both("admin", "supervisor")),
    "alerts:detail": Entry(p("supervisor"), {"pk": "alert"}), "alerts:place_tag": Entry(CASE_TEAM, {"case_id": "case"}),
    "alerts-list": Entry(both("supervisor")), "alerts-rules": Entry(both("admin", "supervisor")), "alerts-rule": Entry(p("admin", "supervisor"), {"pk": "rule"}),
    "alerts-detail": Entry(p("supervisor"), {"pk": "alert"}), "alerts-review": Entry(p("supervisor"), {"pk": "alert"}),
    "alerts-place-tag": Entry(CASE_TEAM, {"case_id": "case"}),
    "cases:intake_person": Entry(both("supervisor", "case_manager", "ppt_0", "ppt_1", "satgas_0", "satgas_1"), query="?peran=korban&i=2"),
    "cases:reveal": Entry(CASE_TEAM, CASE), "cases:summary_pdf": Entry(CASE_TEAM, CASE),
    # families (households of cases): whoever may open one of its cases, and the city's supervisors
    "families:list": Entry(both("supervisor", "case_manager", "ppt_0", "ppt_1", "satgas_0", "satgas_1")),
    "families:create": Entry(CASE_TEAM, {"case_id": "case"}), "families:detail": Entry(CASE_TEAM, {"pk": "household"}),
    "families:add": Entry(CASE_TEAM, {"pk": "household"}), "families:remove": Entry(CASE_TEAM, {"pk": "household", "case_id": "case"}),
    "families:accompaniment": Entry(CASE_TEAM, {"pk": "household"}),
    "families-list": Entry(SIGNED_IN, note="a list of the caller's own scope (empty for most)"),
    "families-detail": Entry(CASE_TEAM, {"pk": "household"}), "families-cases": Entry(CASE_TEAM, {"pk": "household"}),
    "families-case": Entry(CASE_TEAM, {"pk": "household", "case_id": "case"}), "families-accompaniment": Entry(CASE_TEAM, {"pk": "household"}),
    "families-create": Entry(CASE_TEAM, {"case_id": "case"}),
    "services:letter_verify": Entry(PUBLIC, {"token": "letter_token"}, note="public by design: the letter's QR code (number, date, issuer, addressee)"),
    # the survivor's own pages: public by design, opened by tracking code + PIN (without a session: back to the entry page)
    "survivor:enter": Entry(PUBLIC), "survivor:view": Entry(PUBLIC), "survivor:safe_contact": Entry(PUBLIC), "survivor:leave": Entry(PUBLIC),
    "survivor-view": Entry(PUBLIC), "survivor-safe-contact": Entry(PUBLIC),
    # staff side of the survivor's page: casework on the case (issuing a code: managers; ppt_0 is refused without a 404)
    "survivor:issue": Entry(CASE_TEAM, {"case_id": "case"}), "survivor:appointment_add": Entry(CASE_TEAM, {"case_id": "case"}),
    "survivor:appointment_update": Entry(CASE_TEAM, {"case_id": "case", "appointment_id": "appointment"}),
    "survivor:staff_safe_contact": Entry(CASE_TEAM, {"case_id": "case"}),
    "survivor-case-access": Entry(CASE_TEAM, {"case_id": "case"}), "survivor-case-safe-contact": Entry(CASE_TEAM, {"case_id": "case"}),
    "survivor-case-appointments": Entry(CASE_TEAM, {"case_id": "case"}),
    "survivor-case-appointment": Entry(CASE_TEAM, {"case_id": "case", "appointment_id": "appointment"}),
    # transfers: the case's team in the owning city (and the receiving unit, here no persona: see TRANSFER_SIDES)
    "transfers:list": Entry(both("supervisor", "case_manager")), "transfers:request": Entry(both("supervisor")),
    "transfers:send": Entry(p("supervisor", "case_manager"), {"case_id": "case"}, note="only who may manage the case (ppt_0 sees it: a 404 here)"),
    "transfers:detail": Entry(TRANSFER_SIDES, {"pk": "transfer"}), "transfers:action": Entry(TRANSFER_SIDES, {"pk": "transfer", "action": "terima"}),
    "transfers-list": Entry(SIGNED_IN, note="a list of the caller's own scope (empty for most)"), "transfers-request": Entry(both("supervisor")),
    "transfers-send": Entry(CASE_TEAM, {"case_id": "case"}), "transfers-detail": Entry(TRANSFER_SIDES, {"pk": "transfer"}),
    "transfers-accept": Entry(TRANSFER_SIDES, {"pk": "transfer"}), "transfers-decline": Entry(TRANSFER_SIDES, {"pk": "transfer"}),
    "transfers-cancel": Entry(TRANSFER_SIDES, {"pk": "transfer"}),
}
