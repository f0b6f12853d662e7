#!/bin/sh
# Install the Debian packages the project needs, only when missing:
#   fonts-wqy-microhei  Chinese glyphs in report charts
#   chromium            headless browser: report PDFs (--pdf) and the report / UI tests
#   poppler-utils       pdftotext, with which the tests read the PDFs' page numbers
#   strace              the no-network test traces every process's network calls
#   postgresql          database scan tests run a real server (tests/db_servers.py)
#   mariadb-server      ditto, for MySQL / MariaDB
#   libgl1, libglib2.0-0  shared libraries OpenCV (used by RapidOCR, the documents' OCR) loads
set -e
missing=""
fc-list 2>/dev/null | grep -qi "WenQuanYi\|Noto Sans CJK\|Source Han Sans" || missing="$missing fonts-wqy-microhei"
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v strace >/dev/null 2>&1 || missing="$missing strace"
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$missing postgresql"
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing="$missing mariadb-server"
ldconfig -p 2>/dev/null | grep -q "libGL\.so\.1" || missing="$missing libgl1"
ldconfig -p 2>/dev/null | grep -q "libgthread-2\.0\.so\.0" || missing="$missing libglib2.0-0"
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "warning: please install:$missing (no apt-get here)"; exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing Debian packages:$missing"
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
