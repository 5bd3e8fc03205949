#!/usr/bin/env bash
# Installs the Debian packages adcov needs when they are missing: with apt-get when run as root,
# otherwise it prints the one command to run. Safe to run again: it installs only what is missing.
set -euo pipefail

PACKAGES=(build-essential cmake pkg-config libgdal-dev libgeos-dev libproj-dev libyaml-dev
          libxlsxwriter-dev libcmocka-dev libcairo2-dev libpango1.0-dev libharfbuzz-dev libjpeg-dev libpng-dev libexif-dev gdal-bin python3-gdal
          python3-yaml python3-pil python3-matplotlib python3-xlsxwriter python3-qgis fonts-noto-cjk poppler-utils chromium valgrind time clang libclang-rt-14-dev)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  echo "adcov setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "adcov setup: these Debian packages are missing. Install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
