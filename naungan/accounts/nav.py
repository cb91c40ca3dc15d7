from django.utils.translation import gettext_lazy as _

from naungan.core.nav import NavItem, Panel

from .models import CityConfig
from .permissions import CITY_ADMIN, cities_with
from .roles import Role
from .scope import organisations_managed_by, users_managed_by

NAV = [
    NavItem(_("Organisasi"), "accounts:organisation_list", frozenset({Role.CITY_ADMIN, Role.SUPERVISOR, Role.AUDITOR}), order=80),
    NavItem(_("Pengguna"), "accounts:user_list", frozenset({Role.CITY_ADMIN, Role.SUPERVISOR, Role.AUDITOR}), order=81),
    NavItem(_("Konfigurasi kota"), "accounts:city_config", CITY_ADMIN.roles, order=82),
]


def home_panels(request):
    cities = cities_with(request.user, CITY_ADMIN)
    if not cities:
        return []
    configs = {c.city_id: c for c in CityConfig.objects.filter(city_id__in=cities)}
    return [Panel("accounts/panel_admin.html", {
        "users": users_managed_by(request.user).count(),
        "organisations": organisations_managed_by(request.user).count(),
        "configs": [configs.get(c) for c in sorted(cities)],
    }, order=10)]
