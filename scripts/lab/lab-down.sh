#!/usr/bin/env bash
# Takes down a lab made by lab-up.sh: stops every process it started (by process id: the pid files,
# their children, and whatever still runs inside the namespace), deletes the namespace (which
# removes the veth pair), /etc/netns/NAME and DIR. Safe to run twice, and on a half-made lab.
#
# usage: lab-down.sh [--name NAME] [--dir DIR] [--quiet]     (with --dir only, NAME is read from DIR/lab.env)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

name=""
dir=""
quiet=0
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --quiet) quiet=1; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "lab: unknown argument $1" >&2; exit 2 ;;
  esac
done
host_if=""
if [ -n "$dir" ] && [ -f "$dir/lab.env" ]; then
  env_name="$(sed -n 's/^LAB_NAME=//p' "$dir/lab.env")"
  host_if="$(sed -n 's/^LAB_HOST_IF=//p' "$dir/lab.env")"
  if [ -n "$name" ] && [ -n "$env_name" ] && [ "$name" != "$env_name" ]; then
    echo "lab: $dir belongs to lab $env_name, not $name" >&2
    exit 2
  fi
  name="${name:-$env_name}"
fi
[ -n "$name" ] || { [ -n "$dir" ] || name=emra-lab; }
if [ -n "$name" ] && ! lab_valid_name "$name"; then echo "lab: bad --name" >&2; exit 2; fi
dir="${dir:-/tmp/$name}"

if [ -d "$dir" ]; then
  for pidfile in "$dir"/*/sshd.pid "$dir/web-ui.pid"; do
    [ -f "$pidfile" ] && lab_stop_pidfile "$pidfile"
  done
fi

# Under lab-up's lock: between deleting the namespace and the link below, a lab-up running in
# parallel could otherwise take this slot, and the link deleted would be the new lab's.
exec 9>/tmp/emra-lab.lock
flock -w 30 9 || echo "lab: could not take /tmp/emra-lab.lock; going on" >&2
if [ -n "$name" ] && [ -e "/run/netns/$name" ]; then
  # Anything left inside the namespace (an sshd session whose listener went first, a stray node).
  mapfile -t left < <(ip netns pids "$name" 2>/dev/null)
  [ "${#left[@]}" -gt 0 ] && lab_kill_pids "${left[@]}"
  ip netns del "$name" 2>/dev/null || echo "lab: could not delete namespace $name" >&2
fi
# Deleting the namespace destroys the veth pair; this is for a half-made lab.
if [ -n "$host_if" ] && ip link show "$host_if" >/dev/null 2>&1; then ip link del "$host_if" 2>/dev/null || true; fi
[ -n "$name" ] && rm -rf "/etc/netns/$name"
# DIR is removed only when it is a lab directory (never an arbitrary path given by mistake).
if [ -d "$dir" ]; then
  if [ -f "$dir/lab.env" ] || [ -z "$(ls -A "$dir")" ] || [ -f "$dir/known_hosts" -a -d "$dir/keys" ]; then
    rm -rf "$dir"
  else
    echo "lab: left $dir in place: it does not look like a lab directory" >&2
  fi
fi
[ "$quiet" = 1 ] || echo "lab ${name:-?} is down"
exit 0
