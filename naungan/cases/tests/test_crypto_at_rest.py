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


def test_assessment_plan_and_notes_are_sealed(pasuruan, make_case):
    from naungan.cases import services as S

    cm = pasuruan.users["case_manager"]
    case = make_case()
    S.assessment_save(actor=cm, case=case, psychological="Trauma berat Kartini", needs="Rumah aman Kartini")
    goal = S.plan_goal_add(actor=cm, case=case, title="Pemulihan Kartini")
    S.plan_task_add(actor=cm, case=case, goal=goal, title="Visum Kartini", owner_user=cm)
    S.case_note_add(actor=cm, case=case, body="Bertemu Kartini di sekolah")
    with connection.cursor() as cur:
        rows = []
        for sql in ("SELECT biological, psychological, social, spiritual, needs FROM cases_assessment",
                    "SELECT title FROM cases_plangoal", "SELECT title FROM cases_plantask", "SELECT body FROM cases_caseevent",
                    "SELECT changes FROM audit_auditevent", "SELECT text FROM cases_notification"):
            cur.execute(sql)
            rows += cur.fetchall()
    assert "Kartini" not in repr(rows)
