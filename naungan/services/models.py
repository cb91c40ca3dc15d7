"""Services delivered to victims, safe-house stays, the partner directory, referrals with consent,
victims' rights, the legal process, and cross-sector coordination (meetings, actions, MoUs)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naungan.cases.models import YearlyCounter
from naungan.core.crypto import SealedTextField


class DeliveryStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    IN_PROGRESS = "in_progress", _("Berjalan")
    DONE = "done", _("Selesai")


class ServiceDelivery(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="service_deliveries")
    person = models.ForeignKey("cases.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    service = models.CharField(max_length=30, db_index=True)
    simfoni = models.CharField(max_length=30, db_index=True)  # SIMFONI category, so exports need no re-entry
    provider = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey("Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PLANNED, db_index=True)
    outcome = SealedTextField(blank=True)
    next_step = SealedTextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["case", "status"]), models.Index(fields=["simfoni", "start_date"])]

    def __str__(self) -> str:
        return self.service


class ShelterStay(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="shelter_stays")
    person = models.ForeignKey("cases.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    shelter = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="stays")
    admitted_on = models.DateField()
    discharged_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["shelter", "discharged_on"])]

    def __str__(self) -> str:
        return f"stay #{self.pk}"


class AgencyProfile(models.Model):
    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, primary_key=True, related_name="profile")
    services = models.JSONField(default=list, blank=True)  # codes of value set `service`
    contact_person = models.CharField(max_length=200, blank=True)
    hours = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)  # shelters: beds

    def __str__(self) -> str:
        return f"profile {self.organisation_id}"


class Consent(models.Model):
    """The victim's — or for a child the guardian's — consent to share identity with an agency."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="+")
    given_by_name = SealedTextField()
    given_by_relation = models.CharField(max_length=40)  # korban sendiri / ibu / ayah / wali …
    method = models.CharField(max_length=20)
    scope = SealedTextField(blank=True)
    given_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"consent #{self.pk}"


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Terkirim")
    ACCEPTED = "accepted", _("Diterima")
    DECLINED = "declined", _("Ditolak")
    IN_PROGRESS = "in_progress", _("Diproses")
    COMPLETED = "completed", _("Selesai")


class Referral(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    agency = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_received")
    service = models.CharField(max_length=30, blank=True)  # one service, or the whole case
    request = SealedTextField()  # what is asked of the agency
    shared_fields = models.JSONField(default=list, blank=True)  # need-to-know, chosen by the officer
    consent = models.ForeignKey(Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT, db_index=True)
    decline_reason = models.CharField(max_length=300, blank=True)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The letter: its number from the city's pattern and the gap-free yearly counter, and a random
    # token for the public check of its authenticity (the QR code on the letter).
    letter_number = models.CharField(max_length=80, blank=True, db_index=True)
    letter_date = models.DateField(null=True, blank=True)
    verify_token = models.CharField(max_length=32, null=True, blank=True, unique=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"rujukan #{self.pk}"


class LetterCounter(YearlyCounter):
    """Next referral letter number per city and year, taken in the transaction that numbers a letter."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["city", "year"], name="letter_counter_city_year")]


class ReferralUpdate(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = SealedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"update #{self.pk}"


class RightStatus(models.TextChoices):
    NEEDED = "needed", _("Dibutuhkan")
    IN_PROGRESS = "in_progress", _("Dalam proses")
    FULFILLED = "fulfilled", _("Terpenuhi")
    NOT_POSSIBLE = "not_possible", _("Tidak dapat dipenuhi")
    NOT_NEEDED = "not_needed", _("Tidak dibutuhkan")


class RightRecord(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="rights")
    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="rights")
    right = models.CharField(max_length=20)
    status = models.CharField(max_length=14, choices=RightStatus.choices, default=RightStatus.NEEDED, db_index=True)
    reason = models.CharField(max_length=300, blank=True)
    services = models.ManyToManyField(ServiceDelivery, blank=True, related_name="rights")
    referrals = models.ManyToManyField(Referral, blank=True, related_name="rights")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "right"], name="right_per_person")]
        indexes = [models.Index(fields=["right", "status"])]

    def __str__(self) -> str:
        return self.right


class LegalProcess(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="legal")
    lp_number = models.CharField(_("nomor LP"), max_length=80, blank=True)
    police_unit = models.CharField(_("unit kepolisian"), max_length=200, blank=True)
    stage = models.CharField(max_length=20, blank=True, db_index=True)
    restitution_requested = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True)
    restitution_decided = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True)
    restitution_paid = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"legal {self.case_id}"


class LegalAccompaniment(models.Model):
    legal = models.ForeignKey(LegalProcess, on_delete=models.CASCADE, related_name="accompaniments")
    stage = models.CharField(max_length=20)
    date = models.DateField()
    by = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = SealedTextField(blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return self.stage


class Meeting(models.Model):
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    title = models.CharField(max_length=200)
    agencies = models.ManyToManyField("accounts.Organisation", related_name="meetings", blank=True)
    decisions = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    DONE = "done", _("Selesai")


class FollowUpAction(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    status = models.CharField(max_length=6, choices=ActionStatus.choices, default=ActionStatus.OPEN, db_index=True)

    class Meta:
        ordering = ["due_date"]

    def __str__(self) -> str:
        return self.description


class Agreement(models.Model):
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, default="MoU")  # MoU, PKS, Perwali …
    parties = models.ManyToManyField("accounts.Organisation", related_name="agreements")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    document_url = models.URLField(blank=True)

    class Meta:
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.title
