"""The field script's messages are translated by Django and handed to the script in the page."""

import json
import re

from django.conf import settings


def _strings(body: str) -> dict:
    m = re.search(r'<script id="naungan-field-strings" type="application/json">(.*?)</script>', body, re.S)
    assert m, "the page carries no field messages"
    return json.loads(m.group(1))


def test_the_messages_follow_the_language_switch(pasuruan, login):
    c = login(pasuruan.users["case_manager"])
    ind = _strings(c.get("/kasus/baru/").content.decode())
    assert ind["offline"].startswith("Anda sedang luring") and "{n}" in ind["queued"] and ind["login"] == "Masuk"
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = _strings(c.get("/kasus/baru/").content.decode())
    assert en["offline"].startswith("You are offline") and en["queued"].endswith("Waiting: {n}.") and en["login"] == "Sign in"
    assert set(en) == set(ind)


def test_an_anonymous_visitor_gets_no_field_script(client, db):
    body = client.get("/akun/masuk/").content.decode()
    assert "naungan-field-strings" not in body and "field/offline.js" not in body


def test_one_word_with_three_meanings_is_translated_by_its_context(pasuruan, login):
    """"Masuk" is "Sign in" on the login page, "Received" for a report, "Admitted" for a safe house."""
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("en"):
        out = Template('{% load i18n %}{% translate "Masuk" %}|{% translate "Masuk" context "waktu laporan" %}|'
                       '{% translate "Masuk" context "rumah aman" %}').render(Context())
    assert out == "Sign in|Received|Admitted"
