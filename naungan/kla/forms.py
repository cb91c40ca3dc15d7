"""Forms of the KLA pages: the posts are parsed and checked here (a year, a score with a decimal
comma, a date), the services get clean values. The pages answer with a redirect and the form's
message (they are hand-written tables of many small forms)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from naungan.core.formfields import IdsField

from .models import Indicator, Score
from .services import BAD_WEIGHT, SCORE_RANGE

BAD_YEAR = _("Tahun tidak valid.")


def decimal_or_none(value: str, message: str) -> Decimal | None:
    """A number as typed (a decimal comma is a point); empty gives None, anything else `message`."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(message)
    if not number.is_finite():
        raise ValidationError(message)
    return number


class EvaluationForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, error_messages={k: BAD_YEAR for k in ("required", "invalid", "min_value", "max_value")})


class EvidenceForm(forms.Form):
    """The evidence items of one indicator that the city has in hand (ticked)."""
    form = forms.ChoiceField(choices=[("evidence", "evidence")])
    item = IdsField()


class ScoreForm(forms.Form):
    value = forms.CharField(required=False, max_length=20)
    evidence = forms.CharField(required=False)
    evidence_url = forms.URLField(required=False, assume_scheme="https", max_length=200)
    reviewer_comment = forms.CharField(required=False)
    document = forms.FileField(required=False)

    def __init__(self, *args, score: Score, **kwargs):
        super().__init__(*args, **kwargs)
        self.score = score

    def clean_value(self) -> Decimal | None:
        ind = self.score.indicator
        return decimal_or_none(self.cleaned_data["value"], gettext(SCORE_RANGE).format(n=ind.number, max=ind.max_score))


class IndicatorForm(forms.Form):
    """An administrator's correction of an indicator; a field left out of the post keeps its value."""
    title = forms.CharField(required=False)
    max_score = forms.CharField(required=False, max_length=20)
    needs_review = forms.BooleanField(required=False)
    weight_official = forms.BooleanField(required=False)
    evidence = forms.CharField(required=False)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean(self):
        d = super().clean()
        ind = self.indicator
        if "title" not in self.data:
            d["title"] = ind.title
        if "max_score" not in self.data:
            d["max_score"] = ind.max_score
        elif "max_score" in d:
            weight = decimal_or_none(d["max_score"], gettext(BAD_WEIGHT).format(n=ind.number))
            d["max_score"] = weight if weight is not None else d["max_score"]
        if "evidence" not in self.data:
            d["evidence"] = None  # the evidence items stay as they are
        return d


class DekelaForm(forms.Form):
    kelurahan = forms.CharField(max_length=20, required=False)
    item = forms.CharField(max_length=40, required=False)
    status = forms.CharField(max_length=8, required=False)
    evidence = forms.CharField(max_length=300, required=False)
    date = forms.DateField(required=False)
