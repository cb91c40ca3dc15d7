from django import forms
from django.utils.translation import gettext_lazy as _


class RuleForm(forms.Form):
    window_days = forms.IntegerField(label=_("Jendela (hari)"), min_value=1, max_value=3650)
    threshold = forms.IntegerField(label=_("Ambang (jumlah kasus)"), min_value=2, max_value=100)
    active = forms.BooleanField(label=_("Aktif"), required=False)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Catatan tindak lanjut"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PlaceTagForm(forms.Form):
    school = forms.TypedChoiceField(label=_("Sekolah"), required=False, coerce=int, empty_value=None)
    place_name = forms.CharField(label=_("atau nama tempat (mis. pasar, terminal, tempat kos)"), max_length=200, required=False)

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", "—")] + [(s.pk, s.name) for s in schools]
