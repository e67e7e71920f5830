#!/usr/bin/env bash
# Make the .AppImage: the official type-2 runtime followed by the squashfs payload of build-appdir.sh.
#   packaging/build-appimage.sh RUNTIME_FILE [PAYLOAD] [OUT]
#   packaging/build-appimage.sh --fetch [PAYLOAD] [OUT]     # downloads packaging/appimage/runtime.env's URL (CI)
# The runtime's sha256 must equal the pin in packaging/appimage/runtime.env. Defaults: PAYLOAD
# dist/desk-<version>-x86_64.squashfs, OUT dist/Desk_Mot_Cua-<version>-x86_64.AppImage.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=appimage/runtime.env
. packaging/appimage/runtime.env
PY=${PYTHON:-$(command -v .venv/bin/python || command -v python3)}
VERSION=$("$PY" -c 'import runpy; print(runpy.run_path("packaging/bundle.py")["read_version"]())')
RUNTIME=${1:?usage: packaging/build-appimage.sh RUNTIME_FILE|--fetch [PAYLOAD] [OUT]}
PAYLOAD=${2:-dist/desk-$VERSION-x86_64.squashfs}
OUT=${3:-dist/Desk_Mot_Cua-$VERSION-x86_64.AppImage}
if [ "$RUNTIME" = --fetch ]; then
  RUNTIME=build/appimage/runtime-x86_64
  mkdir -p build/appimage
  curl --fail --location --retry 3 --silent --show-error -o "$RUNTIME.part" "$APPIMAGE_RUNTIME_URL"
  mv "$RUNTIME.part" "$RUNTIME"
fi
echo "$APPIMAGE_RUNTIME_SHA256  $RUNTIME" | sha256sum --check --strict - || {
  echo "build-appimage: $RUNTIME is not the pinned runtime (packaging/appimage/runtime.env)" >&2; exit 1; }
[ -f "$PAYLOAD" ] || { echo "build-appimage: no payload $PAYLOAD (packaging/build-appdir.sh)" >&2; exit 1; }
[ "$(head -c 4 "$PAYLOAD")" = hsqs ] || { echo "build-appimage: $PAYLOAD is not a squashfs image" >&2; exit 1; }
cat "$RUNTIME" "$PAYLOAD" > "$OUT.part"
chmod 0755 "$OUT.part"
mv "$OUT.part" "$OUT"
echo "build-appimage: $OUT ($(( $(stat -c %s "$OUT") / 1000000 )) MB), version $VERSION"
