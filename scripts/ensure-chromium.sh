#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded one), and read and photograph
# the Chinese UI, which needs a font with Chinese characters: install what is missing.
set -euo pipefail
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=zh-cn family)" ]; then
  packages+=(fonts-noto-cjk)
fi
[ ${#packages[@]} -gt 0 ] || exit 0
echo "Installing ${packages[*]} for the browser tests…"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${packages[@]}"
