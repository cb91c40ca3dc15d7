"""Messages of the WhatsApp dialogue (Bahasa Indonesia) and the words it understands."""

from __future__ import annotations

import re

from django.utils.translation import gettext_noop

from naungan.reporting.models import ReportStatus

GREETING = gettext_noop("Halo, ini layanan pengaduan kekerasan terhadap perempuan dan anak {city}. Identitas dan nomor Anda kami rahasiakan.\n"
                        "Jika ada yang dalam bahaya sekarang, balas BAHAYA kapan saja.")


ASK_WHO = gettext_noop("Siapa Anda bagi korban? Balas dengan angka:\n{options}")


WHO_AGAIN = gettext_noop("Balas dengan angka 1–{n}.")


ASK_WHERE = gettext_noop("Di kelurahan mana kejadiannya? Tulis nama kelurahannya, misalnya: {example}.")


ASK_WHERE_URGENT = gettext_noop("Agar petugas terdekat segera bergerak, tulis nama kelurahan tempat kejadian.")


WHERE_PICK = gettext_noop("Maksud Anda salah satu ini? Balas dengan angka, atau tulis lagi nama kelurahannya:\n{options}")


WHERE_UNKNOWN = gettext_noop("Kelurahan itu tidak kami temukan di {city}. Tulis lagi nama kelurahannya saja (tanpa nama jalan atau RT/RW).")


WHERE_OK = gettext_noop("Dicatat: Kelurahan {kelurahan}, Kecamatan {kecamatan}.")


ASK_WHAT = gettext_noop("Ceritakan singkat apa yang terjadi: siapa yang mengalami, kapan, dan apa yang dilakukan. Cukup yang Anda ketahui.")


ASK_DANGER = gettext_noop("Apakah ada yang dalam bahaya sekarang? Balas YA atau TIDAK.")


DANGER_AGAIN = gettext_noop("Balas YA atau TIDAK.")


LOCATION_NOTED = gettext_noop("Terima kasih, lokasi diterima dan akan dibaca petugas.")


MEDIA_REFUSED = gettext_noop("Maaf, foto, suara, dan berkas belum dapat kami terima lewat WhatsApp. Ceritakan dengan tulisan; "
                             "petugas akan menghubungi Anda bila bukti diperlukan.")


FILED = gettext_noop("Laporan Anda sudah kami terima{urgent}.\nKode laporan: {code}\nPIN: {pin}\n"
                     "Simpan kode dan PIN ini; PIN hanya dikirim sekali. Dengan keduanya Anda dapat melihat perkembangan laporan "
                     "di portal pengaduan (menu Cek status). Petugas dapat membalas lewat WhatsApp ini.\n"
                     "Untuk menambah informasi, cukup balas pesan ini. Balas STATUS untuk melihat status, atau BARU untuk laporan baru.")


FILED_URGENT = gettext_noop(" dan ditandai MENDESAK")


INFO_ADDED = gettext_noop("Informasi tambahan diterima untuk laporan {code}. Terima kasih.")


STATUS_IS = gettext_noop("Status laporan {code}: {status}.")


EMERGENCY = gettext_noop("Jika Anda atau orang lain dalam bahaya sekarang, segera hubungi:\n"
                         "• 112 (darurat)\n• SAPA 129: telepon 129, WhatsApp 08111-129-129\n{uptd}"
                         "Laporan Anda kami tandai MENDESAK.")


EMERGENCY_UPTD = gettext_noop("• UPTD PPA {city}: {phone}\n")


STAFF_MESSAGE = gettext_noop("Pesan petugas untuk laporan {code}:\n{body}")


SORRY = gettext_noop("Maaf, pesan Anda belum dapat diproses: {reason}")


NO_STORY = gettext_noop("(Pelapor menyatakan BAHAYA lewat WhatsApp; cerita belum dikirim.)")


EMERGENCY_WORDS = re.compile(r"\b(bahaya|darurat)\b", re.IGNORECASE)


YES = {"ya", "y", "iya", "iye", "yes", "benar", "ada", "1"}


NO = {"tidak", "tdk", "t", "no", "nggak", "gak", "enggak", "engga", "tidak ada", "2"}


RESTART_AFTER_HOURS = 24  # an unfinished dialogue left this long starts again


STATUS_TEXT = {ReportStatus.RECEIVED: "diterima", ReportStatus.HANDLING: "sedang ditangani", ReportStatus.CLOSED: "selesai"}
