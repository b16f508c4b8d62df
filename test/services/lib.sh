# shellcheck shell=bash
# Shared by the throwaway test servers (dovecot.sh, sftp.sh): start a daemon so that it never holds the
# caller's terminal or pipes, wait for it to greet on its TCP port with a bound, and stop it by pid file.
#
# Why: a daemon that keeps the caller's stdout/stderr open makes `x=$(npm test)` (and any CI runner that
# reads the output through a pipe) wait forever after everything has finished. Dovecot does exactly that
# when it is simply run from the script. Here every daemon runs in the foreground of its own session
# (setsid), with stdin from /dev/null, stdout/stderr appended to a log file, and every other inherited file
# descriptor closed; the pid file is written by the launcher itself, so `stop` needs no help from the daemon.
#
# Source it after defining SERVICE (a short name for messages), e.g.:
#   SERVICE=dovecot; source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

log() { printf '%s.sh: %s\n' "${SERVICE:-service}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The pid in PIDFILE when that process is alive; fails otherwise.
pid_from_file() {
  local pidfile="$1" pid
  [[ -s "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  # A daemon that died while the starting script still runs is its zombie child until the script ends.
  [[ "$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$pid/status" 2>/dev/null)" != Z ]] || return 1
  printf '%s' "$pid"
}

# True when something on 127.0.0.1:PORT sends a first line starting with PREFIX. Bounded by `timeout`,
# because a listener that accepts but never speaks would otherwise hang the read.
greets() {
  local port="$1" prefix="$2"
  # shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    IFS= read -r -t 2 line <&3 || exit 1
    exec 3>&-
    [[ "$line" == "$2"* ]]
  ' _ "$port" "$prefix" 2>/dev/null
}

# start_detached PIDFILE LOGFILE COMMAND [ARGS...]
# Runs COMMAND (which must stay in the foreground, e.g. `dovecot -F`, `sshd -D`) in a new session with
# stdin from /dev/null and stdout/stderr appended to LOGFILE, closes every other descriptor it would
# inherit, and writes its pid to PIDFILE before it starts. Returns at once.
start_detached() {
  local pidfile="$1" logfile="$2"
  shift 2
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
  rm -f "$pidfile"
  # Inside the new session: close descriptors 3 and up (the list is taken before the loop runs), record
  # our own pid, then become the daemon. `setsid` does not fork here (a background job of a script is
  # not a process group leader), and `exec` keeps the pid, so the pid file names the daemon itself.
  # shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
  setsid bash -c '
    for fd in /proc/$$/fd/*; do
      fd="${fd##*/}"
      if ((fd > 2)); then eval "exec ${fd}>&-" 2>/dev/null || true; fi
    done
    printf "%s\n" "$$" >"$0"
    exec "$@"
  ' "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 &
  # Not waited for: the daemon is in its own session; forget the job so the shell never reports it.
  disown $! 2>/dev/null || true
}

# wait_for_greeting PIDFILE LOGFILE PORT PREFIX SECONDS
# Waits until the port greets with PREFIX; fails early when the daemon has exited, or after SECONDS,
# showing the end of LOGFILE either way.
wait_for_greeting() {
  local pidfile="$1" logfile="$2" port="$3" prefix="$4" seconds="$5"
  local deadline=$((SECONDS + seconds)) started=$((SECONDS + 2))
  until greets "$port" "$prefix"; do
    # The pid file is written a moment after the launch; give it two seconds before judging by it.
    if ((SECONDS >= started)) && ! pid_from_file "$pidfile" >/dev/null; then
      log "the server exited before answering on 127.0.0.1:$port; last lines of $logfile:"
      tail -n 20 "$logfile" >&2 2>/dev/null || true
      die "${SERVICE:-the server} did not start"
    fi
    if ((SECONDS >= deadline)); then
      log "no greeting on 127.0.0.1:$port after ${seconds}s; last lines of $logfile:"
      tail -n 20 "$logfile" >&2 2>/dev/null || true
      die "${SERVICE:-the server} did not start"
    fi
    sleep 0.2
  done
}

# stop_by_pidfile PIDFILE SECONDS: SIGTERM, wait up to SECONDS, then SIGKILL. Quiet success when not running.
stop_by_pidfile() {
  local pidfile="$1" seconds="$2" pid
  if ! pid="$(pid_from_file "$pidfile")"; then
    log "not running"
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + seconds))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "pid $pid did not stop within ${seconds}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      break
    fi
    sleep 0.2
  done
  rm -f "$pidfile"
  log "stopped"
}

# apt_install PACKAGE...: installs with apt-get, quietly and without questions; needs root.
apt_install() {
  [[ "$(id -u)" -eq 0 ]] || die "installing $* needs root (apt-get install $*)"
  log "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
