# Shared by scripts/lab/*.sh (sourced, not run). Constants of the lab's "VPC" and helpers that
# start and stop the processes the lab owns, always by process id.

# The lab's VPC (inside the network namespace only).
LAB_VPC_CIDR=10.0.0.0/16
LAB_BASTION_IP=10.0.1.10
LAB_BASTION_NOFWD_IP=10.0.1.11
LAB_PRIMARY_IP=10.0.2.20
LAB_CORE_IP=10.0.2.30
LAB_BASTION_NAME=ip-10-0-1-10.ec2.internal
LAB_PRIMARY_NAME=ip-10-0-2-20.ec2.internal
LAB_CORE_NAME=ip-10-0-2-30.ec2.internal
# The root namespace reaches the lab only through one veth pair on a /30 of this /24 (64 slots).
LAB_LINK_PREFIX="${LAB_LINK_PREFIX:-192.168.254}"
LAB_USER_UIDS=(61001 61002)
SSHD_BIN="${SSHD_BIN:-/usr/sbin/sshd}"

lab_die() { printf 'lab: %s\n' "$*" >&2; exit 1; }

# Exit 3 (the tests read it as "skip, with this reason") when the machine cannot host the lab.
lab_preflight() {
  [ "$(id -u)" = 0 ] || { echo "lab: needs root (network namespaces, sshd privilege separation); running as uid $(id -u)" >&2; exit 3; }
  command -v ip >/dev/null || { echo "lab: the ip command (iproute2) is missing" >&2; exit 3; }
  [ -x "$SSHD_BIN" ] || { echo "lab: $SSHD_BIN is missing (apt-get install openssh-server)" >&2; exit 3; }
  command -v ssh-keygen >/dev/null || { echo "lab: ssh-keygen is missing (apt-get install openssh-client)" >&2; exit 3; }
  command -v node >/dev/null || { echo "lab: node is missing" >&2; exit 3; }
  command -v flock >/dev/null || { echo "lab: flock (util-linux) is missing" >&2; exit 3; }
  local probe="emra-probe-$$"
  if ! ip netns add "$probe" 2>/dev/null; then
    echo "lab: cannot create network namespaces here (ip netns add failed: no CAP_SYS_ADMIN, or /run/netns not writable)" >&2
    exit 3
  fi
  ip netns del "$probe" 2>/dev/null || true
}

# lab_valid_name NAME: namespace names become file and interface-adjacent names; keep them tame.
lab_valid_name() { [[ "$1" =~ ^[a-z0-9][a-z0-9-]{0,30}$ ]]; }

# Every descendant of a process, deepest first, read from /proc (by id; nothing matched by name).
lab_descendants() {
  local parent="$1" child
  for child in $(lab_children "$parent"); do
    lab_descendants "$child"
    echo "$child"
  done
}
lab_children() {
  local stat pid line rest
  # One ps call where ps exists; otherwise a /proc scan with bash builtins only.
  if command -v ps >/dev/null 2>&1; then
    ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' '
    return 0
  fi
  for stat in /proc/[0-9]*/stat; do
    pid="${stat#/proc/}"; pid="${pid%/stat}"
    # field 4 of /proc/PID/stat is the parent id; the command name (field 2) may hold spaces.
    # Bash builtins only: a sed per process took 10 s and more per scan on a busy machine.
    { read -r line <"$stat"; } 2>/dev/null || continue
    rest="${line##*) }"
    rest="${rest#* }"
    [ "${rest%% *}" = "$1" ] && echo "$pid"
  done
  return 0
}

# lab_kill_pids PID…: TERM, wait up to 5 s, then KILL what is left.
lab_kill_pids() {
  local pid alive i
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for i in $(seq 1 50); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.1
  done
  kill -KILL "$@" 2>/dev/null || true
}

# lab_stop_pidfile FILE: the process in FILE and everything it started (sshd's per-connection children).
lab_stop_pidfile() {
  local file="$1" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file" 2>/dev/null)"
  rm -f "$file"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  # shellcheck disable=SC2046
  lab_kill_pids "$pid" $(lab_descendants "$pid")
}

# lab_start_sshd DIR NS ROLE: start the sshd of one role (bastion, bastion-noforward, primary).
lab_start_sshd() {
  local dir="$1" ns="$2" role="$3" i
  local conf="$dir/$role/sshd_config"
  [ -f "$conf" ] || lab_die "no sshd config for role $role in $dir"
  lab_stop_pidfile "$dir/$role/sshd.pid"
  "$SSHD_BIN" -t -f "$conf" || lab_die "sshd rejected $conf"
  ip netns exec "$ns" "$SSHD_BIN" -f "$conf" -E "$dir/$role/sshd.log" || lab_die "sshd ($role) did not start; see $dir/$role/sshd.log"
  for i in $(seq 1 50); do
    [ -s "$dir/$role/sshd.pid" ] && return 0
    sleep 0.1
  done
  lab_die "sshd ($role) wrote no pid file; see $dir/$role/sshd.log"
}

# lab_wait_tcp NS ADDRESS PORT: until something accepts connections there (5 s at most).
lab_wait_tcp() {
  local ns="$1" address="$2" port="$3" i
  for i in $(seq 1 50); do
    ip netns exec "$ns" bash -c "exec 3<>/dev/tcp/$address/$port" 2>/dev/null && return 0
    sleep 0.1
  done
  lab_die "nothing listens on $address:$port in namespace $ns"
}
