"""Surat Rujukan (referral letter) as a formal Indonesian letter, with ReportLab: kop with the
city's logo, letter number (city pattern, gap-free yearly counter, Roman month), Lampiran,
Perihal, place and date in words, addressee, body, the signature block of the head of the UPTD
PPA, and a QR code to the public check of the letter (number, date, issuer, addressee only).
The attachment lists only the details the officer chose to share (identity only with consent)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import segno
from django.utils import translation
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import HRFlowable, Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from naungan.accounts.models import CityConfig
from naungan.core.formatting import tanggal_id

from .selectors import shared_view


def _place(cfg, city) -> str:
    if cfg and cfg.letter_place:
        return cfg.letter_place
    name = city.name if city else ""
    for prefix in ("Kota ", "KOTA ", "Kabupaten ", "KABUPATEN "):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return name.title()


def _logo(cfg):
    if not (cfg and cfg.logo):
        return None
    try:
        with cfg.logo.open("rb") as fh:
            data = io.BytesIO(fh.read())
        img = Image(data)
        ratio = img.imageHeight / float(img.imageWidth or 1)
        img.drawWidth, img.drawHeight = 2.2 * cm, 2.2 * cm * ratio
        return img
    except Exception:  # noqa: BLE001 - a missing or broken logo file must not stop the letter
        return None


def _qr(url: str) -> Image:
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=4, border=1)
    buf.seek(0)
    img = Image(buf)
    img.drawWidth = img.drawHeight = 2.6 * cm
    return img


def referral_letter(referral, *, verify_url: str = "") -> bytes:
    with translation.override("id"):
        return _build(referral, verify_url)


def _build(referral, verify_url: str) -> bytes:
    case = referral.case
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm, topMargin=1.5 * cm, bottomMargin=2 * cm,
                            title=f"Surat Rujukan {referral.letter_number or case.number}", author="Naungan")
    st = getSampleStyleSheet()
    body = st["BodyText"].clone("letter", fontName="Times-Roman", fontSize=11.5, leading=15)
    just = body.clone("just", alignment=TA_JUSTIFY)
    head = body.clone("head", alignment=TA_CENTER, fontName="Times-Bold", fontSize=13, leading=16)
    head_small = body.clone("head_small", alignment=TA_CENTER, fontSize=10, leading=12)
    small = body.clone("small", fontSize=8.5, leading=10.5)
    cfg = CityConfig.objects.filter(city_id=case.city_id).first()
    city = getattr(case, "city", None)

    # Kop surat
    lines = [line.strip() for line in (cfg.letterhead_lines if cfg else "").splitlines() if line.strip()] or \
        [f"PEMERINTAH {city.name.upper()}" if city else "", case.owner_org.name.upper()]
    kop = [Paragraph(escape(lines[0]), head)] + [Paragraph(escape(x), head if i == 0 else head_small) for i, x in enumerate(lines[1:])]
    logo = _logo(cfg)
    story = [Table([[logo or "", kop]], colWidths=[2.6 * cm, 13.9 * cm],
                   style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))]
    story += [HRFlowable(width="100%", thickness=2.2, spaceBefore=4, spaceAfter=1), HRFlowable(width="100%", thickness=0.6, spaceAfter=10)]

    view = shared_view(referral)
    day = referral.letter_date or referral.sent_at.date()
    place_date = f"{_place(cfg, city)}, {tanggal_id(day)}"
    has_attachment = bool(view["fields"])
    meta = [["Nomor", ":", referral.letter_number or "-"], ["Lampiran", ":", "1 (satu) berkas" if has_attachment else "-"],
            ["Perihal", ":", f"Rujukan Penanganan Kasus {view['case_number']}" + (f" — Layanan {view['service']}" if view["service"] else "")]]
    story.append(Table([[Table([[Paragraph(escape(a), body), Paragraph(b, body), Paragraph(f"<b>{escape(c)}</b>" if a == "Perihal" else escape(c), body)]
                                for a, b, c in meta], colWidths=[2.2 * cm, 0.4 * cm, 7.4 * cm],
                               style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])),
                         Paragraph(escape(place_date), body)]], colWidths=[10.5 * cm, 6 * cm],
                       style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])))
    story += [Spacer(1, 12), Paragraph("Kepada Yth.", body), Paragraph(f"<b>{escape(referral.agency.name)}</b>", body),
              Paragraph("di", body), Paragraph("&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;T e m p a t", body), Spacer(1, 12)]

    story.append(Paragraph("Dengan hormat,", body))
    service = f" untuk layanan <b>{escape(view['service'])}</b>" if view["service"] else ""
    story.append(Paragraph(
        f"Sehubungan dengan penanganan kasus nomor <b>{escape(view['case_number'])}</b> oleh {escape(case.owner_org.name)}, "
        f"bersama ini kami merujuk kasus tersebut kepada Bapak/Ibu{service}, dengan permintaan sebagai berikut:", just))
    story += [Spacer(1, 4), Paragraph(escape(view["request"]).replace("\n", "<br/>"), just.clone("req", leftIndent=1 * cm)), Spacer(1, 4)]
    if has_attachment:
        story.append(Paragraph("Data yang diperlukan untuk penanganan kami sampaikan dalam lampiran surat ini"
                               + (" atas persetujuan korban/wali." if referral.consent_id else "."), just))
    story.append(Paragraph(f"Kami mohon jawaban atas rujukan ini paling lambat tanggal <b>{tanggal_id(referral.due_date)}</b> melalui "
                           "sistem Naungan atau menghubungi kami. Atas perhatian dan kerja sama Bapak/Ibu, kami ucapkan terima kasih.", just))
    story.append(Spacer(1, 16))

    # Signature block (right) and QR code (left)
    position = (cfg.uptd_head_position if cfg and cfg.uptd_head_position else "Kepala UPTD PPA")
    sign = [Paragraph(escape(position) + ",", body), Spacer(1, 42),
            Paragraph(f"<u><b>{escape(cfg.uptd_head_name if cfg and cfg.uptd_head_name else '(nama kepala UPTD PPA)')}</b></u>", body),
            Paragraph(f"NIP. {escape(cfg.uptd_head_nip)}" if cfg and cfg.uptd_head_nip else "NIP. -", body)]
    left = [_qr(verify_url), Paragraph(f"Periksa keaslian surat:<br/>{escape(verify_url)}", small)] if verify_url else [Spacer(1, 1)]
    story.append(Table([[left, sign]], colWidths=[9 * cm, 7.5 * cm], style=TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])))
    story += [Spacer(1, 10), Paragraph("<i>RAHASIA. Data dalam surat ini hanya untuk penanganan kasus. Jangan diteruskan kepada pihak lain.</i>", small)]

    if has_attachment:
        story += [PageBreak(), Paragraph(f"Lampiran Surat Nomor {escape(referral.letter_number or '-')}", body),
                  Paragraph(f"Tanggal {tanggal_id(day)}", body), Spacer(1, 8),
                  Paragraph("<b>DATA YANG DIBAGIKAN" + (" (ATAS PERSETUJUAN KORBAN/WALI)" if referral.consent_id else "") + "</b>", body), Spacer(1, 6),
                  Table([[Paragraph(escape(k), body), Paragraph(escape(str(v)).replace("\n", "<br/>"), body)] for k, v in view["fields"].items()],
                        colWidths=[4.5 * cm, 12 * cm], style=TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "#888888"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))]
    doc.build(story)
    return buf.getvalue()
