"""PDF report of a KLA evaluation (ReportLab)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def evaluation_report(e, summary) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, title=f"Evaluasi KLA {e.city.name} {e.year}")
    st = getSampleStyleSheet()
    story = [Paragraph(escape(f"Evaluasi Mandiri Kota Layak Anak — {e.city.name} {e.year}"), st["Title"]),
             Paragraph(escape(f"Set indikator: {e.indicator_set}"), st["Normal"]), Spacer(1, 8)]
    level = summary.level or ("belum lengkap" if not summary.complete else "belum berpredikat")
    story.append(Paragraph(escape(f"Nilai total: {summary.total} dari {summary.maximum} — Predikat: {level}"), st["Heading2"]))
    if summary.missing:
        story.append(Paragraph(escape(f"Evaluasi belum lengkap: indikator {', '.join(map(str, summary.missing))} belum dinilai."), st["Normal"]))
    if summary.next:
        story.append(Paragraph(escape(f"Menuju {summary.next[0]}: kurang {summary.next[1]} poin."), st["Normal"]))
    for note in summary.notes:
        story.append(Paragraph(escape(note), st["Normal"]))
    story.append(Spacer(1, 8))
    for c in summary.clusters:
        story.append(Paragraph(escape(f"{c['name']}: {c['total']} / {c['max']}"), st["Heading3"]))
        rows = [["No", "Indikator", "Nilai", "Maks."]] + [
            [str(s.indicator.number), Paragraph(escape(s.indicator.title), st["BodyText"]), "—" if s.score is None else str(s.score), str(s.indicator.max_score)]
            for s in c["scores"]]
        t = Table(rows, colWidths=[1.2 * cm, 11 * cm, 2 * cm, 2 * cm])
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, "#999999"), ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [t, Spacer(1, 6)]
    if summary.needs_review:
        story.append(Paragraph(escape(f"Catatan: {summary.needs_review} indikator ditandai perlu ditinjau administrator (judul/bobot belum terkonfirmasi)."), st["Italic"]))
    doc.build(story)
    return buf.getvalue()
