from django import forms
from django.utils.translation import gettext_lazy as _

from naungan.catalogues.selectors import choices

from .services import DECLINE_REASON_REQUIRED, transfer_targets


class _ConsentMixin(forms.Form):
    reason = forms.CharField(label=_("Alasan pemindahan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    consent_relation = forms.CharField(label=_("Persetujuan diberikan oleh"), max_length=40,
                                       help_text=_("Korban sendiri, ibu, ayah atau wali."))
    consent_method = forms.ChoiceField(label=_("Cara persetujuan"))
    consent_confirm = forms.BooleanField(label=_("Korban atau walinya menyetujui pemindahan ini"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_method"].choices = choices("consent_method", blank=True)


class SendForm(_ConsentMixin):
    to_code = forms.ChoiceField(label=_("Unit penerima (UPTD PPA kab/kota atau provinsi)"))
    shared_fields = forms.MultipleChoiceField(label=_("Data yang boleh dilihat unit penerima sebelum menerima"), required=False,
                                              widget=forms.CheckboxSelectMultiple)

    field_order = ["to_code", "reason", "shared_fields", "consent_relation", "consent_method", "consent_confirm"]

    def __init__(self, *args, exclude_city: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_code"].choices = [("", "—")] + [(c, n) for c, n in transfer_targets() if c != exclude_city]
        self.fields["shared_fields"].choices = choices("shareable_field")


class RequestForm(_ConsentMixin):
    number = forms.CharField(label=_("Nomor kasus di kota lain"), max_length=24, required=False,
                             help_text=_("Kosongkan bila permintaan berasal dari pemeriksaan data ganda."))
    ref = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["number", "reason", "consent_relation", "consent_method", "consent_confirm", "ref"]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), max_length=300, error_messages={"required": _(DECLINE_REASON_REQUIRED)})
