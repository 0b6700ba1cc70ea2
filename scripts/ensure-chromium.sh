#!/usr/bin/env bash
# Make sure Debian's Chromium (/usr/bin/chromium) and a CJK font for screenshots are
# installed, for the browser smoke test (`make e2e`). Idempotent and quiet when both are
# already there. Never runs `playwright install`: Playwright drives the system Chromium.
set -euo pipefail

packages=(chromium fonts-wqy-microhei)

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if ! dpkg-query -W -f='${Status}' fonts-wqy-microhei 2>/dev/null | grep -q 'install ok installed'; then
  missing+=(fonts-wqy-microhei)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "ensure-chromium: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: need root to install ${packages[*]} with apt-get" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[ -x /usr/bin/chromium ] || { echo "ensure-chromium: /usr/bin/chromium still missing" >&2; exit 1; }
/usr/bin/chromium --version
