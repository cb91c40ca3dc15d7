from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from naungan.catalogues.selectors import choices, values
from naungan.core.formfields import INT_MAX
from naungan.regions.selectors import kelurahan_of_city

from .services import EMPTY_MESSAGE, KELURAHAN_UNKNOWN, MAX_MESSAGE, REASON_REQUIRED


def child_choices(kind: str) -> list[tuple[str, str]]:
    """The child-friendly wording (extra.child) of the value set; only the entries that have one."""
    en = (get_language() or "id").startswith("en")
    return [(c.code, (c.extra.get("child_en") if en else None) or c.extra["child"]) for c in values(kind) if c.extra.get("child")]


class ReportForm(forms.Form):
    """The public form. Works without JavaScript; every field has a plain label."""

    form_token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(required=False, label=_("Jangan diisi"))  # honeypot, hidden by CSS
    reporter_kind = forms.ChoiceField(label=_("Siapa yang melapor?"), widget=forms.RadioSelect)
    kelurahan = forms.ChoiceField(label=_("Di kelurahan mana kejadiannya?"),
                                  error_messages={"invalid_choice": _("Pilih kelurahan dari daftar kota ini."), "required": _("Pilih kelurahan.")})
    what = forms.MultipleChoiceField(label=_("Apa yang terjadi? (boleh pilih lebih dari satu)"), widget=forms.CheckboxSelectMultiple, required=False)
    description = forms.CharField(label=_("Ceritakan dengan kata-kata Anda sendiri (tidak wajib)"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 5, "maxlength": 5000}), max_length=5000)
    danger_now = forms.BooleanField(label=_("Ada yang dalam bahaya SEKARANG"), required=False)
    contact_name = forms.CharField(label=_("Nama Anda (tidak wajib)"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Nomor HP/WhatsApp untuk dihubungi kembali (tidak wajib)"), max_length=40, required=False)
    attachment = forms.FileField(label=_("Foto atau dokumen pendukung (tidak wajib, maks. 5 MB)"), required=False)

    def __init__(self, *args, city_code: str, child: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter_kind"].choices = choices("reporter_kind")
        self.fields["kelurahan"].choices = [("", "— pilih —")] + [(k.code, f"{k.name} ({k.parent.name})") for k in kelurahan_of_city(city_code)]
        self.fields["what"].choices = choices("report_what")
        # Not knowing the kelurahan must not stop a report: the city's UPTD PPA then takes it.
        unknown = (KELURAHAN_UNKNOWN, _("Aku tidak tahu") if child else _("Tidak tahu / tidak yakin"))
        self.fields["kelurahan"].choices = [*self.fields["kelurahan"].choices, unknown]
        if child:
            self.fields["reporter_kind"].choices = child_choices("reporter_kind")
            self.fields["what"].choices = child_choices("report_what")
            self.fields["reporter_kind"].required = False
            self.fields["reporter_kind"].label = _("Kamu siapa?")
            self.fields["kelurahan"].label = _("Di mana kejadiannya?")
            self.fields["what"].label = _("Apa yang terjadi?")
            self.fields["description"].label = _("Ceritakan sedikit, kalau mau")
            self.fields["danger_now"].label = _("Aku atau temanku dalam bahaya sekarang")
            self.fields["contact_name"].label = _("Namamu (boleh dikosongkan)")
            self.fields["contact_phone"].label = _("Nomor HP yang aman untuk dihubungi (boleh dikosongkan)")
            del self.fields["attachment"]


class StatusForm(forms.Form):
    code = forms.CharField(label=_("Kode laporan"), max_length=20)
    pin = forms.CharField(label=_("PIN"), max_length=12, widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class AddInfoForm(StatusForm):
    body = forms.CharField(label=_("Informasi tambahan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class PortalExtrasForm(forms.Form):
    """What the public pages post beside their form: the ALTCHA solution, and the child's path (anak=1)."""
    altcha = forms.CharField(required=False, strip=False)
    anak = forms.CharField(required=False)

    @classmethod
    def of(cls, request) -> dict:
        form = cls(request.POST if request.method == "POST" else None)
        return form.cleaned_data if form.is_valid() else {"altcha": "", "anak": ""}


class CommunityReportForm(ReportForm):
    pass


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Pesan untuk pelapor (terlihat oleh pelapor dengan kode + PIN)"), widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=MAX_MESSAGE, error_messages={"required": _(EMPTY_MESSAGE)})


class AttachForm(forms.Form):
    """The case a report joins: picked from the suggestions, or typed by its number."""
    case_id = forms.IntegerField(required=False, min_value=1, max_value=INT_MAX)
    case_number = forms.CharField(required=False)

    def clean_case_number(self) -> str:
        return self.cleaned_data["case_number"][:40]


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan"), error_messages={"required": _(REASON_REQUIRED), "invalid_choice": _(REASON_REQUIRED)})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = choices("report_closure", blank=True)
