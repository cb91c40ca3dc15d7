"""The forms of the services pages: a case's services, referrals, rights and legal process, the
agency's side of a referral, coordination and the agency profile. Their HTML is written by hand in
the templates; the field names here are the names those templates post."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy, gettext_noop

from naungan.core.formfields import DayField, IdField, IdsField, NumberField, TextField, TextsField

BAD_MONEY = gettext_noop("Jumlah uang tidak valid.")
BAD_CAPACITY = gettext_noop("Kapasitas harus angka.")
MONEY_DIGITS = 14  # the restitution columns


class MoneyField(forms.Field):
    """Rupiah as typed: "1.500.000" or "1,500,000" or "1500000" (separators dropped); empty is None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            amount = Decimal(str(value).replace(".", "").replace(",", ""))
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or len(amount.as_tuple().digits) > MONEY_DIGITS:
            raise ValidationError(gettext_lazy(BAD_MONEY), code="invalid")
        return amount


# --- a case's services, rights and legal process (`/layanan/kasus/<id>/aksi/<slug>/`) --------------

class CaseActionForm(forms.Form):
    """Every form of a case's services page; `next=kasus` when it sat on the case page."""

    next = TextField()

    def back_to_case(self) -> bool:
        return self.cleaned_data.get("next") == "kasus"


class ServiceRecordForm(CaseActionForm):
    service, outcome, next_step = TextField(), TextField(), TextField()
    person, provider = IdField(), IdField()  # the victim (none: the first), the organisation providing it
    start_date = DayField(today=True)
    status = TextField(default="planned")


class ServiceUpdateForm(CaseActionForm):
    delivery = IdField()
    status, outcome = TextField(), TextField()
    end_date = DayField()


class ConsentForm(CaseActionForm):
    given_by_name, given_by_relation, method, scope = TextField(), TextField(), TextField(), TextField()
    person = IdField()


class ReferralSendForm(CaseActionForm):
    agency, consent = IdField(), IdField()
    request, service = TextField(), TextField()
    shared = TextsField()  # the fields of the case the agency may see
    due_date = DayField()  # none: three days from today


class RightForm(CaseActionForm):
    """A right of a victim: `record` when it is already saved, else `person` and `right`."""

    record, person = IdField(), IdField()
    right, status, reason = TextField(), TextField(), TextField()


class ShelterAdmitForm(CaseActionForm):
    shelter, person = IdField(), IdField()
    admitted_on = DayField(today=True)


class ShelterDischargeForm(CaseActionForm):
    stay = IdField()
    discharged_on = DayField(today=True)


class LegalForm(CaseActionForm):
    lp_number, police_unit, stage = TextField(cut=80), TextField(cut=200), TextField()
    restitution_requested, restitution_decided, restitution_paid = MoneyField(), MoneyField(), MoneyField()


class LegalAccompanyForm(CaseActionForm):
    stage, note = TextField(), TextField()
    date = DayField(today=True)
    by = IdField()  # the organisation that accompanied


# --- the agency's side of a referral ----------------------------------------------------------------

class ReferralResponseForm(forms.Form):
    reason = TextField()


class ReferralFeedbackForm(forms.Form):
    body = TextField()


class ReferralServiceForm(forms.Form):
    service = TextField()
    status = TextField(default="done")
    outcome = TextField()


# --- coordination and the agency profile ------------------------------------------------------------

class MeetingForm(forms.Form):
    date = DayField(today=True)
    title, decisions = TextField(), TextField()
    agencies = IdsField()


class FollowUpForm(forms.Form):
    """A follow-up action of a meeting, owned by an organisation."""

    meeting, owner = IdField(), IdField()
    description = TextField()
    due_date = DayField(today=True)


class FollowUpDoneForm(forms.Form):
    action = IdField()


class AgreementForm(forms.Form):
    title, kind = TextField(), TextField(default="MoU")
    parties = IdsField()
    start_date, end_date = DayField(today=True), DayField()


class AgencyProfileForm(forms.Form):
    services = TextsField()
    contact_person, hours = TextField(), TextField()
    capacity = NumberField(empty=None, message=BAD_CAPACITY)
