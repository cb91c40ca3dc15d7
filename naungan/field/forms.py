"""The form of the "resolve a draft" page (its HTML is written by hand in field/resolve.html)."""

from __future__ import annotations

from django import forms

from naungan.core.formfields import IdField, TextField

# What the resolve form posts besides the corrected fields of the draft itself.
CONTROL_FIELDS = ("csrfmiddlewaretoken", "action", "corrected")


class ResolveForm(forms.Form):
    action = TextField()  # save, note or discard; the service refuses anything else
    corrected = forms.BooleanField(required=False)  # the page's corrected fields come with the post
    case_id = IdField()  # the existing case a duplicate intake draft is added to as a note

    def corrected_fields(self, data) -> list | None:
        """The draft's fields as corrected on the page ([name, value] pairs), or None to keep the draft's own."""
        if self.cleaned_data["action"] != "save" or not self.cleaned_data["corrected"]:
            return None
        return [[k, v] for k, values in data.lists() if k not in CONTROL_FIELDS for v in values]
