#!/usr/bin/env bash
# The packaging checks that can run on this Linux CI (.ci/run calls it; about 1–2 minutes on 2 cores). What needs
# Windows (freezing desk.exe, installing the MSI) or the AppImage runtime download is in
# .github/workflows/release.yml, which runs the same scripts.
#   1. freeze (build-linux.sh) and verify the bundle: size budget (≤ 160 MB), version, system libraries
#   2. the frozen app: desk --version; desk selfcheck offscreen (store, dossier, receipt), timed against the
#      unfrozen one
#   3. the frozen GUI started offscreen (DESK_PACKAGING_SMOKE=gui, packaging/entry.py); then under Xvfb (xcb) on a
#      "minimal system" (only glibc, zlib, libGL/libEGL, no fonts: packaging/minimal-system.sh) when root
#   4. the AppDir and its squashfs payload (build-appdir.sh): AppRun --version, selfcheck and GUI; unsquashfs -l
#   5. the MSI from a staged FAKE Windows folder: desk.exe and desk-gui.exe are dummy files and _internal holds the
#      bundle's data only. This MSI is for the table test (msiinfo: properties, shortcut, upgrade code,
#      per-machine), never for installing: the real one is built from the Windows bundle in release.yml.
#   6. tests/test_packaging.py with DESK_PACKAGING=1 (the checks on the artefacts built above)
# DESK_PACKAGING_REUSE=1 keeps an existing dist/desk (no new freeze). Needs: pip install -e '.[package]';
# apt: binutils squashfs-tools desktop-file-utils wixl msitools xvfb (scripts/bootstrap).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export PYTHON=$PY
t_all=$(date +%s%N)

missing=()
for tool in mksquashfs:squashfs-tools unsquashfs:squashfs-tools desktop-file-validate:desktop-file-utils \
            wixl:wixl wixl-heat:wixl msiinfo:msitools msibuild:msitools readelf:binutils; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "check: missing Debian packages: $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')" >&2
  exit 1
fi
if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
  echo "check: PyInstaller is not installed in $PY; installing the 'package' extra's pin" >&2
  "$PY" -m pip install -q 'pyinstaller>=6.10,<7'
fi

work=$(mktemp -d)
xvfb_pid=
cleanup() {
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export DESK_DATA_DIR=$work/data DESK_MACHINE_CONFIG=$work/no-machine-config.json QT_QPA_PLATFORM=offscreen
summary=()
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
secs() { printf '%d.%d s' $(($1 / 1000)) $((($1 % 1000) / 100)); }
step() { echo; echo "== check: $*"; }

step "1. freeze"
if [ "${DESK_PACKAGING_REUSE:-}" = 1 ] && [ -x dist/desk/desk ]; then
  echo "reusing dist/desk"
  "$PY" packaging/verify.py bundle dist/desk | tee "$work/bundle.json"
else
  t0=$(date +%s%N)
  packaging/build-linux.sh | tee "$work/freeze.log"
  summary+=("freeze (PyInstaller, incl. verify): $(secs "$(ms_since "$t0")")")
  sed -n '/^{/,/^}/p' "$work/freeze.log" > "$work/bundle.json"
fi
summary+=("bundle: $("$PY" -c 'import json, sys; print("%(MB)s MB (%(MiB)s MiB), %(files)s files, budget %(budget_MB)s MB" % json.load(open(sys.argv[1])))' "$work/bundle.json")")

step "2. frozen app: --version, selfcheck offscreen"
dist/desk/desk --version
t0=$(date +%s%N)
dist/desk/desk selfcheck
frozen_ms=$(ms_since "$t0")
t0=$(date +%s%N)
"$PY" -m desk selfcheck >/dev/null
unfrozen_ms=$(ms_since "$t0")
summary+=("selfcheck wall time: frozen $(secs "$frozen_ms"), unfrozen $(secs "$unfrozen_ms")")

step "3. frozen GUI: offscreen, then xcb on a minimal system"
DESK_PACKAGING_SMOKE=gui dist/desk/desk-gui > "$work/gui-offscreen.json" || { cat "$work/gui-offscreen.json"; exit 1; }
echo "GUI offscreen: OK"
gui_xcb="skipped (no Xvfb)"
if command -v Xvfb >/dev/null; then
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
  xvfb_pid=$!
  for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
  export DISPLAY=":$(cat "$work/display")"
  minimal=(packaging/minimal-system.sh)
  if [ "$(id -u)" != 0 ] && sudo -n true 2>/dev/null; then
    minimal=(sudo -E packaging/minimal-system.sh)  # GitHub runners: passwordless sudo
  fi
  rc=0
  DESK_PACKAGING_SMOKE=gui QT_QPA_PLATFORM=xcb "${minimal[@]}" dist/desk/desk-gui > "$work/gui-xcb.json" || rc=$?
  if [ $rc = 77 ]; then
    DESK_PACKAGING_SMOKE=gui QT_QPA_PLATFORM=xcb dist/desk/desk-gui > "$work/gui-xcb.json"
    gui_xcb="OK on this system (minimal system needs root)"
  elif [ $rc = 0 ]; then
    gui_xcb="OK on a minimal system (glibc, zlib, libGL/libEGL only; no fonts)"
    "${minimal[@]}" dist/desk/desk selfcheck >/dev/null
    gui_xcb="$gui_xcb; selfcheck there too"
  else
    cat "$work/gui-xcb.json"
    echo "check: the frozen GUI failed under xcb on a minimal system (exit $rc, DISPLAY=$DISPLAY)" >&2
    exit 1
  fi
  echo "GUI xcb: $gui_xcb"
fi
summary+=("GUI smoke: offscreen OK; xcb $gui_xcb")

step "4. AppDir and squashfs payload"
t0=$(date +%s%N)
packaging/build-appdir.sh dist/desk dist
summary+=("AppDir + mksquashfs (zstd): $(secs "$(ms_since "$t0")")")
VERSION=$("$PY" -c 'import runpy; print(runpy.run_path("packaging/bundle.py")["read_version"]())')
payload=dist/desk-$VERSION-x86_64.squashfs
[ "$(dist/AppDir/AppRun --version)" = "desk $VERSION" ]
dist/AppDir/AppRun selfcheck | tail -1
DESK_PACKAGING_SMOKE=gui QT_QPA_PLATFORM=offscreen dist/AppDir/AppRun > "$work/gui-apprun.json" ||
  { cat "$work/gui-apprun.json"; exit 1; }
echo "AppRun GUI (no argument → desk-gui): OK"
unsquashfs -l "$payload" > "$work/squashfs.txt"
sed -n '1,5p' "$work/squashfs.txt"
echo "… $(wc -l < "$work/squashfs.txt") entries"
summary+=("squashfs payload: $payload, $(( $(stat -c %s "$payload") / 1000000 )) MB")

step "5. MSI tables from a staged fake Windows folder (dummy executables: table test only)"
stage=$work/windows-stage
mkdir -p "$stage/_internal"
printf 'DUMMY: not a Windows program; stands in for the frozen desk.exe in the MSI table test\r\n' > "$stage/desk.exe"
printf 'DUMMY: not a Windows program; stands in for the frozen desk-gui.exe in the MSI table test\r\n' \
  > "$stage/desk-gui.exe"
cp -r dist/desk/_internal/resources "$stage/_internal/resources"
packaging/build-msi.sh "$stage" "$work/desk-$VERSION-x64-TABLE-TEST.msi" | tee "$work/msi.log"
sed -n '/^{/,/^}/p' "$work/msi.log" > "$work/msi.json"
summary+=("MSI (table test, fake stage of $(du -sm "$stage" | cut -f1) MB): $("$PY" -c 'import json, sys; print("%(MB)s MB; ProductVersion %(ProductVersion)s" % json.load(open(sys.argv[1])))' "$work/msi.json")")
mkdir -p build/msi
cp "$work/desk-$VERSION-x64-TABLE-TEST.msi" build/msi/

step "6. tests/test_packaging.py on the artefacts"
DESK_PACKAGING=1 DESK_PACKAGING_MSI="build/msi/desk-$VERSION-x64-TABLE-TEST.msi" \
  "$PY" -m pytest -q -p no:cacheprovider tests/test_packaging.py

echo
echo "== check: packaging OK in $(secs "$(ms_since "$t_all")")"
printf '  %s\n' "${summary[@]}"
