#!/usr/bin/env bash
# System packages the browser tests need: Debian's chromium (driven headless by Playwright;
# Playwright's own browser download is not used) and a small CJK font plus an emoji font so
# screenshots show Chinese text and the 🔴🟠🟢 markers instead of empty boxes.
# The PDF consultation reports (actions/report/) embed the same WenQuanYi Micro Hei font
# (TrueType, so reportlab can embed it); poppler-utils (pdftotext, pdffonts, pdftoppm)
# checks the reports in tests/test_report*.py.
# Idempotent and quiet: does nothing when everything is installed. Installing needs root.
set -euo pipefail

PACKAGES=(chromium fonts-wqy-microhei fonts-noto-color-emoji poppler-utils)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -eq 0 ] && [ -x /usr/bin/chromium ]; then
  exit 0
fi
[ "${#missing[@]}" -eq 0 ] && missing=(chromium)

if [ "$(id -u)" -ne 0 ]; then
  echo "error: missing system packages: ${missing[*]}" >&2
  echo "Installing them needs root. Run as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: apt-get not found; install these packages with your system's package manager: ${missing[*]}" >&2
  exit 1
fi

echo "Installing system packages: ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  rm -f "$log"
  echo "error: could not install ${missing[*]} (see the apt output above)" >&2
  exit 1
fi
rm -f "$log"
echo "Installed ${missing[*]}."
