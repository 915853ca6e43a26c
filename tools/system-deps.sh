#!/usr/bin/env bash
# Debian packages the setup needs, installed when missing (as root) or named (otherwise).
#   tools/system-deps.sh run    python3-venv
#   tools/system-deps.sh test   python3-venv, chromium (Playwright), postgresql (server binaries),
#                               redis-server and nginx (the Redis and scale-out tests),
#                               a headless Java and npm (the W3C Nu HTML checker, npm vnu-jar)
set -euo pipefail
python=${PYTHON:-python3}
missing=()
"$python" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
if [ "${1:-run}" = test ]; then
  if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them once with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
