#!/usr/bin/env bash
# Makes sure Chromium is installed for the admin UI's browser tests (test/e2e/admin-ui*.e2e-spec.ts drive it with
# playwright-core, which never downloads a browser of its own): nothing if it is there, apt-get install it
# (Debian's `chromium` package) if missing and we are root, else say how and fail. Idempotent, like services.sh.
set -euo pipefail

CHROMIUM="${DOCORA_TEST_CHROMIUM:-/usr/bin/chromium}"
log() { printf '[browser] %s\n' "$*"; }

if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ -n "${DOCORA_TEST_CHROMIUM:-}" ]; then
  log "DOCORA_TEST_CHROMIUM=$CHROMIUM is not an executable"; exit 1
fi
if [ "$(id -u)" != 0 ]; then
  log "Chromium missing at $CHROMIUM: install it (apt-get install chromium) or run as root"; exit 1
fi
log "installing chromium"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
[ -x "$CHROMIUM" ] || { log "chromium installed but $CHROMIUM is missing"; exit 1; }
log "chromium ready at $CHROMIUM"
