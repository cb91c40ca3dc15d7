"""Fill English msgstr in an app's .po from a JSON dictionary {msgid: msgstr}; report what is left.
Usage: .venv/bin/python scripts/translate.py naungan/<app>/locale/en/LC_MESSAGES/django.po dict.json"""

import json
import sys

import polib

po = polib.pofile(sys.argv[1])
table = json.load(open(sys.argv[2], encoding="utf-8"))
for e in po:
    if e.msgid in table:
        v = table[e.msgid]
        if e.msgid_plural:
            e.msgstr_plural = {0: v, 1: v}
        else:
            e.msgstr = v
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
po.save()
left = [e.msgid for e in po if not (e.msgstr or e.msgstr_plural.get(0))]
print(sys.argv[1], "left:", len(left))
