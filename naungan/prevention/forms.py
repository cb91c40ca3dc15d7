"""The forms of the prevention pages (their HTML is written by hand in the templates; the field names
here are the names those templates post). The offline outreach and family-visit drafts of the field
app are read with the same forms."""

from __future__ import annotations

from django import forms

from naungan.core.formfields import DayField, IdField, IdsField, NumberField, TextField, TextsField


def Count():  # noqa: N802 - reads as a field type
    """A number of people or a year typed on a prevention page: empty is 0, below 0 is 0."""
    return NumberField(floor=0)


class EventForm(forms.Form):
    """An outreach event (sosialisasi)."""

    date = DayField(today=True)
    kelurahan = TextField()
    organiser = IdField()
    topic = TextField()
    audience = TextField(cut=200)
    girls, boys, women, men = Count(), Count(), Count(), Count()
    partners = IdsField()
    partner_text = TextField(cut=300)
    materials = TextField()


class ForumForm(forms.Form):
    level = TextField(default="kelurahan")
    region = TextField(default=None)  # None when not posted: the forum is the city's
    name = TextField(cut=200)
    established = DayField()


class ForumMemberForm(forms.Form):
    forum = IdField()
    initials, sex = TextField(), TextField()  # initials only: a child's name is never kept
    birth_year = Count()


class ActivityForm(forms.Form):
    """An activity of a children's forum (`forum`) or of a community group (`group`)."""

    forum, group = IdField(), IdField()
    date, title = DayField(today=True), TextField(cut=200)
    participants = Count()
    in_musrenbang = forms.BooleanField(required=False)


class GroupForm(forms.Form):
    kelurahan = TextField()
    kind = TextField(default="patbm")
    name = TextField(cut=200)
    rw, rt = TextField(cut=3), TextField(cut=3)
    members_count = Count()
    established = DayField()


class FamilyForm(forms.Form):
    kelurahan = TextField()
    head_name = TextField(cut=200)
    risks = TextsField()
    address = TextField(cut=300)
    rw, rt = TextField(cut=3), TextField(cut=3)
    children_count = Count()


class FamilyVisitForm(forms.Form):
    date = DayField(today=True)
    notes = TextField()


class FamilySupportForm(forms.Form):
    agency = IdField()
    kind = TextField()
    date = DayField(today=True)
    note = TextField()


class StatusForm(forms.Form):
    """A new status of a family (no date) or of a PERKASA member (`member`, the day it changed)."""

    member = IdField()
    status = TextField()
    date = DayField(today=True)


class PerkasaProgrammeForm(forms.Form):
    member = IdField()
    programme = TextField()
    date = DayField(today=True)


class PerkasaForm(forms.Form):
    kelurahan = TextField()
    name = TextField(cut=200)
    nik = TextField()
    dependants = Count()
    income_band = TextField()
    employed = forms.BooleanField(required=False)
