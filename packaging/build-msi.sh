#!/usr/bin/env bash
# Build the per-machine x64 MSI with wixl (msitools) from a staged Windows bundle, on Linux:
#   packaging/build-msi.sh STAGE_DIR [OUT.msi]
# STAGE_DIR is the onedir bundle frozen on Windows (desk.exe, desk-gui.exe, _internal\); the release workflow
# downloads it from the windows-latest job. OUT defaults to dist/desk-<version>-x64.msi. The version is
# desk/__init__.py's, so the MSI's ProductVersion equals `desk --version`.
# As measured (packaging.md): wixl-heat needs --prefix and runs inside the staged folder with SourceDir=. (an
# absolute SourceDir fails with "Couldn't find file"), and so must every other file wixl reads (the icon).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STAGE=${1:?usage: packaging/build-msi.sh STAGE_DIR [OUT.msi]}
PY=${PYTHON:-$(command -v .venv/bin/python || command -v python3)}
VERSION=$("$PY" -c 'import runpy; c = runpy.run_path("packaging/bundle.py"); print(c["msi_version"](c["read_version"]()))')
# DESK_MSI_VERSION: only for the release workflow's upgrade test (a second MSI that must replace the first one)
VERSION=${DESK_MSI_VERSION:-$VERSION}
OUT=${2:-dist/desk-$VERSION-x64.msi}
WXS=$(realpath "${DESK_WXS:-packaging/wix/desk.wxs}")  # DESK_WXS: another source (tests/test_packaging.py)
for tool in wixl wixl-heat msibuild msiinfo; do
  command -v "$tool" >/dev/null || { echo "build-msi: $tool is missing (apt-get install wixl msitools)" >&2; exit 1; }
done
for exe in desk.exe desk-gui.exe; do
  [ -f "$STAGE/$exe" ] || { echo "build-msi: $STAGE/$exe is missing: stage the Windows bundle first" >&2; exit 1; }
done
mkdir -p "$(dirname "$OUT")"
OUT_ABS=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")
FILES_WXS=$(mktemp --suffix=.wxs)
trap 'rm -f "$FILES_WXS"' EXIT
rm -f "$OUT_ABS"

icon=$("$PY" -c 'import os, sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$ROOT/packaging/icons/desk.ico" "$STAGE")

t0=$(date +%s%N)
(
  cd "$STAGE"
  find . -type f | LC_ALL=C sort |
    wixl-heat --prefix ./ --directory-ref INSTALLDIR --var var.SourceDir --component-group AppFiles --win64 \
    > "$FILES_WXS"
  wixl -a x64 -D Win64=yes -D SourceDir=. -D "Version=$VERSION" -D "IconFile=$icon" \
    -o "$OUT_ABS" "$WXS" "$FILES_WXS"
)
# wixl knows no Property/@Secure: let the settings through to the elevated install (UAC) like WiX would.
secure=$(msiinfo export "$OUT_ABS" Property | tr -d '\r' | awk -F'\t' '$1 == "SecureCustomProperties" {print $2}')
props=$("$PY" -c 'import runpy; print(";".join(runpy.run_path("packaging/bundle.py")["MSI_PROPERTIES"]))')
msibuild "$OUT_ABS" -q "UPDATE \`Property\` SET \`Value\` = '${secure:+$secure;}$props' WHERE \`Property\` = 'SecureCustomProperties'"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "build-msi: $OUT ($(( $(stat -c %s "$OUT_ABS") / 1000000 )) MB) built in $((ms / 1000)).$(( (ms % 1000) / 100 )) s"
"$PY" packaging/verify.py msi "$OUT_ABS" --version "$VERSION"
