from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from naungan.core.formfields import IdField
from naungan.regions.models import Region

from .models import DEFAULT_LETTER_PATTERN, CityConfig, User
from .roles import AREA_ROLES, OrgKind, Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah. Setelah beberapa kali gagal, akun dikunci sementara."),
        "inactive": _("Akun ini tidak aktif."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")


class OtpForm(forms.Form):
    token = forms.CharField(label=_("Kode 6 digit dari aplikasi autentikator"), max_length=8, min_length=6,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class CityChoiceForm(forms.Form):
    """The city a national operator names (`kota`) on the administrator's pages."""
    kota = forms.CharField(required=False, max_length=20)


class MembershipActionForm(forms.Form):
    """Offboarding: end one membership, or disable the account."""
    action = forms.ChoiceField(choices=[("nonaktifkan", "nonaktifkan"), ("cabut", "cabut")])
    membership = IdField()


class OrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"))
    name = forms.CharField(label=_("Nama"), max_length=200)
    region = forms.ChoiceField(label=_("Wilayah layanan"))
    phone = forms.CharField(label=_("Telepon"), max_length=40, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    address = forms.CharField(label=_("Alamat kantor"), max_length=300, required=False)

    def __init__(self, *args, city, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = OrgKind.choices
        regions = Region.objects.filter(code__startswith=city.code + ".").order_by("code")
        self.fields["region"].choices = [(city.code, city.name)] + [(r.code, ("— " if r.level == 4 else "") + r.name) for r in regions]


class UserCreateForm(forms.Form):
    username = forms.RegexField(label=_("Nama pengguna"), max_length=150, regex=r"^[\w.@+-]+$")
    first_name = forms.CharField(label=_("Nama depan"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    password = forms.CharField(label=_("Kata sandi awal"), widget=forms.PasswordInput, min_length=10)
    role = forms.ChoiceField(label=_("Peran"))
    organisation = forms.ChoiceField(label=_("Organisasi"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [c for c in Role.choices if c[0] not in AREA_ROLES]  # granted by the operator only
        self.fields["organisation"].choices = [(o.pk, f"{o.name} ({o.get_kind_display()})") for o in organisations]

    def clean_username(self):
        u = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=u).exists():
            raise forms.ValidationError(_("Nama pengguna sudah dipakai."))
        return u

    def clean_password(self):
        from django.contrib.auth.password_validation import validate_password

        validate_password(self.cleaned_data["password"])
        return self.cleaned_data["password"]


class CityConfigForm(forms.ModelForm):
    class Meta:
        model = CityConfig
        fields = ["dinas_name", "uptd_phone", "uptd_whatsapp", "letterhead_lines", "respond_minutes_tinggi",
                  "respond_minutes_sedang", "respond_minutes_rendah", "outreach_minutes", "logo", "letter_number_pattern",
                  "letter_place", "uptd_head_name", "uptd_head_nip", "uptd_head_position"]
        labels = {
            "respond_minutes_tinggi": _("Target respons risiko tinggi (menit)"),
            "respond_minutes_sedang": _("Target respons risiko sedang (menit)"),
            "respond_minutes_rendah": _("Target respons risiko rendah (menit)"),
            "outreach_minutes": _("Target penjangkauan (menit)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the letter settings keep their defaults (the pattern and the signatory's title).
        for name in ("letter_number_pattern", "uptd_head_position"):
            self.fields[name].required = False

    def clean_uptd_head_position(self):
        return self.cleaned_data.get("uptd_head_position") or "Kepala UPTD PPA"

    def clean_letter_number_pattern(self):
        pattern = self.cleaned_data.get("letter_number_pattern") or DEFAULT_LETTER_PATTERN
        try:
            pattern.format(nomor="001", bulan="XI", tahun="2026")
        except (KeyError, IndexError, ValueError):
            raise forms.ValidationError(_("Pola hanya boleh memakai {nomor}, {bulan} dan {tahun}.")) from None
        if "{nomor}" not in pattern:
            raise forms.ValidationError(_("Pola harus memuat {nomor}."))
        return pattern

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > 1024 * 1024:
            raise forms.ValidationError(_("Logo paling besar 1 MB."))
        return logo
