"""PDF report of a KLA evaluation (ReportLab): totals, and per indicator the score, whether its
weight is official, its source, the evidence checklist and the figures from Naungan with links."""

from __future__ import annotations

import io
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


class CheckBox(Flowable):
    """A drawn box, ticked or empty: the standard PDF fonts have no check-mark glyph that every
    viewer renders (ZapfDingbats is often substituted)."""

    size = 8

    def __init__(self, checked: bool):
        super().__init__()
        self.checked = checked
        self.width = self.height = self.size

    def draw(self):
        c, n = self.canv, self.size
        c.setLineWidth(0.7)
        c.rect(0, 0, n, n)
        if self.checked:
            c.setLineWidth(1.3)
            c.lines([(1.5, 4.2, 3.4, 1.8), (3.4, 1.8, 6.8, 6.8)])


def _p(text: str, style) -> Paragraph:
    return Paragraph(text, style)


def _num(value) -> str:
    return number_format(value, 2)


def evaluation_report(e, summary, *, base_url: str = "") -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm, bottomMargin=1.8 * cm,
                            title=f"Evaluasi KLA {e.city.name} {e.year}")
    st = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=st["BodyText"], fontSize=8, leading=10, textColor="#555555")
    item = ParagraphStyle("item", parent=st["BodyText"], fontSize=9, leading=11.5)
    fig = ParagraphStyle("fig", parent=st["BodyText"], fontSize=8, leading=10, textColor="#0b4f6c")
    width = A4[0] - 4 * cm
    head = ParagraphStyle("ind", parent=st["Heading4"], spaceBefore=8, spaceAfter=2)

    story = [_p(escape(_("Evaluasi Mandiri Kota Layak Anak — %(c)s %(y)s") % {"c": e.city.name, "y": e.year}), st["Title"]),
             _p(escape(_("Set indikator: %(s)s (%(v)s)") % {"s": e.indicator_set.name, "v": e.indicator_set.version}), st["Normal"]), Spacer(1, 8)]
    level = summary.level or (_("belum lengkap") if not summary.complete else _("belum berpredikat"))
    story.append(_p(escape(_("Nilai total: %(t)s dari %(m)s — Predikat: %(l)s") % {"t": _num(summary.total), "m": _num(summary.maximum), "l": level}),
                    st["Heading2"]))
    if summary.missing:
        story.append(_p(escape(_("Evaluasi belum lengkap: indikator %(n)s belum dinilai.") % {"n": ", ".join(map(str, summary.missing))}), st["Normal"]))
    if summary.next:
        story.append(_p(escape(_("Menuju %(l)s: kurang %(n)s poin.") % {"l": summary.next[0], "n": _num(summary.next[1])}), st["Normal"]))
    for note in summary.notes:
        story.append(_p(escape(note), st["Normal"]))
    story.append(_p(escape(_("Data dukung tersedia: %(c)s dari %(t)s butir.") % {"c": summary.evidence_checked, "t": summary.evidence_total}), st["Normal"]))
    if summary.weights_unofficial:
        story.append(_p(escape(_("* %(n)s indikator memakai bobot sementara (pembagian rata), bukan bobot resmi: nilai total dan predikat "
                                 "dalam laporan ini adalah perkiraan.") % {"n": summary.weights_unofficial}), st["Italic"]))
    if summary.needs_review:
        story.append(_p(escape(_("%(n)s indikator ditandai perlu ditinjau administrator: cocokkan judulnya dengan teks peraturan.")
                               % {"n": summary.needs_review}), st["Italic"]))
    story.append(Spacer(1, 6))

    for c in summary.clusters:
        story.append(_p(escape(f"{c['name']}: {_num(c['total'])} / {_num(c['max'])}"), st["Heading3"]))
        for s in c["scores"]:
            ind = s.indicator
            score = "—" if s.score is None else _num(s.score)
            mark = "" if ind.weight_official else "*"
            block = [_p(escape(f"{ind.number}. {ind.title} — {score} / {_num(ind.max_score)}{mark}"), head)]
            weight = _("Bobot resmi") if ind.weight_official else _("Bobot sementara, bukan resmi")
            src = escape(_("Sumber: %(s)s") % {"s": ind.source or "—"})
            if ind.source_url:
                src += f' (<a href="{escape(ind.source_url)}" color="#0b4f6c">{escape(ind.source_url)}</a>)'
            block.append(_p(f"{escape(weight)}. {src}", small))
            if ind.note:
                block.append(_p(escape(ind.note), small))
            rows = []
            for it in s.evidence_items:
                cell = [_p(escape(it.label), item)]
                f = getattr(it, "fig", None)
                if f:
                    text = escape(f"Naungan: {f.label}: {f.value}")
                    if f.rows:
                        text += escape(" (" + "; ".join(f"{lab}: {n}" for lab, n in f.rows if n) + ")") if any(n for _l, n in f.rows) else ""
                    if f.url:
                        url = urljoin(base_url, f.url) if base_url else f.url
                        text += f' — <a href="{escape(url)}" color="#0b4f6c">{escape(_("sumber"))}</a>'
                    cell.append(_p(text, fig))
                rows.append([CheckBox(it.pk in s.checked_ids), cell])
            if rows:
                t = Table(rows, colWidths=[0.55 * cm, width - 0.55 * cm])
                t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                       ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
                block.append(t)
            if s.evidence:
                block.append(_p(escape(_("Bukti: %(b)s") % {"b": s.evidence}), small))
            if s.evidence_url:
                block.append(_p(escape(_("Tautan bukti: %(u)s") % {"u": s.evidence_url}), small))
            if s.reviewer_comment:
                block.append(_p(escape(_("Komentar peninjau: %(k)s") % {"k": s.reviewer_comment}), small))
            story.append(KeepTogether(block))
    doc.build(story)
    return buf.getvalue()
