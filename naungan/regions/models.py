from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    PROVINSI = 1, _("Provinsi")
    KABKOTA = 2, _("Kabupaten/Kota")
    KECAMATAN = 3, _("Kecamatan")
    KELURAHAN = 4, _("Kelurahan/Desa")


class Region(models.Model):
    """A Kemendagri region, coded PP.KK.CC.DDDD. RW and RT sit below the kelurahan on addresses."""

    code = models.CharField(max_length=13, primary_key=True)
    name = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField(choices=Level.choices, db_index=True)
    kind = models.CharField(max_length=12)  # provinsi, kota, kabupaten, kecamatan, kelurahan, desa…
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    postal_code = models.CharField(max_length=5, blank=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def city_code(self) -> str:
        return ".".join(self.code.split(".")[:2])

    @property
    def kecamatan_code(self) -> str | None:
        parts = self.code.split(".")
        return ".".join(parts[:3]) if len(parts) >= 3 else None
