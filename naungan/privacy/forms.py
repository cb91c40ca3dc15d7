"""Forms of the privacy register's pages: the posts are parsed here (a date and time, ids, a
version, the retention numbers), the services check the rest and get clean values."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from naungan.core.formfields import NumberField

from .services import RETENTION_FIELDS

BAD_VALUE = gettext_noop("Nilai tidak valid.")


class RequestNewForm(forms.Form):
    """A data-subject request as received (the register's services check kind, requester and name)."""
    city_code = forms.CharField(required=False, max_length=20)
    kind = forms.CharField(required=False, max_length=20)
    requester_relation = forms.CharField(required=False, max_length=40)
    requester_name = forms.CharField(required=False, max_length=200)
    requester_contact = forms.CharField(required=False, max_length=200)
    description = forms.CharField(required=False, max_length=4000)
    received_at = forms.DateTimeField(required=False, error_messages={"invalid": _("Tanggal tidak valid.")})


class RequestActionForm(forms.Form):
    """What a page action of a request posts: a search, a person to link, a decision, a note."""
    form = forms.CharField(required=False, max_length=20)
    q = forms.CharField(required=False, max_length=200)
    person = NumberField(empty=None, message=BAD_VALUE)
    approve = forms.TypedChoiceField(required=False, choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1", empty_value=False)
    legal_ground = forms.CharField(required=False, max_length=40)
    note = forms.CharField(required=False, max_length=4000)
    version = NumberField(empty=None, message=BAD_VALUE)

    def clean_version(self) -> int | None:
        return self.cleaned_data["version"] or None


class RetentionForm(forms.Form):
    """The retention rules of a city (the services check each number's bounds), a legal hold to place or release."""
    kota = forms.CharField(required=False, max_length=20)
    form = forms.CharField(required=False, max_length=20)
    number = forms.CharField(required=False, max_length=40)
    reason = forms.CharField(required=False, max_length=300)
    hold = NumberField(empty=None, message=BAD_VALUE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in RETENTION_FIELDS:
            self.fields[name] = NumberField(empty=None, message=BAD_VALUE)

    def rules(self) -> dict[str, int]:
        """The numbers given (an empty one keeps the rule as it is)."""
        return {k: self.cleaned_data[k] for k in RETENTION_FIELDS if self.cleaned_data.get(k) is not None}
