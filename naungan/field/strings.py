"""The messages the field script (static/field/offline.js) shows, translated here by Django like
every other text of Naungan and handed to the script in the page (json_script). "{n}" stands for a
number the script fills in."""

from django.utils.translation import gettext as _


def client_strings() -> dict[str, str]:
    return {
        "offline": _("Anda sedang luring. Pengaduan baru tetap dapat diisi: disimpan terenkripsi di perangkat ini dan dikirim saat tersambung kembali."),
        "online": _("Tersambung kembali. Mengirim draf yang tersimpan…"),
        "queued": _("Tersimpan di perangkat ini (terenkripsi). Akan dikirim otomatis saat tersambung. Menunggu: {n}."),
        "pending": _("{n} draf menunggu di perangkat ini; akan dikirim saat tersambung."),
        "sending": _("Mengirim {n} draf…"),
        "stillOffline": _("Belum ada sambungan; draf tetap tersimpan di perangkat ini."),
        "loginAgain": _("Masuk kembali untuk mengirim draf yang menunggu di perangkat ini."),
        "login": _("Masuk"),
        "failed": _("Satu draf belum dapat dikirim; draf tetap tersimpan di perangkat ini."),
        "open": _("Buka"),
        "resolve": _("Selesaikan"),
        "noKey": _("Perangkat ini belum memiliki kunci draf: buka Naungan sekali saat tersambung setelah masuk."),
        "confirmLogout": _("{n} draf belum terkirim. Keluar akan menghapusnya dari perangkat ini. Tetap keluar?"),
        "pushOn": _("Notifikasi aktif di ponsel ini."),
        "pushOff": _("Notifikasi tidak aktif di ponsel ini."),
        "pushDenied": _("Peramban memblokir notifikasi untuk Naungan. Izinkan di pengaturan peramban."),
        "pushUnsupported": _("Peramban ini tidak dapat menerima notifikasi."),
    }
