"""The case record: complaint, persons, incident, triage and clocks, timeline, evidence, plan.

Everything that is filtered or counted is a typed, indexed column (status, risk, forms, place,
kelurahan, dates, age band, sex, child/adult). Identities are sealed (encrypted) and searched
through blind indexes; see `naungan.core.crypto`."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naungan.core.crypto import SealedTextField


class Status(models.TextChoices):
    REGISTERED = "registered", _("Terdaftar")
    TRIAGED = "triaged", _("Ditriase")
    ASSESSMENT = "assessment", _("Asesmen")
    PLANNING = "planning", _("Rencana intervensi")
    SERVICES = "services", _("Layanan")
    MONITORING = "monitoring", _("Pemantauan")
    CLOSED = "closed", _("Ditutup")


class Risk(models.TextChoices):
    TINGGI = "tinggi", _("Tinggi")
    SEDANG = "sedang", _("Sedang")
    RENDAH = "rendah", _("Rendah")


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("Korban")
    PERPETRATOR = "perpetrator", _("Terlapor/pelaku")
    REPORTER = "reporter", _("Pelapor")
    GUARDIAN = "guardian", _("Wali/pendamping")


class YearlyCounter(models.Model):
    """The last number given per city and year (of cases, of referral letters). `take` locks the
    row inside the transaction that uses the number, so a transaction that rolls back consumes
    none: numbers are gap-free."""

    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.city_id}-{self.year}: {self.last_number}"

    @classmethod
    def take(cls, city_id: str, year: int) -> int:
        """The next number of the city's year; call inside the transaction that uses it."""
        try:
            with transaction.atomic():
                cls.objects.get_or_create(city_id=city_id, year=year)
        except IntegrityError:  # another transaction created the row at the same moment
            pass
        counter = cls.objects.select_for_update().get(city_id=city_id, year=year)
        counter.last_number = F("last_number") + 1
        counter.save(update_fields=["last_number"])
        counter.refresh_from_db(fields=["last_number"])
        return counter.last_number


class CaseCounter(YearlyCounter):
    """Next case number per city and year, taken in the registration transaction."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["city", "year"], name="case_counter_city_year")]


class Case(models.Model):
    number = models.CharField(_("nomor kasus"), max_length=24, unique=True)
    # Foreign keys whose lookups a composite index below already serves carry no index of their
    # own: at a million cases every extra index slows each insert and update.
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REGISTERED)

    # Intake
    channel = models.CharField(_("saluran pengaduan"), max_length=40)
    received_at = models.DateTimeField(_("diterima pada"))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    registering_org = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    owner_org = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="owned_cases", db_index=False)
    source_report_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    # Incident
    kecamatan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", null=True, db_index=False)
    # kelurahan keeps its own index: its pattern-ops twin serves the PPT scope's prefix match
    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", null=True)
    incident_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    incident_date_approximate = models.BooleanField(default=False)
    place = models.CharField(_("tempat kejadian"), max_length=40, blank=True)
    chronology = SealedTextField(_("kronologi"), blank=True)
    special_protection = models.CharField(max_length=40, blank=True)
    is_tpks = models.BooleanField(_("termasuk UU TPKS"), default=False)
    involves_child = models.BooleanField(default=False)  # any victim under 18 at the incident

    # Triage and clocks
    case_type = models.CharField(max_length=40, blank=True)
    risk = models.CharField(max_length=8, choices=Risk.choices, blank=True)
    authority = models.CharField(max_length=12, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    satgas_assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)

    # Closure
    closure_reason = models.CharField(max_length=40, blank=True)
    closure_note = models.TextField(blank=True)
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closure_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    closure_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["city", "status"]),
            models.Index(fields=["city", "received_at", "id"]),
            models.Index(fields=["received_at", "id"]),  # newest-first lists across cities
            models.Index(fields=["city", "risk", "respond_by"]),
            models.Index(fields=["owner_org", "status"]),
            models.Index(fields=["kelurahan", "received_at"]),
            models.Index(fields=["kecamatan", "received_at"]),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["satgas_assignee", "status"]),
            models.Index(fields=["place"]),
            models.Index(fields=["respond_by"], name="case_open_clock", condition=models.Q(first_response_at__isnull=True)),
        ]
        constraints = [models.UniqueConstraint(fields=["city", "year", "seq"], name="case_city_year_seq")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.respond_by and self.first_response_at is None and self.status != Status.CLOSED
            and self.respond_by < timezone.now()
        )


class CaseViolenceForm(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="forms", db_index=False)  # unique (case, form) serves it
    form = models.CharField(max_length=20, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "form"], name="case_form_unique")]

    def __str__(self) -> str:
        return self.form


class Person(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons", db_index=False)  # (case, role) serves it
    role = models.CharField(max_length=12, choices=PersonRole.choices)
    # Sealed identity
    name = SealedTextField(blank=True)
    nik = SealedTextField(blank=True)
    kk_number = SealedTextField(blank=True)
    phone = SealedTextField(blank=True)
    street = SealedTextField(blank=True)
    birth_date = SealedTextField(blank=True)  # ISO date
    nik_bidx = models.CharField(max_length=32, blank=True, db_index=True)
    phone_bidx = models.CharField(max_length=32, blank=True, db_index=True)
    nik_flags = models.JSONField(default=list, blank=True)
    # Typed, countable
    sex = models.CharField(max_length=1, blank=True)
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    age_at_incident = models.PositiveSmallIntegerField(null=True, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    is_child = models.BooleanField(null=True)
    education = models.CharField(max_length=30, blank=True)
    occupation = models.CharField(max_length=30, blank=True)
    disability = models.CharField(max_length=20, blank=True)
    relation_to_victim = models.CharField(max_length=20, blank=True)
    unknown = models.BooleanField(default=False)
    address_kelurahan = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rw = models.CharField(max_length=3, blank=True)
    rt = models.CharField(max_length=3, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["case", "role"]),
            models.Index(fields=["role", "sex", "age_band"]),
            models.Index(fields=["role", "is_child"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} #{self.pk}"


class PersonToken(models.Model):
    """Blind-index tokens of a person's name (each token, its spelling-variant key) and of
    name + birth date, for search and duplicate warnings without plaintext."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tokens")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)  # name, variant, name_birth
    token = models.CharField(max_length=32)
    # The case's city, copied (a case never changes city): every scope but the national one lies
    # inside a city, so a search reads only the token's rows of that city from the index instead
    # of every case in the country that shares a first name.
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", null=True, db_index=False)

    class Meta:
        indexes = [models.Index(fields=["token", "kind", "city", "case"], name="cases_token_city_case")]

    def __str__(self) -> str:
        return self.kind


class EventKind(models.TextChoices):
    NOTE = "note", _("Catatan")
    STATUS = "status", _("Status")
    ASSIGNMENT = "assignment", _("Penugasan")
    TRIAGE = "triage", _("Triase")
    ATTACHMENT = "attachment", _("Lampiran")
    SERVICE = "service", _("Layanan")
    REFERRAL = "referral", _("Rujukan")
    FEEDBACK = "feedback", _("Umpan balik")
    SYSTEM = "system", _("Sistem")


class CaseEvent(models.Model):
    """The case timeline: everything that happened, in order."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)  # (case, created_at) serves it
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False)
    kind = models.CharField(max_length=12, choices=EventKind.choices, default=EventKind.NOTE)
    body = SealedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["case", "created_at"])]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.created_at:%Y-%m-%d}"


class ProtectedStorage(FileSystemStorage):
    """Evidence lives under PROTECTED_MEDIA_ROOT, outside any web root, with no public URL.
    The location is read from settings at each use (never frozen into a migration)."""

    @property
    def base_location(self):
        return str(settings.PROTECTED_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


_protected = ProtectedStorage()


def protected_storage() -> ProtectedStorage:
    return _protected


def _attachment_path(instance, filename):
    return f"cases/{instance.case.city_id}/{instance.case_id}/{instance.sha256}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(storage=protected_storage, upload_to=_attachment_path, max_length=200)
    original_name = SealedTextField()
    description = SealedTextField(blank=True)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"attachment #{self.pk}"


class Assessment(models.Model):
    """Biopsychosocial assessment (biological, psychological, social, spiritual; needs)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    biological = SealedTextField(blank=True)
    psychological = SealedTextField(blank=True)
    social = SealedTextField(blank=True)
    spiritual = SealedTextField(blank=True)
    needs = SealedTextField(blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_at"]

    def __str__(self) -> str:
        return f"assessment #{self.pk}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    DONE = "done", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


class PlanGoal(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    title = SealedTextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"goal #{self.pk}"


class PlanTask(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    goal = models.ForeignKey(PlanGoal, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks")
    title = SealedTextField()
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner_org = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["owner_user", "status", "due_date"])]

    def __str__(self) -> str:
        return f"task #{self.pk}"


class Notification(models.Model):
    """In-app notice. Never carries an identity: case number, risk and a link at most."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=200, blank=True)
    key = models.CharField(max_length=100, blank=True)  # de-duplication of repeated reminders
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["key"])]

    def __str__(self) -> str:
        return self.text
