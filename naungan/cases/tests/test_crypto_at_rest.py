import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_database_holds_no_plaintext_identity(make_case):
    make_case()
    with connection.cursor() as cur:
        cur.execute("SELECT name, nik, phone, street, birth_date, nik_bidx, phone_bidx FROM cases_person")
        rows = cur.fetchall()
        cur.execute("SELECT chronology FROM cases_case")
        rows += cur.fetchall()
        cur.execute("SELECT token FROM cases_persontoken")
        rows += cur.fetchall()
        cur.execute("SELECT body FROM cases_caseevent")
        rows += cur.fetchall()
        cur.execute("SELECT changes FROM audit_auditevent")
        rows += cur.fetchall()
    blob = repr(rows)
    for secret in ["Siti", "Aminah", "3575014503140001", "3456", "Melati", "2014-03-05", "dipukul"]:
        assert secret not in blob, secret
