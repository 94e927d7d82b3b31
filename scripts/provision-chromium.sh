#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium at /usr/bin/chromium, driven by Microsoft.Playwright.
# (Playwright's own browser download needs the internet; the tests never use it.) Idempotent: does nothing when
# Chromium is already installed. Needs root or sudo for apt-get.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "provision-chromium: apt-get not found; install Chromium at /usr/bin/chromium yourself (the browser test is skipped without it, and fails under CI=true)." >&2
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "provision-chromium: installing Debian's chromium for the browser tests…" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium fonts-liberation >/dev/null
/usr/bin/chromium --version >&2
