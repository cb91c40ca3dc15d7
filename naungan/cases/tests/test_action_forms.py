"""Case actions read their posts with forms: a value that cannot be read is a message or a 404,
never a server error; each action keeps its message."""

import pytest

pytestmark = pytest.mark.django_db


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_a_task_with_a_bad_due_date_or_owner_is_refused_with_the_forms_message(pasuruan, login, make_case):
    case = make_case()
    cm = login(pasuruan.users["case_manager"])
    for bad in ({"title": "Visum", "due_date": "2026-02-30"}, {"title": "Visum", "owner_user": "abc"}, {"title": "Visum", "owner_user": "999999"}):
        r = cm.post(f"/kasus/{case.pk}/aksi/tugas/", bad, follow=True)
        assert r.status_code == 200 and "Isian tugas tidak lengkap." in messages_of(r)
    assert not case.tasks.exists()
    r = cm.post(f"/kasus/{case.pk}/aksi/tugas/", {"title": "Visum", "due_date": "2026-02-03", "owner_user": pasuruan.users["case_manager"].pk},
                follow=True)
    assert "Tugas ditambahkan." in messages_of(r)
    task = case.tasks.get()
    assert task.due_date.isoformat() == "2026-02-03" and task.owner_user == pasuruan.users["case_manager"]


def test_ids_that_are_not_numbers_are_not_found(pasuruan, login, make_case):
    case = make_case()
    cm = login(pasuruan.users["case_manager"])
    assert cm.post(f"/kasus/{case.pk}/aksi/tugas-selesai/", {"task": "abc"}).status_code == 404
    r = cm.post(f"/kasus/{case.pk}/aksi/tugaskan/", {"assigned_to": "abc", "satgas_assignee": "x"}, follow=True)
    assert r.status_code == 200
    assert cm.post(f"/kasus/{case.pk}/aksi/tidak-ada/").status_code == 404
    assert cm.get(f"/kasus/{case.pk}/aksi/catatan/").status_code == 405


def test_the_intake_fragment_reads_its_parameters_with_a_form(pasuruan, login):
    c = login(pasuruan.users["case_manager"])
    assert c.get("/kasus/baru/orang/?peran=pelaku").status_code == 200  # the second group when no number is given
    assert c.get("/kasus/baru/orang/?peran=korban&i=dua").status_code == 404
