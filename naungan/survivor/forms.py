from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AppointmentKind, Channel


class AccessForm(forms.Form):
    code = forms.CharField(label=_("Kode"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
    pin = forms.CharField(label=_("PIN"), max_length=12, widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class SafeContactForm(forms.Form):
    preferred_channel = forms.ChoiceField(label=_("Cara yang paling aman untuk menghubungimu"), required=False,
                                          choices=[("", _("Terserah petugas"))] + list(Channel.choices), widget=forms.RadioSelect)
    safe_from = forms.TimeField(label=_("Jam aman: dari"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    safe_to = forms.TimeField(label=_("sampai"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    never_call = forms.CharField(label=_("Jangan pernah menelepon nomor ini"), max_length=40, required=False,
                                 widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    no_home_visit = forms.BooleanField(label=_("Jangan datang ke rumah"), required=False)
    note = forms.CharField(label=_("Pesan lain untuk petugas (mis. sebut nama samaran)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AppointmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=AppointmentKind.choices)
    at = forms.DateTimeField(label=_("Waktu"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                             input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    place = forms.CharField(label=_("Tempat (kantor, rumah sakit, pengadilan)"), max_length=200)
    told_to_survivor = forms.BooleanField(label=_("Sudah diberitahukan kepada korban/wali (tampil di halaman korban)"), required=False)


class AppointmentUpdateForm(forms.Form):
    """The buttons under an appointment: "told to the survivor" and "cancel" (each posts its name)."""

    told = forms.BooleanField(required=False)
    cancel = forms.BooleanField(required=False)
