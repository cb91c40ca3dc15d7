"""PDF report of a KLA evaluation (ReportLab): totals, and per indicator the score, whether its
weight is official, its source, the evidence checklist and the figures from Naungan with links."""

from __future__ import annotations

import io
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

# ZapfDingbats: "4" is a check mark, "o" an empty box; the standard Helvetica has neither glyph.
CHECKED = '<font name="ZapfDingbats">4</font>'
UNCHECKED = '<font name="ZapfDingbats">o</font>'


def _p(text: str, style) -> Paragraph:
    return Paragraph(text, style)


def evaluation_report(e, summary, *, base_url: str = "") -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm, bottomMargin=1.8 * cm,
                            title=f"Evaluasi KLA {e.city.name} {e.year}")
    st = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=st["BodyText"], fontSize=8, leading=10, textColor="#555555")
    item = ParagraphStyle("item", parent=st["BodyText"], fontSize=9, leading=11.5, leftIndent=12, firstLineIndent=-12)
    fig = ParagraphStyle("fig", parent=st["BodyText"], fontSize=8, leading=10, leftIndent=12, textColor="#0b4f6c")
    head = ParagraphStyle("ind", parent=st["Heading4"], spaceBefore=8, spaceAfter=2)

    story = [_p(escape(_("Evaluasi Mandiri Kota Layak Anak — %(c)s %(y)s") % {"c": e.city.name, "y": e.year}), st["Title"]),
             _p(escape(_("Set indikator: %(s)s (%(v)s)") % {"s": e.indicator_set.name, "v": e.indicator_set.version}), st["Normal"]), Spacer(1, 8)]
    level = summary.level or (_("belum lengkap") if not summary.complete else _("belum berpredikat"))
    story.append(_p(escape(_("Nilai total: %(t)s dari %(m)s — Predikat: %(l)s") % {"t": summary.total, "m": summary.maximum, "l": level}), st["Heading2"]))
    if summary.missing:
        story.append(_p(escape(_("Evaluasi belum lengkap: indikator %(n)s belum dinilai.") % {"n": ", ".join(map(str, summary.missing))}), st["Normal"]))
    if summary.next:
        story.append(_p(escape(_("Menuju %(l)s: kurang %(n)s poin.") % {"l": summary.next[0], "n": summary.next[1]}), st["Normal"]))
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
        story.append(_p(escape(f"{c['name']}: {c['total']} / {c['max']}"), st["Heading3"]))
        for s in c["scores"]:
            ind = s.indicator
            score = "—" if s.score is None else str(s.score)
            mark = "" if ind.weight_official else "*"
            block = [_p(escape(f"{ind.number}. {ind.title} — {score} / {ind.max_score}{mark}"), head)]
            weight = _("bobot resmi") if ind.weight_official else _("bobot sementara, bukan resmi")
            src = escape(_("Sumber: %(s)s") % {"s": ind.source or "—"})
            if ind.source_url:
                src += f' (<a href="{escape(ind.source_url)}" color="#0b4f6c">{escape(ind.source_url)}</a>)'
            block.append(_p(f"{escape(weight)}. {src}", small))
            if ind.note:
                block.append(_p(escape(ind.note), small))
            for it in s.evidence_items:
                block.append(_p(f"{CHECKED if it.pk in s.checked_ids else UNCHECKED} {escape(it.label)}", item))
                f = getattr(it, "fig", None)
                if f:
                    text = escape(f"Naungan: {f.label}: {f.value}")
                    if f.rows:
                        text += escape(" (" + "; ".join(f"{lab}: {n}" for lab, n in f.rows if n) + ")") if any(n for _l, n in f.rows) else ""
                    if f.url:
                        url = urljoin(base_url, f.url) if base_url else f.url
                        text += f' — <a href="{escape(url)}" color="#0b4f6c">{escape(_("sumber"))}</a>'
                    block.append(_p(text, fig))
            if s.evidence:
                block.append(_p(escape(_("Bukti: %(b)s") % {"b": s.evidence}), small))
            if s.evidence_url:
                block.append(_p(escape(_("Tautan bukti: %(u)s") % {"u": s.evidence_url}), small))
            if s.reviewer_comment:
                block.append(_p(escape(_("Komentar peninjau: %(k)s") % {"k": s.reviewer_comment}), small))
            story.append(KeepTogether(block))
    doc.build(story)
    return buf.getvalue()
