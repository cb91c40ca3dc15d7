"""Surat Rujukan (referral letter) as PDF with ReportLab: the city's letterhead, the case number,
what is asked, and only the details the officer chose to share (identity only with consent)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table

from naungan.accounts.models import CityConfig

from .selectors import shared_view


def referral_letter(referral) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2.2 * cm, rightMargin=2.2 * cm, topMargin=1.8 * cm, bottomMargin=2 * cm,
                            title=f"Surat Rujukan {referral.case.number}", author="Naungan")
    styles = getSampleStyleSheet()
    head = styles["Title"].clone("head", fontSize=12, leading=15, spaceAfter=0)
    body = styles["BodyText"]
    cfg = CityConfig.objects.filter(city_id=referral.case.city_id).first()
    lines = [line for line in (cfg.letterhead_lines if cfg else "").splitlines() if line.strip()] or [referral.case.owner_org.name]
    story = [Paragraph(escape(line), head) for line in lines]
    story += [Spacer(1, 4), HRFlowable(width="100%", thickness=1.5), Spacer(1, 10)]
    view = shared_view(referral)
    story.append(Paragraph("<b>SURAT RUJUKAN</b>", styles["Heading2"]))
    meta = [["Nomor kasus", view["case_number"]], ["Tanggal", timezone.localtime(referral.sent_at).strftime("%d-%m-%Y")],
            ["Kepada", referral.agency.name], ["Dari", referral.case.owner_org.name], ["Jawaban diharapkan", referral.due_date.strftime("%d-%m-%Y")]]
    if view["service"]:
        meta.append(["Layanan yang diminta", view["service"]])
    story.append(Table([[Paragraph(escape(a), body), Paragraph(escape(str(b)), body)] for a, b in meta], colWidths=[5 * cm, 11 * cm]))
    story += [Spacer(1, 10), Paragraph("<b>Permintaan</b>", body), Paragraph(escape(view["request"]).replace("\n", "<br/>"), body)]
    if view["fields"]:
        story += [Spacer(1, 10), Paragraph("<b>Data yang dibagikan (atas persetujuan)</b>" if referral.consent_id else "<b>Data yang dibagikan</b>", body)]
        story.append(Table([[Paragraph(escape(k), body), Paragraph(escape(str(v)).replace("\n", "<br/>"), body)] for k, v in view["fields"].items()],
                           colWidths=[5 * cm, 11 * cm]))
    story += [Spacer(1, 14), Paragraph("Data dalam surat ini rahasia dan hanya untuk penanganan kasus. Jangan diteruskan kepada pihak lain.", styles["Italic"])]
    doc.build(story)
    return buf.getvalue()
