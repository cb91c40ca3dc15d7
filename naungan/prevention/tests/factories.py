"""Factories for prevention records, made by the prevention services (scope check, value-set
check, audit): outreach events, child forums, community groups, vulnerable families and PERKASA
members. Default: Kota Pasuruan, recorded by its supervisor, in its first kelurahan.

    EventFactory(girls=10, topic="perundungan")
    FamilyFactory(risks=["kemiskinan"], kelurahan=pasuruan.kelurahan[5].code)
    ForumFactory(city_code="35.72")
"""

from __future__ import annotations

from datetime import date

import factory

from naungan.accounts.tests.factories import ServiceFactory
from naungan.accounts.tests.personas import personas
from naungan.prevention import models as M
from naungan.prevention import services as S


class _InCity(ServiceFactory):
    class Meta:
        abstract = True

    city_code = "35.75"
    actor = factory.LazyAttribute(lambda o: personas.user(o.city_code, "supervisor"))


class _InKelurahan(_InCity):
    class Meta:
        abstract = True

    kelurahan = factory.LazyAttribute(lambda o: personas.kelurahan(o.city_code, 0))


class EventFactory(_InKelurahan):
    class Meta:
        model = M.OutreachEvent

    _service = staticmethod(S.event_record)
    on = date(2026, 3, 1)
    organiser = factory.LazyAttribute(lambda o: personas.org(o.city_code, "dinas"))
    topic = "perundungan"


class ForumFactory(_InCity):
    class Meta:
        model = M.ChildForum

    _service = staticmethod(S.forum_create)
    level = "kelurahan"
    region_code = factory.LazyAttribute(lambda o: personas.kelurahan(o.city_code, 0))
    name = factory.Sequence(lambda n: f"Forum Anak {n}")


class GroupFactory(_InKelurahan):
    class Meta:
        model = M.CommunityGroup

    _service = staticmethod(S.group_create)
    kind = "patbm"
    name = factory.Sequence(lambda n: f"PATBM RW {n:02d}")


class FamilyFactory(_InKelurahan):
    class Meta:
        model = M.VulnerableFamily

    _service = staticmethod(S.family_register)
    head_name = "Bapak Suparman"
    risks = factory.LazyFunction(lambda: ["kemiskinan"])


class PerkasaFactory(_InKelurahan):
    class Meta:
        model = M.PerkasaMember

    _service = staticmethod(S.perkasa_register)
    name = "Ibu Rahmawati"
    income_band = "lt1"
