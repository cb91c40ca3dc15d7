#!/usr/bin/env bash
# Copies the backup archives to another machine (another building, another provider) after each
# backup. The archives are encrypted to the backup key, so the other side never sees data.
# NAUNGAN_OFFSITE_TARGET: an rsync destination, e.g. backup@arsip.kota.go.id:/srv/naungan/
set -euo pipefail
if [ -z "${NAUNGAN_OFFSITE_TARGET:-}" ]; then
  echo "NAUNGAN_OFFSITE_TARGET is empty: no off-site copy made (README: Backup)" >&2
  exit 0
fi
src="${NAUNGAN_BACKUP_DIR:-/var/lib/naungan/backups}/"
# --ignore-existing: archives never change once written; the remote side keeps its own history.
rsync -a --ignore-existing --include='naungan-*.tar.age' --exclude='*' "$src" "$NAUNGAN_OFFSITE_TARGET"
