#!/usr/bin/env bash
# Make the AppDir and its squashfs payload from the frozen Linux bundle, with Debian tools only (packaging.md):
#   dist/AppDir/                                 AppRun, <id>.desktop, <id>.png, .DirIcon, usr/lib/desk/ (the bundle)
#   dist/desk-<version>-x86_64.squashfs          mksquashfs -comp zstd -root-owned: the AppImage's payload
# The release workflow then makes the .AppImage: the official type-2 runtime (pinned sha256) followed by this
# payload (packaging/build-appimage.sh). Usage: packaging/build-appdir.sh [BUNDLE_DIR=dist/desk] [OUT_DIR=dist]
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=${1:-dist/desk}
OUT=${2:-dist}
PY=${PYTHON:-$(command -v .venv/bin/python || command -v python3)}
VERSION=$("$PY" -c 'import runpy; print(runpy.run_path("packaging/bundle.py")["read_version"]())')
APP_ID=$("$PY" -c 'import runpy; print(runpy.run_path("packaging/bundle.py")["APP_ID"])')
APPDIR="$OUT/AppDir"
PAYLOAD="$OUT/desk-$VERSION-x86_64.squashfs"

for tool in mksquashfs unsquashfs desktop-file-validate; do
  command -v "$tool" >/dev/null || { echo "build-appdir: $tool is missing (apt-get install squashfs-tools desktop-file-utils)" >&2; exit 1; }
done
[ -x "$BUNDLE/desk" ] || { echo "build-appdir: no frozen bundle in $BUNDLE (run packaging/build-linux.sh)" >&2; exit 1; }

rm -rf "$APPDIR"
mkdir -p "$APPDIR/usr/lib" "$APPDIR/usr/share/applications" "$APPDIR/usr/share/icons/hicolor/256x256/apps" \
         "$APPDIR/usr/share/icons/hicolor/scalable/apps"
cp -a "$BUNDLE" "$APPDIR/usr/lib/desk"
install -m 0755 packaging/appimage/AppRun "$APPDIR/AppRun"
sed -e "s/@APP_ID@/$APP_ID/g" -e "s/@VERSION@/$VERSION/g" packaging/appimage/desk.desktop.in > "$APPDIR/$APP_ID.desktop"
cp "$APPDIR/$APP_ID.desktop" "$APPDIR/usr/share/applications/$APP_ID.desktop"
cp packaging/icons/desk.png "$APPDIR/$APP_ID.png"
cp packaging/icons/desk.png "$APPDIR/usr/share/icons/hicolor/256x256/apps/$APP_ID.png"
cp resources/icons/desk.svg "$APPDIR/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
ln -s "$APP_ID.png" "$APPDIR/.DirIcon"
desktop-file-validate "$APPDIR/$APP_ID.desktop"

t0=$(date +%s%N)
rm -f "$PAYLOAD"
mksquashfs "$APPDIR" "$PAYLOAD" -root-owned -noappend -comp zstd -quiet -no-progress >/dev/null
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "build-appdir: $PAYLOAD ($(( $(stat -c %s "$PAYLOAD") / 1000000 )) MB) made in $((ms / 1000)).$(( (ms % 1000) / 100 )) s"
"$PY" packaging/verify.py appdir "$APPDIR" >/dev/null
"$PY" packaging/verify.py squashfs "$PAYLOAD" >/dev/null
echo "build-appdir: $APPDIR and $PAYLOAD checked (verify.py appdir, squashfs)"
