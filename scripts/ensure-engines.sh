#!/usr/bin/env bash
# The cross-engine tests (test/engines/) drive Debian's own Firefox ESR and WebKitGTK (never a
# downloaded browser): Firefox through WebDriver BiDi, WebKitGTK's MiniBrowser through
# WebKitWebDriver under an Xvfb display the tests start. Install what is missing.
set -euo pipefail
packages=()
[ -x /usr/bin/firefox-esr ] || packages+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] || packages+=(webkit2gtk-driver)
command -v Xvfb >/dev/null || packages+=(xvfb)
# A real locale for WebKit's run in en_US.UTF-8 (C.UTF-8 is always there).
if ! locale -a 2>/dev/null | grep -qi '^en_US\.utf-\?8$'; then
  [ -f /usr/share/i18n/SUPPORTED ] || packages+=(locales)
fi
if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing ${packages[*]} for the cross-engine tests…"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${packages[@]}"
fi
if ! locale -a 2>/dev/null | grep -qi '^en_US\.utf-\?8$'; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo sed -i 's/^# *en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' /etc/locale.gen
  $sudo locale-gen
fi
