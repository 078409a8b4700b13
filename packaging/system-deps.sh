#!/usr/bin/env bash
# The Debian/Ubuntu packages ACH Workbench needs besides Python, installed when
# missing.  Qt's X11 platform plugin links against the xcb libraries below;
# the test suite also needs Xvfb and xdotool (a real X window test),
# poppler-utils (PDF pages read back), the desktop-file and AppStream
# validators, binutils (PyInstaller), LibreOffice Calc (exported workbooks are
# opened by another spreadsheet program) and PostgreSQL's server (tests/team starts
# a throwaway cluster of its own; the package's own cluster is not used).  Usage: system-deps.sh run|test
set -euo pipefail

run_pkgs=(libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon-x11-0 libxcb-cursor0
          libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
          libxcb-shape0 libxcb-xinerama0 libxcb-xkb1)
test_pkgs=(xvfb xauth xdotool poppler-utils desktop-file-utils appstream shared-mime-info binutils
           libreoffice-calc-nogui postgresql)

wanted=("${run_pkgs[@]}")
[ "${1:-run}" = test ] && wanted+=("${test_pkgs[@]}")

command -v dpkg-query >/dev/null || exit 0  # not a Debian system: see README
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
  echo "ACH Workbench needs these system packages: ${missing[*]} (install them as root)." >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
