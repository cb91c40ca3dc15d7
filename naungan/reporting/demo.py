"""A handful of public and community reports per city, in every state the reporter can see:
received (one urgent, one from the child-friendly form), being handled (converted, attached),
and closed (not relevant). Idempotent: a city that has reports is left alone."""

from __future__ import annotations

from . import services as S
from .models import Channel, Report


def load_demo(world) -> None:
    if Report.objects.filter(city=world.city).exists():
        return
    code = world.city.code
    kel = world.kelurahan
    cm = world.users["case_manager"]
    S.report_submit(city_code=code, form_token=None, reporter_kind="tetangga", kelurahan_code=kel[0].code, what=["dipukul"],
                    description="Sering terdengar anak menangis dan dipukul di rumah sebelah.", danger_now=True)
    S.report_submit(city_code=code, form_token=None, reporter_kind="anak", kelurahan_code=kel[1].code, what=["dibentak"],
                    description="Temanku sering diancam kakak kelasnya.", channel=Channel.CHILD)
    r, _pin, _ = S.report_submit(city_code=code, form_token=None, reporter_kind="guru", kelurahan_code=kel[0].code, what=["dipaksa_kerja"],
                                 description="Murid kami disuruh mengamen setiap malam.", channel=Channel.COMMUNITY,
                                 submitted_by=world.users["community"], contact_name="Guru BK", contact_phone="081200000000")
    case = S.report_convert(actor=cm, report=r)
    S.report_message_reporter(actor=cm, report=r, body="Terima kasih. Petugas kami sudah mengunjungi keluarga murid tersebut.")
    r3, _pin, _ = S.report_submit(city_code=code, form_token=None, reporter_kind="keluarga", kelurahan_code=kel[0].code,
                                  what=["dipaksa_kerja"], description="Keponakan saya juga disuruh mengamen bersama anak itu.")
    S.report_attach(actor=cm, report=r3, case=case)
    r2, _pin, _ = S.report_submit(city_code=code, form_token=None, reporter_kind="anonim", kelurahan_code=kel[2].code, what=["lainnya"],
                                  description="Tes saja.")
    S.report_close(actor=cm, report=r2, reason="laporan_palsu")
    S.report_message_reporter(actor=cm, report=r2, body="Laporan ini kami tutup karena tidak berisi kejadian. Silakan lapor lagi bila ada.")
