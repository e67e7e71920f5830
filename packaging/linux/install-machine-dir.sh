#!/usr/bin/env bash
# Make the PC's shared data dir of the desk on Linux (as root), once per PC: every OS account in the group uses the
# same store, so one desk slot has one store whoever is signed in (desk/paths.py, desk/machine.py).
#   sudo packaging/linux/install-machine-dir.sh [USER …]        # the clerks' OS accounts join the group
# Environment: DESK_GROUP (default motcua), DESK_MACHINE_DATA_DIR (default /var/lib/motcua-desk),
# DESK_MACHINE_KEY_DIR (default /etc/motcua-desk/keys). Safe to run again.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "install-machine-dir: chạy với quyền root (sudo)" >&2; exit 1; }
group=${DESK_GROUP:-motcua}
data=${DESK_MACHINE_DATA_DIR:-/var/lib/motcua-desk}
keys=${DESK_MACHINE_KEY_DIR:-/etc/motcua-desk/keys}
getent group "$group" >/dev/null || groupadd --system "$group"
for dir in "$data" "$keys"; do
  install -d -o root -g "$group" -m 2770 "$dir"   # setgid: what the clerks create belongs to the group
done
chmod 0755 "$(dirname "$keys")"
for user in "$@"; do
  usermod -a -G "$group" "$user"
  echo "install-machine-dir: $user vào nhóm $group (đăng xuất rồi đăng nhập lại để có hiệu lực)"
done
echo "install-machine-dir: dữ liệu chung $data, khóa của máy $keys, nhóm $group"
