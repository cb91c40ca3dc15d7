from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import PARTNER_KINDS, OrgKind, Role


class User(AbstractUser):
    """A person who logs in. What they may see comes from their memberships, never from flags here
    (is_superuser is for the national operator only)."""

    phone = models.CharField(_("telepon"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("pengguna")


class Organisation(models.Model):
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="organisations")
    # The area it serves: the kelurahan of a PPT, the kecamatan of a Satgas, else the city.
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=OrgKind.choices, db_index=True)
    name = models.CharField(_("nama"), max_length=200)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    address = models.CharField(_("alamat kantor"), max_length=300, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["city_id", "kind", "name"]
        indexes = [models.Index(fields=["city", "kind"])]
        constraints = [models.UniqueConstraint(fields=["city", "kind", "name"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_partner(self) -> bool:
        return self.kind in PARTNER_KINDS


class Membership(models.Model):
    """A user acts through a membership: role + organisation + region of scope."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=24, choices=Role.choices, db_index=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["city", "role"]), models.Index(fields=["user", "active"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.organisation}"


# A referral letter's number when the city has set no pattern of its own (services numbers the letters).
DEFAULT_LETTER_PATTERN = "400.2/{nomor}/UPTD-PPA/{bulan}/{tahun}"


class CityConfig(models.Model):
    """What a city's administrator configures: contacts shown to the public, the letterhead of
    letters, and the response clocks per risk level (minutes; defaults from local SOPs)."""

    city = models.OneToOneField("regions.Region", on_delete=models.PROTECT, primary_key=True, related_name="config")
    dinas_name = models.CharField(_("nama dinas"), max_length=200, blank=True)
    uptd_phone = models.CharField(_("telepon UPTD PPA"), max_length=40, blank=True)
    uptd_whatsapp = models.CharField(_("WhatsApp UPTD PPA"), max_length=40, blank=True)
    letterhead_lines = models.TextField(_("kop surat (satu baris per baris)"), blank=True)
    # Response targets in minutes by risk: high "immediately" (crisis complaints within 120 minutes),
    # medium about 6 hours, low 3 days, outreach within 12 hours. Configurable per city.
    respond_minutes_tinggi = models.PositiveIntegerField(default=120)
    respond_minutes_sedang = models.PositiveIntegerField(default=360)
    respond_minutes_rendah = models.PositiveIntegerField(default=4320)
    outreach_minutes = models.PositiveIntegerField(default=720)
    # Letters (Surat Rujukan): the city's logo on the kop, the letter-number pattern ({nomor} the
    # yearly gap-free counter, {bulan} the Roman month, {tahun} the year), and who signs.
    logo = models.ImageField(_("logo kota (kop surat)"), upload_to="kop/", blank=True, max_length=200)
    letter_number_pattern = models.CharField(_("pola nomor surat"), max_length=80, default=DEFAULT_LETTER_PATTERN,
                                             help_text=_("{nomor} = nomor urut tahunan (3 digit), {bulan} = bulan Romawi, {tahun} = tahun"))
    letter_place = models.CharField(_("tempat penandatanganan surat"), max_length=60, blank=True, help_text=_("mis. Pasuruan"))
    uptd_head_name = models.CharField(_("nama kepala UPTD PPA"), max_length=120, blank=True)
    uptd_head_nip = models.CharField(_("NIP kepala UPTD PPA"), max_length=30, blank=True)
    uptd_head_position = models.CharField(_("jabatan penanda tangan"), max_length=120, default="Kepala UPTD PPA")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"CityConfig {self.city_id}"

    def respond_minutes(self, risk: str) -> int:
        return int(getattr(self, f"respond_minutes_{risk}"))

    @classmethod
    def for_city(cls, city_code: str) -> "CityConfig":
        obj, _ = cls.objects.get_or_create(city_id=city_code)
        return obj
