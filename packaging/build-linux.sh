#!/usr/bin/env bash
# Freeze the desk with PyInstaller (onedir) into dist/desk/ and check it (size budget, version, the system
# libraries it needs). On Linux; the Windows job of .github/workflows/release.yml runs the same spec.
#   packaging/build-linux.sh            # .venv/bin/python with pyinstaller installed (pip install -e '.[package]')
#   PYTHON=python3 packaging/build-linux.sh
# Build one bundle at a time: PyInstaller uses the build/pyinstaller work dir.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -c 'import PyInstaller' 2>/dev/null || {
  echo "build-linux: PyInstaller is not installed for $PY (pip install -e '.[package]')" >&2; exit 1; }
# PyInstaller copies the xcb/font libraries from this machine and only warns when one is missing (packaging.md)
libs=$(ldconfig -p 2>/dev/null || true)
for lib in libxcb-cursor.so.0 libxkbcommon-x11.so.0 libxcb-icccm.so.4 libfontconfig.so.1 libglib-2.0.so.0; do
  grep -q "$lib" <<<"$libs" || { echo "build-linux: $lib is missing on the build host (scripts/bootstrap)" >&2; exit 1; }
done
t0=$(date +%s%N)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/desk.spec
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "build-linux: frozen in $((ms / 1000)).$(( (ms % 1000) / 100 )) s"
# Qt Core's ICU data (32 MB) cut to the locale-independent items and root/Vietnamese/English (packaging/icu_trim.py)
for icu in dist/desk/_internal/PySide6/Qt/lib/libicudata.so.*; do
  "$PY" packaging/icu_trim.py "$icu"
done
"$PY" packaging/verify.py bundle dist/desk
