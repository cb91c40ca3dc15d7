"""Printable case summary (PDF, ReportLab) for case conferences. It holds identities: the view
that serves it checks scope and audits it like the case page; a reporter's identity appears only
for those who may see it there."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from naungan.catalogues.selectors import label
from naungan.core.formatting import tanggal_id

from .models import TaskStatus
from .selectors import person_identity_visible


def _p(text, style):
    return Paragraph(escape(str(text or "—")).replace("\n", "<br/>"), style)


def case_summary(case, *, user) -> bytes:
    with translation.override("id"):
        return _build(case, user)


def _build(case, user) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.6 * cm, bottomMargin=1.8 * cm,
                            title=f"Ringkasan kasus {case.number}", author="Naungan")
    st = getSampleStyleSheet()
    body, small = st["BodyText"], st["BodyText"].clone("small", fontSize=8, leading=10)
    now = timezone.localtime()
    story = [Paragraph(f"<b>RINGKASAN KASUS {escape(case.number)}</b>", st["Heading2"]),
             Paragraph(f"RAHASIA — untuk rapat kasus. Dicetak {tanggal_id(now)} {now:%H:%M} oleh {escape(user.get_username())}.", small),
             HRFlowable(width="100%", thickness=1), Spacer(1, 6)]
    forms = ", ".join(label("violence_form", f.form) for f in case.forms.all()) or "—"
    rows = [
        ["Status", case.get_status_display()], ["Risiko", case.get_risk_display() if case.risk else "—"],
        ["Diterima", f"{tanggal_id(case.received_at)} — {label('channel', case.channel)}"],
        ["Kelurahan", f"{case.kelurahan.name if case.kelurahan else '—'}{', ' + case.kecamatan.name if case.kecamatan else ''}"],
        ["Tanggal kejadian", tanggal_id(case.incident_date) if case.incident_date else "—"], ["Tempat", label("place", case.place) or "—"],
        ["Bentuk kekerasan", forms], ["Jenis kasus", label("case_type", case.case_type) or "—"],
        ["Manajer kasus", case.assigned_to.get_full_name() or case.assigned_to.username if case.assigned_to else "—"],
    ]
    story.append(Table([[_p(a, body), _p(b, body)] for a, b in rows], colWidths=[4.5 * cm, 12.5 * cm],
                       style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])))
    story += [Spacer(1, 8), Paragraph("<b>Orang dalam kasus</b>", body)]
    prow = [[_p("Peran", body), _p("Nama", body), _p("Umur / jenis kelamin", body), _p("Hubungan", body)]]
    for p in case.persons.order_by("id"):
        visible = person_identity_visible(user, p)
        age = f"{p.age_at_incident} th" if p.age_at_incident is not None else "—"
        prow.append([_p(p.get_role_display(), body), _p((p.name or "(tanpa nama)") if visible else "(dirahasiakan)", body),
                     _p(f"{age} / {label('sex', p.sex) or '—'}", body), _p(label("relation", p.relation_to_victim) or "—", body)])
    story.append(Table(prow, colWidths=[3.2 * cm, 6 * cm, 4 * cm, 3.8 * cm], style=TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "#999999")])))
    story += [Spacer(1, 8), Paragraph("<b>Kronologi</b>", body), _p(case.chronology, body)]
    a = case.assessments.order_by("-assessed_at").first()
    if a:
        story += [Spacer(1, 8), Paragraph(f"<b>Asesmen terakhir ({tanggal_id(a.assessed_at)})</b>", body)]
        story.append(Table([[_p(k, body), _p(v, body)] for k, v in [("Biologis", a.biological), ("Psikologis", a.psychological),
                            ("Sosial", a.social), ("Spiritual", a.spiritual), ("Kebutuhan", a.needs)]], colWidths=[4.5 * cm, 12.5 * cm]))
    tasks = list(case.tasks.filter(status=TaskStatus.OPEN).select_related("owner_user").order_by("due_date"))
    story += [Spacer(1, 8), Paragraph("<b>Rencana intervensi — tugas terbuka</b>", body)]
    story += [_p(f"• {t.title} — {t.owner_user.get_full_name() or t.owner_user.username if t.owner_user else '—'}"
                 f"{', tenggat ' + tanggal_id(t.due_date) if t.due_date else ''}", body) for t in tasks] or [_p("Tidak ada.", body)]
    story += [Spacer(1, 8), Paragraph("<b>Linimasa terakhir</b>", body)]
    for e in case.events.order_by("-created_at", "-id")[:10]:
        story.append(_p(f"{timezone.localtime(e.created_at):%d-%m-%Y %H:%M} · {e.get_kind_display()} · {e.body[:400]}", small))
    doc.build(story)
    return buf.getvalue()
