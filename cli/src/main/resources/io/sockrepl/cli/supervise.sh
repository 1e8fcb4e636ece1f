# sockrepl serve's supervisor. The JVM that `sockrepl serve` starts binds the socket and then
# becomes this script (exec: the pid stays), so that what stays for a whole serve is a shell of a
# megabyte instead of a JVM. It starts the server JVMs, keeps the next one ready beside the
# serving one (the standby), and starts a fresh one when the serving one asks for a restart or dies.
#
# Usage: sh supervise.sh DIR LISTENER STANDBY SESSION COMMAND...
#   DIR       a private directory, removed when this script ends
#   LISTENER  "inherited": standard input is the listening UNIX socket; it stays open here for the
#             whole serve, so that a client never finds it gone, and each server JVM gets it as its
#             own standard input (which of them accepts: ServingTurn). "none": each JVM binds its own.
#   STANDBY   "yes" to keep a standby (with an inherited listener only)
#   SESSION   the session file, written with this pid when the socket was bound and then by each
#             serving JVM; removed at the end if it still names this pid ("-": none)
#   COMMAND   a server JVM's command line; the standby's gets --as-standby
# Exits as ExitCodes says: 0 stopped, 1 could not serve, 143 ended by a signal.

dir=$1
listener=$2
keep_standby=$3
session=$4
shift 4

OK=0
UNREACHABLE=1
RESTART=75
START_FAILED=78
KILLED=143
CRASHES_ALLOWED=5
CRASH_WINDOW_SECONDS=60

child=
standby=
ending=
killer=
crashes=
code=

# A background job's standard input is /dev/null in a script, before its own redirections: the
# socket moves to descriptor 3, from where each JVM gets it
if [ "$listener" = inherited ]; then
  exec 3<&0 </dev/null
fi

# Sets $code to how a server JVM ended. A trapped signal cuts a wait short while the JVM runs on;
# a second wait for a JVM already waited for says 127, which is not its status. The shell's own
# report of a job killed by a signal ("Killed") is left out: the lines below say what happened.
await() {
  while :; do
    wait "$1" 2>/dev/null
    status=$?
    if [ "$status" -eq 127 ]; then
      return
    fi
    code=$status
    if ! kill -0 "$1" 2>/dev/null; then
      return
    fi
  done
}

end_standby() {
  if [ -n "$standby" ]; then
    kill -TERM "$standby" 2>/dev/null
    await "$standby"
    standby=
  fi
}

# Background jobs of a script ignore SIGINT, so a Ctrl+C reaches the server JVMs only from here:
# they end as on SIGTERM, and one that has not ended after 10 s is killed
on_signal() {
  ending=yes
  # shellcheck disable=SC2086
  kill -TERM $child $standby 2>/dev/null
  # shellcheck disable=SC2086
  (sleep 10 && kill -KILL $child $standby 2>/dev/null) </dev/null >/dev/null 2>&1 &
  killer=$!
}
trap on_signal INT TERM HUP
# a session file that still names this pid was never taken over by a serving JVM
forget_session() {
  if [ "$session" != - ] && grep -q "\"pid\":$$[,}]" "$session" 2>/dev/null; then
    rm -f "$session"
  fi
}
trap '[ -n "$killer" ] && kill "$killer" 2>/dev/null; rm -rf "$dir"; forget_session' EXIT

# Remembers a crash; fails when this makes too many within the window.
crash_allowed() {
  now=$(date +%s)
  recent=$now
  n=1
  for t in $crashes; do
    if [ $((now - t)) -lt $CRASH_WINDOW_SECONDS ]; then
      recent="$recent $t"
      n=$((n + 1))
    fi
  done
  crashes=$recent
  [ "$n" -lt $CRASHES_ALLOWED ]
}

if [ "$listener" = inherited ]; then
  "$@" <&3 3<&- &
else
  "$@" &
fi
child=$!
while :; do
  if [ "$keep_standby" = yes ] && [ "$listener" = inherited ] && [ -z "$standby" ] && [ -z "$ending" ]; then
    "$@" --as-standby <&3 3<&- &
    standby=$!
  fi
  await "$child"
  if [ -n "$ending" ]; then
    end_standby
    if [ "$code" -eq $OK ]; then exit $OK; fi
    exit $KILLED
  fi
  case $code in
    "$OK")
      end_standby
      exit $OK
      ;;
    "$RESTART")
      echo "sockrepl: restarting with a fresh JVM" >&2
      ;;
    "$START_FAILED")
      end_standby
      exit $UNREACHABLE
      ;;
    129 | 130 | "$KILLED")
      # ended by SIGHUP, SIGINT or SIGTERM sent to it alone: it shut down as on a stop, and took
      # its socket file with it
      end_standby
      exit $KILLED
      ;;
    *)
      if ! crash_allowed; then
        echo "sockrepl: the server JVM died $CRASHES_ALLOWED times in a minute (last exit code $code); giving up" >&2
        end_standby
        exit $UNREACHABLE
      fi
      if [ "$code" -gt 128 ]; then
        how="was killed by SIG$(kill -l $((code - 128)))"
      else
        how="exited unexpectedly (code $code)"
      fi
      echo "sockrepl: the server JVM $how; starting a fresh one" >&2
      ;;
  esac
  if [ -n "$standby" ]; then
    # it is taking over already: the serving JVM's end freed its turn (ServingTurn). A standby
    # that died meanwhile ends its turn at once, and is replaced as a crash.
    child=$standby
    standby=
  elif [ "$listener" = inherited ]; then
    "$@" <&3 3<&- &
    child=$!
  else
    "$@" &
    child=$!
  fi
done
