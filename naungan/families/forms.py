from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LinkKind


class FamilyCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Keterkaitan"), choices=LinkKind.choices)
    label = forms.CharField(label=_("Sebutan keluarga (opsional)"), max_length=200, required=False)
    relation = forms.CharField(label=_("Kedudukan korban kasus ini (mis. anak pertama, ibu)"), max_length=40, required=False)


class AddCaseForm(forms.Form):
    number = forms.CharField(label=_("Nomor kasus yang ditautkan"), max_length=24)
    relation = forms.CharField(label=_("Kedudukan (mis. adik, ibu)"), max_length=40, required=False)


class AccompanimentForm(forms.Form):
    accompaniment = forms.TypedChoiceField(label=_("Catatan pendampingan keluarga rentan"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accompaniment"].choices = [("", "—")] + list(options)
