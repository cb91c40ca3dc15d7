"""Roles and organisation kinds. The scope each role has is written once, in `scope.py`, and
tabled in the README."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("Administrator kota")
    SUPERVISOR = "supervisor", _("Supervisor / Kepala Dinas")
    CASE_MANAGER = "case_manager", _("Manajer kasus UPTD PPA")
    PPT_OFFICER = "ppt_officer", _("Petugas PPT kelurahan")
    SATGAS = "satgas", _("Anggota Satgas PPA")
    PARTNER = "partner_officer", _("Petugas lembaga mitra")
    ANALYST = "data_analyst", _("Analis data")
    AUDITOR = "auditor", _("Auditor")
    COMMUNITY = "community_reporter", _("Pelapor komunitas")
    # Read-only views of the maintained aggregates above one city; never an identity or a case row.
    PROVINCE_ANALYST = "province_analyst", _("Analis provinsi")
    NATIONAL_ANALYST = "national_analyst", _("Analis nasional")


# Roles that may ever see a victim's or reporter's identity (2FA is required for them in production).
IDENTITY_ROLES = {Role.SUPERVISOR, Role.CASE_MANAGER, Role.PPT_OFFICER, Role.SATGAS, Role.PARTNER}
# Roles that see aggregates of many cities and nothing else (their membership's region is a province).
AREA_ROLES = {Role.PROVINCE_ANALYST, Role.NATIONAL_ANALYST}
# Roles that work cases.
CASEWORK_ROLES = frozenset({Role.SUPERVISOR, Role.CASE_MANAGER, Role.PPT_OFFICER, Role.SATGAS})


class OrgKind(models.TextChoices):
    DINAS = "dinas", _("Dinas (DP3AP2KB)")
    UPTD_PPA = "uptd_ppa", _("UPTD PPA / P2TP2A")
    PPT = "ppt", _("Pos Pelayanan Terpadu (PPT) kelurahan")
    SATGAS_KELURAHAN = "satgas_kelurahan", _("Satgas PPA kelurahan")
    SATGAS_KECAMATAN = "satgas_kecamatan", _("Satgas PPA kecamatan")
    POLICE_PPA = "police_ppa", _("Unit PPA Satreskrim Polres")
    DINAS_SOSIAL = "dinas_sosial", _("Dinas Sosial / Peksos")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    RSUD = "rsud", _("RSUD / rumah sakit")
    LEGAL_AID = "legal_aid", _("Lembaga bantuan hukum")
    YLPA = "ylpa", _("Yayasan Perlindungan Anak (YLPA)")
    KEMENAG = "kemenag", _("Kemenag / KUA")
    SCHOOL = "school", _("Sekolah")
    LPSK = "lpsk", _("LPSK")
    SHELTER = "shelter", _("Rumah aman / shelter")
    COMMUNITY_GROUP = "community_group", _("Kelompok masyarakat (PATBM / peduli anak)")
    FORUM_ANAK = "forum_anak", _("Forum Anak")
    OTHER = "other", _("Lainnya")


PARTNER_KINDS = {
    OrgKind.POLICE_PPA, OrgKind.DINAS_SOSIAL, OrgKind.PUSKESMAS, OrgKind.RSUD, OrgKind.LEGAL_AID,
    OrgKind.YLPA, OrgKind.KEMENAG, OrgKind.SCHOOL, OrgKind.LPSK, OrgKind.SHELTER, OrgKind.OTHER,
}
