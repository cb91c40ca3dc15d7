"""The standing personas of the tests: Kota Pasuruan and Kota Blitar with every role, built with
the demo's builder (`build_city`) ONCE per test session (per xdist worker) and committed, then
handed to each test as fresh objects read from the database.

- A test that changes the database changes only its own transaction (rolled back by the `db`
  fixture); a test that changes a persona in memory changes only its own copy.
- A transactional test (`transaction=True`, `transactional_db`, `live_server`) empties the
  database at its end; `ensure()` (called by the root conftest before every test) builds the
  personas again, committed, so every test starts from the same two cities whatever ran before.

The root conftest.py wires this into pytest-django (`django_db_setup`) and offers the fixtures
`pasuruan` and `blitar`."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.db import transaction
from django.test.utils import override_settings

from naungan.accounts.demo import CityWorld, build_city
from naungan.accounts.models import Organisation, User
from naungan.regions.models import Region

PASSWORD = "pw-test-123456"
# The hasher of every test (the root conftest's _fast_and_isolated): a password hashed with
# another one could not be checked there.
HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CITIES = {"pasuruan": "35.75", "blitar": "35.72"}


@dataclass(frozen=True)
class Snapshot:
    """A built city by primary keys (and its account list), to be read back from the database."""

    city: str
    kecamatan: tuple[str, ...]
    kelurahan: tuple[str, ...]
    orgs: tuple[tuple[str, int], ...]
    users: tuple[tuple[str, int], ...]
    accounts: tuple[dict, ...]

    @classmethod
    def of(cls, w: CityWorld) -> Snapshot:
        return cls(city=w.city.pk, kecamatan=tuple(r.pk for r in w.kecamatan), kelurahan=tuple(r.pk for r in w.kelurahan),
                   orgs=tuple((k, o.pk) for k, o in w.orgs.items()), users=tuple((k, u.pk) for k, u in w.users.items()),
                   accounts=tuple(copy.deepcopy(w.accounts)))

    def load(self) -> CityWorld:
        """The world as `build_city` returns it, from three queries: the organisations' city and
        region are the world's own region objects (as on a first build), nothing else is shared."""
        regions = Region.objects.in_bulk([self.city, *self.kecamatan, *self.kelurahan])
        orgs = Organisation.objects.in_bulk([pk for _, pk in self.orgs])
        users = User.objects.in_bulk([pk for _, pk in self.users])
        for org in orgs.values():
            if org.city_id in regions:
                org.city = regions[org.city_id]
            if org.region_id in regions:
                org.region = regions[org.region_id]
        return CityWorld(city=regions[self.city], kecamatan=[regions[c] for c in self.kecamatan],
                         kelurahan=[regions[c] for c in self.kelurahan], orgs={k: orgs[pk] for k, pk in self.orgs},
                         users={k: users[pk] for k, pk in self.users}, accounts=copy.deepcopy(list(self.accounts)))


class _Personas:
    def __init__(self):
        self.snapshots: dict[str, Snapshot] = {}
        self.blocker = None  # pytest-django's django_db_blocker, once the test database exists

    def build(self) -> None:
        with override_settings(PASSWORD_HASHERS=HASHERS), transaction.atomic():
            self.snapshots = {name: Snapshot.of(build_city(code, password=PASSWORD)) for name, code in CITIES.items()}

    def setup(self, blocker) -> None:
        """Called once per session, right after the test database is created."""
        self.blocker = blocker
        with blocker.unblock():
            self.build()

    def present(self) -> bool:
        admins = [pk for s in self.snapshots.values() for k, pk in s.users if k == "admin"]
        return User.objects.filter(pk__in=admins).count() == len(admins)

    def ensure(self) -> None:
        """Before a test: build the personas again if a transactional test emptied the database."""
        if self.blocker is None:
            return  # the test database does not exist yet (its setup builds them)
        with self.blocker.unblock():
            if not self.present():
                self.build()

    def world(self, name: str) -> CityWorld:
        return self.snapshots[name].load()

    # For factories, which have no fixture at hand: one persona's record, by city code.

    def _of(self, city_code: str) -> Snapshot:
        for s in self.snapshots.values():
            if s.city == city_code:
                return s
        raise LookupError(f"no persona city {city_code!r}: pass the actor and the kelurahan of other cities explicitly")

    def user(self, city_code: str, key: str) -> User:
        """A fresh User of a persona city, e.g. user("35.75", "case_manager")."""
        return User.objects.get(pk=dict(self._of(city_code).users)[key])

    def org(self, city_code: str, key: str) -> Organisation:
        """A fresh Organisation of a persona city, e.g. org("35.75", OrgKind.POLICE_PPA)."""
        return Organisation.objects.get(pk=dict(self._of(city_code).orgs)[key])

    def kelurahan(self, city_code: str, index: int = 0) -> str:
        """The code of a persona city's kelurahan (as world.kelurahan[index].code)."""
        return self._of(city_code).kelurahan[index]


personas = _Personas()
