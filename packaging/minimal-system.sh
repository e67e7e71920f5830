#!/usr/bin/env bash
# Run a command as on a desktop that provides nothing the desk needs beyond glibc, zlib and libGL/libEGL (with
# their own X11 client libraries), and no fonts at all: the system library dir is replaced by a copy of just those
# libraries, /usr/share/fonts and /etc/fonts by empty dirs, in a private mount namespace (root, unshare).
#   packaging/minimal-system.sh dist/desk/desk selfcheck
# An X server started before (Xvfb) stays reachable through DISPLAY. Exit 77 when this machine cannot do it.
set -euo pipefail
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null || ! unshare --mount true 2>/dev/null; then
  echo "minimal-system: needs root and unshare --mount; skipped" >&2
  exit 77
fi
cache=$(ldconfig -p)  # not piped into awk: awk's early exit would SIGPIPE ldconfig (pipefail → exit 141)
libc=$(awk '/libc\.so\.6 .*x86-64/ {print $NF; exit}' <<<"$cache")
LIBDIR=$(dirname "$(readlink -f "$libc")")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lib" "$tmp/empty"
keep() { cp -L "$LIBDIR/$1" "$tmp/lib/"; }
for lib in libGL.so.1 libEGL.so.1; do
  [ -e "$LIBDIR/$lib" ] || { echo "minimal-system: $lib is not installed here (apt-get install libgl1 libegl1)" >&2; exit 77; }
  keep "$lib"
  ldd "$LIBDIR/$lib" | awk '/=> \// {print $3}' | while read -r dep; do cp -L "$dep" "$tmp/lib/"; done
done
for lib in libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libresolv.so.2 libutil.so.1 libz.so.1 \
           ld-linux-x86-64.so.2; do
  keep "$lib"
done
# shellcheck disable=SC2016
unshare --mount sh -c '
  tmp=$1; libdir=$2; shift 2
  for d in /usr/share/fonts /etc/fonts; do [ -d "$d" ] && mount --bind "$tmp/empty" "$d"; done
  mount --bind "$tmp/lib" "$libdir"
  exec "$@"' sh "$tmp" "$LIBDIR" "$@"
