"""The standing personas (personas.py): built once per session, fresh objects for every test,
built again after a transactional test emptied the database."""

import pytest
from django.core.management import call_command

from naungan.accounts.demo import build_city
from naungan.accounts.models import Membership, User
from naungan.accounts.roles import Role
from naungan.accounts.scope import memberships
from naungan.accounts.tests.factories import MembershipFactory, UserFactory
from naungan.accounts.tests.personas import PASSWORD, personas
from naungan.audit.models import AuditEvent

KEYS = {"admin", "supervisor", "case_manager", "analyst", "auditor", "partner_police", "partner_social", "community",
        "ppt_0", "ppt_1", "satgas_0", "satgas_1"}


def test_the_fixture_is_the_world_build_city_returns(pasuruan, blitar):
    assert set(pasuruan.users) == set(blitar.users) == KEYS
    built = build_city("35.75", password=PASSWORD)  # idempotent: the same rows
    assert {k: u.pk for k, u in built.users.items()} == {k: u.pk for k, u in pasuruan.users.items()}
    assert {k: o.pk for k, o in built.orgs.items()} == {k: o.pk for k, o in pasuruan.orgs.items()}
    assert [r.code for r in built.kelurahan] == [r.code for r in pasuruan.kelurahan]
    assert built.accounts == pasuruan.accounts and built.city == pasuruan.city
    assert pasuruan.users["admin"].check_password(PASSWORD)
    assert blitar.city.code == "35.72" and pasuruan.orgs["uptd"].city is pasuruan.city  # no query for an org's city


def test_each_test_gets_its_own_objects(pasuruan):
    again = personas.world("pasuruan")
    assert again.users["case_manager"] is not pasuruan.users["case_manager"]
    pasuruan.users["case_manager"].first_name = "Diubah di memori"
    memberships(pasuruan.users["case_manager"])  # cached on the object
    assert again.users["case_manager"].first_name == ""
    assert not hasattr(again.users["case_manager"], "_naungan_memberships")
    pasuruan.accounts.clear()
    assert personas.world("pasuruan").accounts


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_personas_are_built_again(pasuruan):
    call_command("flush", interactive=False, verbosity=0)  # what a transactional test does at its end
    assert not personas.present()
    personas.ensure()
    assert personas.present()
    assert set(personas.world("pasuruan").users) == KEYS and personas.user("35.72", "admin").username == "admin.3572"


def test_persona_lookups_for_factories(pasuruan):
    assert personas.user("35.75", "case_manager") == pasuruan.users["case_manager"]
    assert personas.org("35.75", "uptd") == pasuruan.orgs["uptd"]
    assert personas.kelurahan("35.75", 3) == pasuruan.kelurahan[3].code
    with pytest.raises(LookupError, match="35.71"):
        personas.user("35.71", "admin")


def test_user_and_membership_factories_go_through_the_audited_services(pasuruan):
    user = UserFactory()
    assert user.check_password(PASSWORD) and not Membership.objects.filter(user=user).exists()
    m = MembershipFactory(role=Role.SUPERVISOR, organisation=pasuruan.orgs["dinas"])
    assert (m.role, m.city_id, m.region_id, m.user.username.startswith("pengguna.uji")) == (Role.SUPERVISOR, "35.75", "35.75", True)
    assert AuditEvent.objects.filter(action="membership.grant", object_id=str(m.pk)).exists()
    assert AuditEvent.objects.filter(action="user.create").count() == 2
    with pytest.raises(TypeError, match="service"):
        UserFactory.build()
    assert User.objects.filter(username__startswith="pengguna.uji").count() == 2
