#!/usr/bin/env bash
# Debian's Chromium for the browser test (test/integration/web-browser.test.ts), which drives it with
# playwright-core: playwright's own browser downloads are not used, so the browser comes from the
# distribution's signed packages like every other test service.
#
#   bash test/services/chromium.sh start    # install /usr/bin/chromium if missing (needs root); idempotent
#   bash test/services/chromium.sh status   # exit 0 when /usr/bin/chromium runs
#
# Nothing is started: playwright launches a headless Chromium per test file and closes it. The install
# runs apt-get quietly, with stdout/stderr of its own going to a log file, so it never holds the caller's
# pipes (`x=$(npm test)` returns when the tests end).
set -euo pipefail

SERVICE=chromium
# shellcheck source=test/services/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHROMIUM=/usr/bin/chromium
LOGFILE="${FORDELER_CHROMIUM_LOG:-/tmp/fordeler-chromium-install.log}"

runs() { [[ -x "$CHROMIUM" ]] && timeout 30 "$CHROMIUM" --headless --no-sandbox --version </dev/null >/dev/null 2>&1; }

start() {
  if [[ -x "$CHROMIUM" ]]; then
    return 0
  fi
  [[ "$(id -u)" -eq 0 ]] || die "$CHROMIUM is missing and installing it needs root (apt-get install --no-install-recommends chromium)"
  log "installing chromium with apt-get (log: $LOGFILE)"
  export DEBIAN_FRONTEND=noninteractive
  {
    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium
  } </dev/null >>"$LOGFILE" 2>&1 || {
    tail -n 20 "$LOGFILE" >&2 2>/dev/null || true
    die "apt-get install chromium failed; see $LOGFILE"
  }
  [[ -x "$CHROMIUM" ]] || die "apt-get finished but there is still no $CHROMIUM"
  runs || die "$CHROMIUM is installed but does not start (try: $CHROMIUM --headless --no-sandbox --version)"
  log "installed $("$CHROMIUM" --version 2>/dev/null </dev/null || echo chromium)"
}

case "${1:-start}" in
  start) start ;;
  status)
    if runs; then log "$("$CHROMIUM" --version 2>/dev/null </dev/null)"; else log "$CHROMIUM missing or not starting"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|status" >&2
    exit 2
    ;;
esac
