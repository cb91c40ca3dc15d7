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
