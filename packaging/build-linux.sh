#!/bin/sh
# Build the Linux one-folder bundle, smoke-test it, and pack a tarball with the
# desktop entry and icon: dist/dhrdesk-<version>-linux-<arch>.tar.gz.
#
#   packaging/build-linux.sh            # uses .venv/bin/python
#   PY=/path/to/python packaging/build-linux.sh
#
# `make package` does only the PyInstaller step; this script adds the checks and
# the tarball that a release needs. See docs/packaging.md.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PY=${PY:-$ROOT/.venv/bin/python}
cd "$ROOT"

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --distpath dist --workpath build packaging/dhrdesk.spec
end=$(date +%s)

APP=dist/dhrdesk
version=$("$APP/dhrdesk" --version | awk '{print $2}')
test -n "$version" || { echo "the bundle did not report a version" >&2; exit 1; }

# Headless smoke test: the demo store and its PDF, in throwaway folders.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
DHRDESK_DATA_DIR="$tmp/data" QT_QPA_PLATFORM=offscreen "$APP/dhrdesk" demo --out "$tmp/out" >/dev/null
ls "$tmp"/out/*.pdf >/dev/null

cp packaging/dhrdesk.desktop packaging/dhrdesk.svg "$APP/"
arch=$(uname -m)
tarball="dist/dhrdesk-$version-linux-$arch.tar.gz"
tar -C dist -czf "$tarball" dhrdesk

echo "Built in $((end - start)) s: $APP ($(du -sh "$APP" | cut -f1)), $tarball ($(du -sh "$tarball" | cut -f1))"
