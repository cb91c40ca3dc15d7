"""Factories (factory_boy) for accounts, and the base of every factory of Naungan's tests.

Objects are made by the app's own services, never by a bare `Model.objects.create`: a case gets
its number, audit event, aggregates and encrypted fields exactly as on the intake page. Defaults
use the standing personas (naungan/accounts/tests/personas.py): Kota Pasuruan, its case manager,
its first kelurahan; name another city with `city_code="35.72"` (Blitar) or pass the actor."""

from __future__ import annotations

import factory

from naungan.accounts import services as S
from naungan.accounts.models import Membership, User
from naungan.accounts.roles import Role
from naungan.accounts.tests.personas import PASSWORD, personas


class ServiceFactory(factory.Factory):
    """A factory whose `create()` calls the service named in `_service` with the declarations as
    keyword arguments. `build()` is refused: an unsaved case (report, referral…) is no such thing."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return cls._service(**kwargs)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise TypeError(f"{cls.__name__} makes objects through their service only: use {cls.__name__}() (create)")


class UserFactory(ServiceFactory):
    """A user account (audited as user.create), password PASSWORD; no membership."""

    class Meta:
        model = User

    _service = staticmethod(S.user_create)
    actor = None
    username = factory.Sequence(lambda n: f"pengguna.uji{n}")
    password = PASSWORD


class MembershipFactory(ServiceFactory):
    """A membership granted as the admin pages grant it (membership.grant). Default: a new user as
    case manager of the Pasuruan UPTD PPA, granted by the Pasuruan city admin."""

    class Meta:
        model = Membership

    _service = staticmethod(S.membership_grant)

    class Params:
        city_code = "35.75"

    actor = factory.LazyAttribute(lambda o: personas.user(o.city_code, "admin"))
    user = factory.SubFactory(UserFactory)
    role = Role.CASE_MANAGER
    organisation = factory.LazyAttribute(lambda o: personas.org(o.city_code, "uptd"))
    region = None
