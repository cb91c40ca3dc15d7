from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    SIMFONI = "simfoni", _("SIMFONI-PPA (kasus, korban, pelaku)")
    ANONYMISED = "anonim", _("Ekstrak anonim untuk analis")


class ExportJob(models.Model):
    """A long export runs in the background and writes to a protected file; the page shows its
    progress. Who exported what period is in the audit trail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ExportKind.choices)
    fmt = models.CharField(max_length=4)  # csv / xlsx
    date_from = models.DateField()
    date_to = models.DateField()
    include_identity = models.BooleanField(default=False)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, default="queued")  # queued, running, done, failed
    path = models.CharField(max_length=300, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"export #{self.pk} {self.kind}"

    @property
    def percent(self) -> int:
        return 100 if self.status == "done" else int(100 * self.done / self.total) if self.total else 0


class Fact(models.Model):
    """Maintained aggregate: one cell of counts. Dashboards, public figures, KLA figures and the
    stats API read these rows, never case rows (see `aggregates.py` for what each kind counts).

    `grain` says how a row is keyed: "m" per kelurahan × month (with the owner and registering
    organisation, for the scopes of case managers and PPT officers, and the form / age-band filter
    values `form_f` / `band_f`, "" meaning no filter); "c" the same per kecamatan × month (city-wide
    and unit scopes read these: far fewer cells); "y" per city × year (provinces, the nation,
    KLA, the public page); "o" the open caseload now, per unit and officer. Columns a kind does not
    use stay "" / 0. `key` is a digest of every key column, so increments are one upsert."""

    key = models.UUIDField(unique=True)
    grain = models.CharField(max_length=1)
    kind = models.CharField(max_length=8)
    city = models.CharField(max_length=5)
    kecamatan = models.CharField(max_length=8, blank=True)
    kelurahan = models.CharField(max_length=13, blank=True)
    org_id = models.IntegerField(default=0)  # owner organisation of the case
    reg_org_id = models.IntegerField(default=0)  # registering organisation
    month = models.DateField()  # first day of the month (grain m) or of the year (grain y)
    form_f = models.CharField(max_length=20, blank=True)
    band_f = models.CharField(max_length=8, blank=True)
    # dimensions
    child = models.CharField(max_length=1, blank=True)  # y / n / "" unknown
    place = models.CharField(max_length=40, blank=True)
    risk = models.CharField(max_length=8, blank=True)
    form = models.CharField(max_length=20, blank=True)
    relation = models.CharField(max_length=20, blank=True)
    service = models.CharField(max_length=30, blank=True)
    right = models.CharField(max_length=20, blank=True)
    case_type = models.CharField(max_length=40, blank=True)
    special_protection = models.CharField(max_length=40, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    status = models.CharField(max_length=14, blank=True)
    agency_id = models.IntegerField(default=0)
    officer_id = models.IntegerField(default=0)
    due_at = models.DateTimeField(null=True, blank=True)
    # measures
    n = models.IntegerField(default=0)
    open_n = models.IntegerField(default=0)
    closed_n = models.IntegerField(default=0)
    pending_n = models.IntegerField(default=0)
    triaged_n = models.IntegerField(default=0)
    on_time_n = models.IntegerField(default=0)
    late_n = models.IntegerField(default=0)
    resp_n = models.IntegerField(default=0)
    resp_s = models.BigIntegerField(default=0)  # seconds, report → first response
    close_n = models.IntegerField(default=0)
    close_s = models.BigIntegerField(default=0)  # seconds, report → closure
    delay_n = models.IntegerField(default=0)
    delay_d = models.BigIntegerField(default=0)  # days, incident → report
    served_n = models.IntegerField(default=0)
    disabled_n = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["grain", "kind", "city", "form_f", "band_f", "month"], name="fact_city"),
            models.Index(fields=["grain", "kind", "month", "city"], name="fact_area"),
            # Grain y (per city × year: provinces, the nation, KLA, the public page) is ~0.2% of the
            # rows but spread over the whole table: a small covering index answers it without
            # touching the heap (index-only scan; PostgreSQL — elsewhere a plain partial index).
            models.Index(fields=["kind", "city", "month"], name="fact_year", condition=models.Q(grain="y"),
                         include=["child", "place", "form", "service", "case_type", "special_protection", "sex", "age_band",
                                  "n", "open_n", "closed_n", "pending_n", "triaged_n", "on_time_n", "late_n", "resp_n", "resp_s",
                                  "close_n", "close_s", "delay_n", "delay_d", "served_n", "disabled_n"]),
            # The response clocks (one cell per case awaiting its first response) are summed on every
            # dashboard for "overdue now": a small covering index, read without the heap.
            models.Index(fields=["grain", "city", "form_f", "band_f", "month"], name="fact_clock", condition=models.Q(kind="clock"),
                         include=["kecamatan", "kelurahan", "org_id", "reg_org_id", "risk", "due_at", "n"]),
        ]

    def __str__(self) -> str:
        return f"{self.grain}/{self.kind} {self.city} {self.month}: {self.n}"


class CaseContribution(models.Model):
    """What one case currently adds to the facts: the typed attributes it is counted by (never an
    identity). Kept beside the facts so a change subtracts exactly what the case added before."""

    case_id = models.BigIntegerField(primary_key=True)
    data = models.JSONField()

    def __str__(self) -> str:
        return f"case #{self.case_id}"
