#!/bin/sh
# desk-server's backup: a consistent pg_dump of the primary, encrypted for the province's recovery key (age) before
# it is written anywhere, kept 30 days. Run by desk-server-backup.timer as the desk-server user.
# Restore: stop desk-server; age -d -i recovery.key desk-YYYY-MM-DD.dump.age | pg_restore --clean -d desk;
#          desk-server restored --db …; start desk-server (README: «Server epochs and restoring the server»).
set -eu
: "${DESK_SERVER_DB:?}" "${BACKUP_RECIPIENT:?}" "${BACKUP_DIR:?}"
umask 077
mkdir -p "$BACKUP_DIR"
out="$BACKUP_DIR/desk-$(date +%F).dump.age"
pg_dump --format=custom --no-owner "$DESK_SERVER_DB" | age -r "$BACKUP_RECIPIENT" > "$out.part"
mv "$out.part" "$out"
find "$BACKUP_DIR" -name 'desk-*.dump.age' -mtime +30 -delete
