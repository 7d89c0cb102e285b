#!/usr/bin/env bash
# Stops, starts or restarts one of the lab's sshd instances (with every session it serves), so a
# test or a person can drop the tunnel under a running `emr-access connect`.
#
# usage: lab-sshd.sh --dir DIR stop|start|restart bastion|bastion-noforward|primary
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

dir=""
if [ "${1:-}" = --dir ]; then dir="$2"; shift 2; fi
action="${1:-}"
role="${2:-}"
[ -n "$dir" ] && [ -f "$dir/lab.env" ] || lab_die "usage: lab-sshd.sh --dir DIR stop|start|restart ROLE (DIR/lab.env not found)"
case "$role" in bastion|bastion-noforward|primary) ;; *) lab_die "unknown role '$role'" ;; esac
name="$(sed -n 's/^LAB_NAME=//p' "$dir/lab.env")"

case "$action" in
  stop) lab_stop_pidfile "$dir/$role/sshd.pid" ;;
  start) lab_start_sshd "$dir" "$name" "$role" ;;
  restart) lab_stop_pidfile "$dir/$role/sshd.pid"; lab_start_sshd "$dir" "$name" "$role" ;;
  *) lab_die "unknown action '$action'" ;;
esac
