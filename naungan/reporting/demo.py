"""A few public and community reports per city, in different states."""

from __future__ import annotations

from . import services as S
from .models import Channel, Report


def load_demo(world) -> None:
    if Report.objects.filter(city=world.city).exists():
        return
    kel = world.kelurahan
    S.report_submit(city_code=world.city.code, form_token=None, reporter_kind="tetangga", kelurahan_code=kel[0].code, what=["dipukul"],
                    description="Sering terdengar anak menangis dan dipukul di rumah sebelah.", danger_now=True)
    S.report_submit(city_code=world.city.code, form_token=None, reporter_kind="anak", kelurahan_code=kel[1].code, what=["dibentak"],
                    description="Temanku sering diancam kakak kelasnya.", channel=Channel.CHILD)
    r, _pin, _ = S.report_submit(city_code=world.city.code, form_token=None, reporter_kind="guru", kelurahan_code=kel[0].code, what=["dipaksa_kerja"],
                                 description="Murid kami disuruh mengamen setiap malam.", channel=Channel.COMMUNITY, submitted_by=world.users["community"],
                                 contact_name="Guru BK", contact_phone="081200000000")
    S.report_convert(actor=world.users["case_manager"], report=r)
    r2, _pin, _ = S.report_submit(city_code=world.city.code, form_token=None, reporter_kind="anonim", kelurahan_code=kel[2].code, what=["lainnya"],
                                  description="Tes saja.")
    S.report_close(actor=world.users["case_manager"], report=r2, reason="laporan_palsu")
