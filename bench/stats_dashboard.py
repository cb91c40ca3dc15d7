"""Dashboard, public-page and export queries at scale (run against a database filled with
generate_cases; see bench/cases_list.py). Prints timings; asserts nothing."""

import statistics
import time

from django.db import connection


def _time(label, fn, repeat=3):
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    print(f"{label:<55} median {statistics.median(samples):8.1f} ms")


def main():
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from naungan.cases.models import Case
    from naungan.regions.models import Region
    from naungan.stats import selectors as Q
    from naungan.stats.views import dashboard_tables, public_figures

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
    _time("dashboard tables, one city, all time", lambda: dashboard_tables(user, f, "month", city))
    _time("open work counts, one city", lambda: Q.open_work(Q.filtered_cases(user, f)))
    _time("kelurahan heat table, one city", lambda: Q.kelurahan_table(Q.filtered_cases(user, f), city_code))
    _time("public figures, one city, this year", lambda: public_figures(city, time.localtime().tm_year))
