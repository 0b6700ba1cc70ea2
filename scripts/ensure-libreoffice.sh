#!/usr/bin/env bash
# Make sure LibreOffice Writer and Calc (headless), a CJK font and poppler-utils are installed,
# for the agreement's PDF (`bangfu.pairing.documents.docx_to_pdf`) and the e2e tests that open
# the generated .docx and .xlsx forms and read the PDF back with pdftotext. Idempotent and quiet when all three are already there.
set -euo pipefail

packages=(libreoffice-writer-nogui libreoffice-calc-nogui fonts-wqy-microhei fonts-hanazono poppler-utils)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
# Any LibreOffice on PATH will do (libreoffice-writer, the -nogui flavour, a manual install).
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 \
  || missing+=(libreoffice-writer-nogui)
# Calc opens the .xlsx forms (attachments 5–7); the Writer-only flavour cannot.
installed libreoffice-calc-nogui || installed libreoffice-calc || missing+=(libreoffice-calc-nogui)
installed fonts-wqy-microhei || missing+=(fonts-wqy-microhei)
# Village names with characters beyond the common set (北𨟠村: U+287E0, CJK Extension B).
installed fonts-hanazono || missing+=(fonts-hanazono)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "ensure-libreoffice: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-libreoffice: need root to install ${packages[*]} with apt-get" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v soffice >/dev/null 2>&1 || { echo "ensure-libreoffice: soffice still missing" >&2; exit 1; }
command -v pdftotext >/dev/null 2>&1 || { echo "ensure-libreoffice: pdftotext still missing" >&2; exit 1; }
soffice --version
