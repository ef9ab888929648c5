#!/bin/sh
# `make package` on Linux: build the one-folder bundle, smoke-test it, and
# package it as dist/dhrdesk_<version>_<arch>.deb and
# dist/dhrdesk-<version>-linux-<arch>.tar.gz (per-user install, no root).
#
#   packaging/build-linux.sh                  # uses .venv/bin/python
#   PY=/path/to/python DIST=/tmp/dist WORK=/tmp/work packaging/build-linux.sh
#
# Knobs (environment): PY, DIST (dist), WORK (build), SMOKE=0 skips the smoke
# run (the packaging test smoke-tests the installed package instead),
# DEB_COMPRESS (xz; gzip is faster), TARBALL=0 skips the tarball.
# See docs/packaging.md.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PY=${PY:-$ROOT/.venv/bin/python}
DIST=${DIST:-$ROOT/dist}
WORK=${WORK:-$ROOT/build}
cd "$ROOT"

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --distpath "$DIST" --workpath "$WORK" packaging/dhrdesk.spec
end=$(date +%s)

APP="$DIST/dhrdesk"
version=$("$APP/dhrdesk" --version | awk '{print $2}')
test -n "$version" || { echo "the bundle did not report a version" >&2; exit 1; }

if [ "${SMOKE:-1}" != "0" ]; then
  "$PY" packaging/smoke.py --exe "$APP/dhrdesk" --version "$version"
fi

"$PY" packaging/make_deb.py "$APP" --out "$DIST" --compress "${DEB_COMPRESS:-xz}"

if [ "${TARBALL:-1}" != "0" ]; then
  tar_root=$(mktemp -d)
  trap 'rm -rf "$tar_root"' EXIT
  cp -a "$APP" "$tar_root/dhrdesk"
  cp packaging/dhrdesk.desktop packaging/dhrdesk.svg "$tar_root/dhrdesk/"
  tarball="$DIST/dhrdesk-$version-linux-$(uname -m).tar.gz"
  tar -C "$tar_root" -czf "$tarball" dhrdesk
  echo "tarball: $tarball ($(du -sh "$tarball" | cut -f1))"
fi

size_mib=$("$PY" -c "import sys; sys.path.insert(0, 'packaging'); import smoke, pathlib; print(f'{smoke.bundle_size(pathlib.Path(sys.argv[1])) / 2**20:.1f}')" "$APP")
echo "Built in $((end - start)) s: $APP, $size_mib MiB unpacked"
