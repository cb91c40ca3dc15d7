"""Dashboard, public-page and export queries at scale (run against a database filled with
generate_cases; see bench/cases_list.py). Prints timings; asserts nothing."""

import time

from django.db import connection

from bench._timing import report


def _t(label, fn):
    report(label, fn, repeat=3)


def main():
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from naungan.cases.models import Case
    from naungan.regions.models import Region
    from naungan.stats import selectors as Q
    from naungan.stats.selectors import dashboard_tables, public_figures

    total = Case.objects.count()
    print(f"database: {connection.vendor}, cases: {total}")
    if not total:
        print("no cases: run generate_cases first")
        return
    city_code = Case.objects.values("city_id").annotate(n=Count("pk")).order_by("-n").first()["city_id"]
    city = Region.objects.get(code=city_code)
    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-admin", password=None)
    f = Q.Filters(city=city_code)
    print(f"city {city_code}: {Case.objects.filter(city_id=city_code).count()} cases")
    _t("dashboard tables, one city, all time", lambda: dashboard_tables(user, f, "month", city))
    _t("open work counts, one city", lambda: Q.open_work(Q.filtered_cases(user, f)))
    _t("kelurahan heat table, one city", lambda: Q.kelurahan_table(Q.filtered_cases(user, f), city_code))
    _t("public figures, one city, this year", lambda: public_figures(city, time.localtime().tm_year))
