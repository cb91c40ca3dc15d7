"""Case list, search and overdue queries at scale.

Fill a PostgreSQL database first, e.g.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/naungan_bench .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py generate_cases --all-cities --count 1000000 --batch 5000
then `DATABASE_URL=... make bench` (or `.venv/bin/python -m bench cases_list`). Prints timings; asserts nothing."""

from django.db import connection

from bench._timing import report


def _t(label, fn):
    report(label, fn, repeat=5)


def main():
    from naungan.accounts.models import Membership
    from naungan.accounts.roles import Role
    from naungan.cases.models import Case, Person
    from naungan.cases.selectors import case_list

    total = Case.objects.count()
    print(f"database: {connection.vendor}, cases: {total}")
    if not total:
        print("no cases: run generate_cases first")
        return
    m = Membership.objects.filter(role=Role.SUPERVISOR).select_related("user").first()
    if m is None:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create_superuser("bench-admin", password=None)
    else:
        user = m.user
    name = Person.objects.filter(role="victim", case__city_id=m.city_id if m else None).values_list("name", flat=True).first() or "Siti"
    page = lambda f: list(case_list(user=user, filters=f)[:25])  # noqa: E731
    _t("first page, no filter", lambda: page({}))
    _t("first page, status=services", lambda: page({"status": "services"}))
    _t("first page, overdue", lambda: page({"overdue": "1"}))
    _t("first page, form=seksual", lambda: page({"form": "seksual"}))
    _t("count, no filter", lambda: case_list(user=user, filters={}).count())
    _t("search by name (blind index)", lambda: page({"q": name.split()[0]}))
    _t("search by NIK (blind index)", lambda: page({"q": "3575014503140001"}))
    _t("search by phone (blind index)", lambda: page({"q": "0812 1111 2222"}))
    _t("search by case number", lambda: page({"q": Case.objects.order_by("-id").values_list("number", flat=True).first()}))
    _t("first page, assigned to me + overdue", lambda: page({"assigned_to_me": "1", "overdue": "1"}))
    from naungan.cases.selectors import possible_duplicates

    _t("duplicate check (NIK, phone, name + birth date)", lambda: possible_duplicates(
        user=user, nik="3575014503140001", phone="081211112222", name=name, birth_date="2012-06-01"))
