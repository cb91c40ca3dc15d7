from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naungan.accounts.models import User
from naungan.catalogues.selectors import choices
from naungan.core.formfields import IdField
from naungan.regions.selectors import kelurahan_of_city

from .models import PersonRole, Status


def _kelurahan_choices(city_code: str, blank=True):
    out = [("", "—")] if blank else []
    return out + [(k.code, f"{k.name} ({k.parent.name})") for k in kelurahan_of_city(city_code)]


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # each field gets its own copy


class _IncidentForm(forms.Form):
    """The fields of the incident that registering a case and changing it share, and their code lists."""

    VIOLENCE_FIELD = "forms_"  # the name of the forms-of-violence field in the subclass
    channel = forms.ChoiceField(label=_("Saluran pengaduan"))
    kelurahan = forms.ChoiceField(label=_("Kelurahan tempat kejadian"))
    incident_date = forms.DateField(label=_("Tanggal kejadian"), required=False, widget=DATE_INPUT)
    incident_date_approximate = forms.BooleanField(label=_("Tanggal perkiraan"), required=False)
    place = forms.ChoiceField(label=_("Tempat kejadian"))

    def __init__(self, *args, city_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in (("channel", "channel"), ("place", "place"), (self.VIOLENCE_FIELD, "violence_form")):
            self.fields[name].choices = choices(kind)
        self.fields["kelurahan"].choices = _kelurahan_choices(city_code)
        self.fields["special_protection"].choices = choices("special_protection", blank=True)


class IntakeForm(_IncidentForm):
    field_order = ["channel", "received_at"]
    received_at = forms.DateTimeField(label=_("Waktu diterima"), initial=timezone.now,
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    forms_ = forms.MultipleChoiceField(label=_("Bentuk kekerasan"), widget=forms.CheckboxSelectMultiple)
    chronology = forms.CharField(label=_("Kronologi"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000, required=False)
    is_tpks = forms.BooleanField(label=_("Termasuk tindak pidana kekerasan seksual (UU TPKS)"), required=False)
    special_protection = forms.ChoiceField(label=_("Anak memerlukan perlindungan khusus (UU 35/2014 ps. 59)"), required=False)
    # victim
    v_name = forms.CharField(label=_("Nama korban"), max_length=200)
    v_sex = forms.ChoiceField(label=_("Jenis kelamin"))
    v_birth_date = forms.DateField(label=_("Tanggal lahir"), required=False, widget=DATE_INPUT)
    v_estimated_age = forms.IntegerField(label=_("Perkiraan umur (jika tanggal lahir tidak diketahui)"), required=False, min_value=0, max_value=120)
    v_nik = forms.CharField(label=_("NIK (16 digit)"), max_length=30, required=False)
    v_phone = forms.CharField(label=_("Telepon"), max_length=30, required=False)
    v_street = forms.CharField(label=_("Alamat (jalan, nomor)"), max_length=300, required=False)
    v_rw = forms.CharField(label="RW", max_length=3, required=False)
    v_rt = forms.CharField(label="RT", max_length=3, required=False)
    v_education = forms.ChoiceField(label=_("Pendidikan"), required=False)
    v_occupation = forms.ChoiceField(label=_("Pekerjaan"), required=False)
    v_disability = forms.ChoiceField(label=_("Disabilitas"), required=False)
    # perpetrator (optional)
    p_unknown = forms.BooleanField(label=_("Pelaku tidak diketahui"), required=False)
    p_name = forms.CharField(label=_("Nama terlapor/pelaku"), max_length=200, required=False)
    p_sex = forms.ChoiceField(label=_("Jenis kelamin pelaku"), required=False)
    p_estimated_age = forms.IntegerField(label=_("Perkiraan umur pelaku"), required=False, min_value=0, max_value=120)
    p_relation = forms.ChoiceField(label=_("Hubungan pelaku dengan korban"), required=False)
    # reporter (optional)
    r_name = forms.CharField(label=_("Nama pelapor (jika bukan korban)"), max_length=200, required=False)
    r_phone = forms.CharField(label=_("Telepon pelapor"), max_length=30, required=False)

    MAX_EXTRA = 9  # more victims or perpetrators than this: add them on the case page

    def __init__(self, *args, city_code: str, extra_victims: int = 0, extra_perpetrators: int = 0, **kwargs):
        super().__init__(*args, city_code=city_code, **kwargs)
        # A second (third …) victim or perpetrator: fields v2_…, p2_…; which ones exist is read
        # from what was posted (or asked for), so the htmx fragment and the no-JS reload agree.
        source = {**(self.initial or {}), **(self.data or {})}
        self.victim_indexes = self._indexes(source, "v", extra_victims)
        self.perpetrator_indexes = self._indexes(source, "p", extra_perpetrators)
        for i in self.victim_indexes:
            self.add_victim_fields(i)
        for i in self.perpetrator_indexes:
            self.add_perpetrator_fields(i)
        self.fields["v_sex"].choices = choices("sex")
        self.fields["p_sex"].choices = choices("sex", blank=True)
        for f, kind in [("v_education", "education"), ("v_occupation", "occupation"), ("v_disability", "disability"), ("p_relation", "relation")]:
            self.fields[f].choices = choices(kind, blank=True)

    @classmethod
    def _indexes(cls, source, prefix: str, extra: int) -> list[int]:
        import re

        found = sorted({int(m.group(1)) for k in source for m in [re.match(rf"^{prefix}(\d+)_name$", str(k))] if m and 2 <= int(m.group(1)) <= cls.MAX_EXTRA + 1})
        nxt = (max(found) if found else 1) + 1
        for _n in range(extra):
            if nxt <= cls.MAX_EXTRA + 1:
                found.append(nxt)
                nxt += 1
        return found

    def add_victim_fields(self, i: int) -> None:
        self.fields[f"v{i}_name"] = forms.CharField(label=_("Nama korban"), max_length=200, required=False)
        self.fields[f"v{i}_sex"] = forms.ChoiceField(label=_("Jenis kelamin"), choices=choices("sex", blank=True), required=False)
        self.fields[f"v{i}_birth_date"] = forms.DateField(label=_("Tanggal lahir"), required=False, widget=DATE_INPUT)
        self.fields[f"v{i}_estimated_age"] = forms.IntegerField(label=_("Perkiraan umur"), required=False, min_value=0, max_value=120)
        self.fields[f"v{i}_nik"] = forms.CharField(label=_("NIK (16 digit)"), max_length=30, required=False)
        self.fields[f"v{i}_phone"] = forms.CharField(label=_("Telepon"), max_length=30, required=False)

    def add_perpetrator_fields(self, i: int) -> None:
        self.fields[f"p{i}_name"] = forms.CharField(label=_("Nama terlapor/pelaku"), max_length=200, required=False)
        self.fields[f"p{i}_sex"] = forms.ChoiceField(label=_("Jenis kelamin pelaku"), choices=choices("sex", blank=True), required=False)
        self.fields[f"p{i}_estimated_age"] = forms.IntegerField(label=_("Perkiraan umur pelaku"), required=False, min_value=0, max_value=120)
        self.fields[f"p{i}_relation"] = forms.ChoiceField(label=_("Hubungan pelaku dengan korban"), choices=choices("relation", blank=True), required=False)

    def person_fields(self, prefix: str):
        return [f for f in self if f.name.startswith(prefix)]

    @property
    def extra_victim_groups(self):
        return [(i, self.person_fields(f"v{i}_")) for i in self.victim_indexes]

    @property
    def extra_perpetrator_groups(self):
        return [(i, self.person_fields(f"p{i}_")) for i in self.perpetrator_indexes]

    def clean(self):
        d = super().clean()
        for i in self.victim_indexes:
            if (d.get(f"v{i}_name") or d.get(f"v{i}_nik") or d.get(f"v{i}_estimated_age") is not None or d.get(f"v{i}_birth_date")) and not d.get(f"v{i}_sex"):
                self.add_error(f"v{i}_sex", _("Pilih jenis kelamin korban."))
        return d

    def persons(self) -> list[dict]:
        d = self.cleaned_data
        people = [{
            "role": PersonRole.VICTIM, "name": d["v_name"], "sex": d["v_sex"], "birth_date": d.get("v_birth_date"),
            "estimated_age": d.get("v_estimated_age"), "nik": d.get("v_nik", ""), "phone": d.get("v_phone", ""),
            "street": d.get("v_street", ""), "rw": d.get("v_rw", ""), "rt": d.get("v_rt", ""), "education": d.get("v_education", ""),
            "occupation": d.get("v_occupation", ""), "disability": d.get("v_disability", ""), "address_kelurahan": d.get("kelurahan"),
        }]
        if d.get("p_unknown") or d.get("p_name") or d.get("p_relation"):
            people.append({"role": PersonRole.PERPETRATOR, "name": d.get("p_name", ""), "sex": d.get("p_sex", ""),
                           "estimated_age": d.get("p_estimated_age"), "relation_to_victim": d.get("p_relation", "") or "na",
                           "unknown": bool(d.get("p_unknown"))})
        for i in self.victim_indexes:
            if d.get(f"v{i}_name") or d.get(f"v{i}_nik") or d.get(f"v{i}_estimated_age") is not None or d.get(f"v{i}_birth_date"):
                people.append({"role": PersonRole.VICTIM, "name": d.get(f"v{i}_name", ""), "sex": d.get(f"v{i}_sex", ""),
                               "birth_date": d.get(f"v{i}_birth_date"), "estimated_age": d.get(f"v{i}_estimated_age"),
                               "nik": d.get(f"v{i}_nik", ""), "phone": d.get(f"v{i}_phone", ""), "address_kelurahan": d.get("kelurahan")})
        for i in self.perpetrator_indexes:
            if d.get(f"p{i}_name") or d.get(f"p{i}_relation"):
                people.append({"role": PersonRole.PERPETRATOR, "name": d.get(f"p{i}_name", ""), "sex": d.get(f"p{i}_sex", ""),
                               "estimated_age": d.get(f"p{i}_estimated_age"), "relation_to_victim": d.get(f"p{i}_relation", "") or "na"})
        if d.get("r_name") or d.get("r_phone"):
            people.append({"role": PersonRole.REPORTER, "name": d.get("r_name", ""), "phone": d.get("r_phone", "")})
        return people


class CaseEditForm(_IncidentForm):
    VIOLENCE_FIELD = "violence_forms"
    field_order = ["version"]
    version = forms.IntegerField(widget=forms.HiddenInput)
    violence_forms = forms.MultipleChoiceField(label=_("Bentuk kekerasan"), widget=forms.CheckboxSelectMultiple)
    chronology = forms.CharField(label=_("Kronologi"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000, required=False)
    is_tpks = forms.BooleanField(label=_("Termasuk UU TPKS"), required=False)
    special_protection = forms.ChoiceField(label=_("Perlindungan khusus anak"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].required = False


class TriageForm(forms.Form):
    risk = forms.ChoiceField(label=_("Tingkat risiko"))
    case_type = forms.ChoiceField(label=_("Jenis kasus"), required=False)
    authority = forms.ChoiceField(label=_("Kewenangan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk"].choices = choices("risk")
        self.fields["case_type"].choices = choices("case_type", blank=True)
        self.fields["authority"].choices = choices("authority")


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Status berikutnya"), choices=[c for c in Status.choices if c[0] != Status.CLOSED])


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Berkas (PDF, JPG, PNG, DOCX)"))
    description = forms.CharField(label=_("Keterangan"), max_length=300, required=False)


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan penutupan"))
    note = forms.CharField(label=_("Catatan"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = choices("closure_reason", blank=True)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Alasan membuka kembali"), max_length=2000)


class AssessmentForm(forms.Form):
    biological = forms.CharField(label=_("Kondisi biologis/fisik"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)
    psychological = forms.CharField(label=_("Kondisi psikologis"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)
    social = forms.CharField(label=_("Kondisi sosial"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)
    spiritual = forms.CharField(label=_("Kondisi spiritual"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)
    needs = forms.CharField(label=_("Kebutuhan"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Tugas"), max_length=500)
    goal_title = forms.CharField(label=_("Tujuan (baru, opsional)"), max_length=500, required=False)
    owner_user = forms.ChoiceField(label=_("Penanggung jawab"), required=False)
    due_date = forms.DateField(label=_("Tenggat"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["owner_user"].choices = [("", "—")] + [(u.pk, u.get_full_name() or u.username) for u in staff]


class TaskPostForm(TaskForm):
    """What the task form posts: the owner is a user id (the service checks who may own a task)."""

    owner_user = forms.ModelChoiceField(queryset=User.objects.all(), required=False)


class TaskDoneForm(forms.Form):
    task = IdField()


class IntakePersonForm(forms.Form):
    """Which group of fields the intake form asks for (htmx): `peran` korban or pelaku, `i` its number."""

    peran = forms.ChoiceField(choices=[("korban", "korban"), ("pelaku", "pelaku")])
    i = forms.IntegerField(min_value=2, max_value=IntakeForm.MAX_EXTRA + 1, required=False)

    def clean_i(self):
        return 2 if self.cleaned_data["i"] is None else self.cleaned_data["i"]


class IntakeButtonForm(forms.Form):
    """Which button of the intake form was pressed: none (check for duplicates first), `simpan` (save
    anyway), `tambah_korban` / `tambah_pelaku` (reload the form with one more victim / perpetrator)."""

    action = forms.CharField(required=False)

    def more(self, role: str) -> int:
        """1 when the button asks for one more group of `role` (korban, pelaku) fields, else 0."""
        return int(self.cleaned_data.get("action") == f"tambah_{role}")


class AssignForm(forms.Form):
    assigned_to = forms.ChoiceField(label=_("Manajer kasus"), required=False)
    satgas_assignee = forms.ChoiceField(label=_("Anggota Satgas pendamping"), required=False)

    def __init__(self, *args, managers=(), satgas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = [("", "—")] + [(u.pk, u.get_full_name() or u.username) for u in managers]
        self.fields["satgas_assignee"].choices = [("", "—")] + [(u.pk, u.get_full_name() or u.username) for u in satgas]


class AssignPostForm(forms.Form):
    """What the assignment form posts: user ids, either may be empty (an empty Satgas field clears it)."""

    assigned_to = IdField()
    satgas_assignee = IdField()

    def clean(self):
        d = super().clean()
        d["clear_satgas"] = not d.get("satgas_assignee")
        for name in ("assigned_to", "satgas_assignee"):
            d[name] = User.objects.filter(pk=d[name]).first() if d.get(name) else None
        return d


class ClosureRejectForm(forms.Form):
    note = forms.CharField(required=False, strip=False)


class ReopenPostForm(forms.Form):
    """The reason is checked by the service (`case_reopen`), which answers with its own message."""

    reason = forms.CharField(required=False, strip=False)


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    risk = forms.ChoiceField(label=_("Risiko"), required=False)
    form = forms.ChoiceField(label=_("Bentuk"), required=False)
    place = forms.ChoiceField(label=_("Tempat"), required=False)
    kelurahan = forms.ChoiceField(label=_("Kelurahan"), required=False)
    overdue = forms.BooleanField(label=_("Lewat target respons"), required=False)
    mine = forms.BooleanField(label=_("Ditugaskan kepada saya"), required=False)
    date_from = forms.DateField(label=_("Diterima dari"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, city_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "—")] + list(Status.choices)
        self.fields["risk"].choices = choices("risk", blank=True)
        self.fields["form"].choices = choices("violence_form", blank=True)
        self.fields["place"].choices = choices("place", blank=True)
        kel = [("", "—")]
        for c in sorted(city_codes):
            kel += _kelurahan_choices(c, blank=False)
        self.fields["kelurahan"].choices = kel


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Cari nomor kasus, nama, NIK atau telepon"), max_length=100)
