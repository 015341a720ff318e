#!/usr/bin/env bash
# The system packages the test suite needs beside Python and Node: Debian's chromium (browser
# tests, driven by Playwright), gettext (compiled translations) and poppler-utils (PDF text in
# the export tests). Installs what is missing when it can (root with apt-get); otherwise says the
# one command to run and fails, so `make test` never runs half of the suite silently.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  exit 0
fi
echo "motcua needs these system packages: ${need[*]}" >&2
echo "install them once with:  sudo apt-get install ${need[*]}" >&2
exit 1
