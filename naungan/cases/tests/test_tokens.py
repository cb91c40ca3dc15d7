import pytest
from django.core.management import call_command

from naungan.cases.models import Person, PersonToken
from naungan.cases.services import case_register, person_token_rows
from naungan.cases.tokens import name_birth_key, name_index_tokens

pytestmark = pytest.mark.django_db


def _stored(person) -> set[tuple[str, str]]:
    return set(PersonToken.objects.filter(person=person).values_list("kind", "token"))


def test_registration_writes_the_tokens_of_the_one_recipe(pasuruan):
    case = case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="telepon",
                         persons=[{"role": "victim", "name": "Siti Aminah", "birth_date": "2012-03-04"}])
    victim = case.persons.get()
    assert _stored(victim) == set(name_index_tokens("Siti Aminah", "2012-03-04"))
    assert ("name_birth", name_index_tokens("Siti Aminah", "2012-03-04")[-1][1]) in _stored(victim)
    assert {(r.kind, r.token) for r in person_token_rows(victim)} == _stored(victim)
    # the order of the name's words does not change the name + birth date key
    assert name_birth_key(["siti", "aminah"], "2012-03-04") == name_birth_key(["aminah", "siti"], "2012-03-04")


def test_generated_people_carry_the_same_tokens_as_registered_ones(pasuruan):
    call_command("generate_cases", "--city", "35.75", "--count", "20", "--batch", "20", verbosity=0)
    victims = Person.objects.filter(role="victim")
    assert victims.count() == 20
    for p in victims:
        assert _stored(p) == {(r.kind, r.token) for r in person_token_rows(p)}
