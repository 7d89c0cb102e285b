#!/usr/bin/env bash
# Brings up a network-namespace lab that looks like a private EMR cluster behind a bastion:
#
#   root namespace ──veth /30──▶ "vpc" namespace NAME
#     LINK.1                       LINK.2:22  bastion sshd (user ec2-user)   also 10.0.1.10:22
#                                  LINK.2:2222 bastion sshd with AllowTcpForwarding no (10.0.1.11:22)
#                                  10.0.2.20:22 primary sshd (user hadoop), ip-10-0-2-20.ec2.internal
#                                  10.0.2.20:8088/18080/8890/20888 web UIs, 10.0.2.30:8042 a "core node"
#
# The ip-10-…ec2.internal names exist only in /etc/netns/NAME/hosts, so they resolve on the far side
# and nowhere else; the root namespace has a route to the /30 only. Users, host keys, sshd configs,
# logs and pid files live in DIR; the system sshd, its config and port 22 of the root namespace are
# never touched. Bring it down with scripts/lab/lab-down.sh --dir DIR.
#
# usage: lab-up.sh [--name NAME] [--dir DIR] [--slot 1-63] [--quiet]
#        lab-up.sh --check      (only: can this machine host the lab? exit 0 or 3 with the reason)
# exit:  0 up (DIR/lab.json and DIR/lab.env describe it), 3 this machine cannot host it (reason on
#        stderr), 1 failed (whatever was made is taken down again)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

name=emra-lab
dir=""
slot=""
quiet=0
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --slot) slot="$2"; shift 2 ;;
    --quiet) quiet=1; shift ;;
    --check) lab_preflight; exit 0 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) lab_die "unknown argument $1 (see --help)" ;;
  esac
done
lab_valid_name "$name" || lab_die "--name must be lower-case letters, digits and dashes (at most 31)"
dir="${dir:-/tmp/$name}"
lab_preflight

# A lab of the same name left over from an interrupted run goes first.
"$here/lab-down.sh" --name "$name" --dir "$dir" --quiet || true

cleanup_on_error() {
  local status=$?
  if [ "$status" != 0 ]; then
    echo "lab: bring-up failed; taking down what was made" >&2
    "$here/lab-down.sh" --name "$name" --dir "$dir" --quiet || true
  fi
}
trap cleanup_on_error EXIT

mkdir -p "$dir"
chmod 755 "$dir"   # sshd reads authorized_keys as the lab users
dir="$(cd "$dir" && pwd)"

# --- the veth /30, chosen under a lock so parallel labs never share one -------------------------
exec 9>/tmp/emra-lab.lock
flock -w 30 9 || lab_die "could not take /tmp/emra-lab.lock"
slot_in_use() { ip -4 -o addr show | grep -q " $LAB_LINK_PREFIX.$(( $1 * 4 + 1 ))/"; }
if [ -z "$slot" ]; then
  for candidate in $(seq 1 63); do
    if ! slot_in_use "$candidate"; then slot="$candidate"; break; fi
  done
  [ -n "$slot" ] || lab_die "all 63 link subnets in $LAB_LINK_PREFIX.0/24 are in use"
elif slot_in_use "$slot"; then
  lab_die "slot $slot ($LAB_LINK_PREFIX.$(( slot * 4 ))/30) is in use"
fi
host_if="emra${slot}h"
ns_if="emra${slot}v"
host_addr="$LAB_LINK_PREFIX.$(( slot * 4 + 1 ))"
bastion_addr="$LAB_LINK_PREFIX.$(( slot * 4 + 2 ))"

ip netns add "$name"
# Recorded as soon as the namespace exists, so lab-down can always find what to remove.
cat >"$dir/lab.env" <<EOF
LAB_NAME=$name
LAB_DIR=$dir
LAB_SLOT=$slot
LAB_HOST_IF=$host_if
EOF
ip -n "$name" link set lo up
for address in "$LAB_BASTION_IP" "$LAB_BASTION_NOFWD_IP" "$LAB_PRIMARY_IP" "$LAB_CORE_IP"; do
  ip -n "$name" addr add "$address/32" dev lo
done
ip link add "$host_if" type veth peer name "$ns_if"
ip link set "$ns_if" netns "$name"
ip addr add "$host_addr/30" dev "$host_if"
ip link set "$host_if" up
ip -n "$name" addr add "$bastion_addr/30" dev "$ns_if"
ip -n "$name" link set "$ns_if" up
flock -u 9

# --- what the far side sees in /etc: names, users, no DNS ----------------------------------------
etc="/etc/netns/$name"
mkdir -p "$etc"
cat >"$etc/hosts" <<EOF
127.0.0.1 localhost
$LAB_BASTION_IP $LAB_BASTION_NAME ${LAB_BASTION_NAME%%.*}
$LAB_BASTION_NOFWD_IP ip-10-0-1-11.ec2.internal ip-10-0-1-11
$LAB_PRIMARY_IP $LAB_PRIMARY_NAME ${LAB_PRIMARY_NAME%%.*}
$LAB_CORE_IP $LAB_CORE_NAME ${LAB_CORE_NAME%%.*}
EOF
# Files only: a name the lab does not know fails at once ("Name or service not known").
sed -E 's/^hosts:.*/hosts: files/' /etc/nsswitch.conf >"$etc/nsswitch.conf"
# The lab's users exist only inside the namespace (ip netns exec bind-mounts these over /etc).
cp /etc/passwd "$etc/passwd"
cp /etc/group "$etc/group"
mkdir -p "$dir/home/ec2-user" "$dir/home/hadoop" "$dir/authorized_keys"
printf 'ec2-user:x:%s:%s:lab bastion user:%s:/bin/sh\n' "${LAB_USER_UIDS[0]}" "${LAB_USER_UIDS[0]}" "$dir/home/ec2-user" >>"$etc/passwd"
printf 'hadoop:x:%s:%s:lab primary user:%s:/bin/sh\n' "${LAB_USER_UIDS[1]}" "${LAB_USER_UIDS[1]}" "$dir/home/hadoop" >>"$etc/passwd"
printf 'ec2-user:x:%s:\nhadoop:x:%s:\n' "${LAB_USER_UIDS[0]}" "${LAB_USER_UIDS[1]}" >>"$etc/group"
chown "${LAB_USER_UIDS[0]}:${LAB_USER_UIDS[0]}" "$dir/home/ec2-user"
chown "${LAB_USER_UIDS[1]}:${LAB_USER_UIDS[1]}" "$dir/home/hadoop"

# --- keys: client keys (one authorized, one not, one with a passphrase) and per-role host keys ----
keys="$dir/keys"
mkdir -p "$keys"
ssh-keygen -q -t ed25519 -N '' -C 'lab client key' -f "$keys/id_ed25519"
ssh-keygen -q -t ed25519 -N '' -C 'lab key nobody authorized' -f "$keys/wrong_ed25519"
ssh-keygen -q -t ed25519 -N 'lab passphrase' -C 'lab key with passphrase' -f "$keys/encrypted_ed25519"
cat "$keys/id_ed25519.pub" "$keys/encrypted_ed25519.pub" >"$dir/authorized_keys/ec2-user"
cat "$keys/id_ed25519.pub" "$keys/encrypted_ed25519.pub" >"$dir/authorized_keys/hadoop"
chmod 644 "$dir/authorized_keys/"*

# /run/sshd is sshd's privilege-separation directory; the packaged service creates it at start.
mkdir -p /run/sshd

write_sshd_config() {
  local role="$1" users="$2" forwarding="$3"
  shift 3
  mkdir -p "$dir/$role"
  ssh-keygen -q -t ed25519 -N '' -C "$role host key" -f "$dir/$role/ssh_host_ed25519_key"
  ssh-keygen -q -t ecdsa -N '' -C "$role host key" -f "$dir/$role/ssh_host_ecdsa_key"
  {
    for listen in "$@"; do echo "ListenAddress $listen"; done
    cat <<EOF
HostKey $dir/$role/ssh_host_ed25519_key
HostKey $dir/$role/ssh_host_ecdsa_key
PidFile $dir/$role/sshd.pid
AuthorizedKeysFile $dir/authorized_keys/%u
AllowUsers $users
PermitRootLogin no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowTcpForwarding $forwarding
AllowAgentForwarding no
X11Forwarding no
PermitTTY yes
PrintMotd no
MaxStartups 100:30:200
LoginGraceTime 20
LogLevel VERBOSE
EOF
  } >"$dir/$role/sshd_config"
}
write_sshd_config bastion ec2-user yes "$bastion_addr:22" "$LAB_BASTION_IP:22"
write_sshd_config bastion-noforward ec2-user no "$bastion_addr:2222" "$LAB_BASTION_NOFWD_IP:22"
write_sshd_config primary hadoop yes "$LAB_PRIMARY_IP:22"

# known_hosts as OpenSSH would have written it after a first, trusted connection.
{
  for type in ed25519 ecdsa; do
    printf '%s %s\n' "$bastion_addr" "$(cut -d' ' -f1,2 "$dir/bastion/ssh_host_${type}_key.pub")"
    printf '[%s]:2222 %s\n' "$bastion_addr" "$(cut -d' ' -f1,2 "$dir/bastion-noforward/ssh_host_${type}_key.pub")"
    printf '%s,%s %s\n' "$LAB_PRIMARY_NAME" "$LAB_PRIMARY_IP" "$(cut -d' ' -f1,2 "$dir/primary/ssh_host_${type}_key.pub")"
  done
} >"$dir/known_hosts"

# An OpenSSH client config for the lab (used by measure-throughput.sh and by hand): ssh does not
# pass -o options on to its ProxyJump process, so the settings live in a file.
cat >"$dir/ssh_config" <<EOF
Host lab-bastion
  HostName $bastion_addr
  User ec2-user
Host lab-primary
  HostName $LAB_PRIMARY_NAME
  User hadoop
  ProxyJump lab-bastion
Host lab-bastion lab-primary
  IdentityFile $keys/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $dir/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
EOF

for role in bastion bastion-noforward primary; do lab_start_sshd "$dir" "$name" "$role"; done

# --- web UIs on the primary (and one on a core node, which YARN pages link to) -------------------
core_url="http://$LAB_CORE_NAME:8042/"
ip netns exec "$name" setsid node "$here/web-ui.mjs" \
  --listen "$LAB_PRIMARY_IP:8088:$LAB_PRIMARY_NAME:YARN ResourceManager" \
  --listen "$LAB_PRIMARY_IP:18080:$LAB_PRIMARY_NAME:Spark History Server" \
  --listen "$LAB_PRIMARY_IP:8890:$LAB_PRIMARY_NAME:Zeppelin" \
  --listen "$LAB_PRIMARY_IP:20888:$LAB_PRIMARY_NAME:YARN application proxy" \
  --listen "$LAB_CORE_IP:8042:$LAB_CORE_NAME:YARN NodeManager" \
  --link "$core_url" \
  --fetch "${core_url}node.json" \
  --pid-file "$dir/web-ui.pid" </dev/null >"$dir/web-ui.log" 2>&1 &
for port in 22 8088 18080 8890 20888; do lab_wait_tcp "$name" "$LAB_PRIMARY_IP" "$port"; done
lab_wait_tcp "$name" "$LAB_CORE_IP" 8042
lab_wait_tcp "$name" "$bastion_addr" 22
lab_wait_tcp "$name" "$bastion_addr" 2222

fingerprint() { ssh-keygen -lf "$1" | cut -d' ' -f2; }
cat >>"$dir/lab.env" <<EOF
LAB_HOST_ADDR=$host_addr
LAB_BASTION_ADDR=$bastion_addr
LAB_PRIMARY_NAME=$LAB_PRIMARY_NAME
LAB_PRIMARY_IP=$LAB_PRIMARY_IP
LAB_CORE_NAME=$LAB_CORE_NAME
LAB_KEY=$keys/id_ed25519
LAB_KNOWN_HOSTS=$dir/known_hosts
EOF
cat >"$dir/lab.json" <<EOF
{
  "name": "$name",
  "dir": "$dir",
  "slot": $slot,
  "hostInterface": "$host_if",
  "hostAddress": "$host_addr",
  "bastion": {"address": "$bastion_addr", "port": 22, "user": "ec2-user", "vpcAddress": "$LAB_BASTION_IP",
              "fingerprints": {"ed25519": "$(fingerprint "$dir/bastion/ssh_host_ed25519_key.pub")", "ecdsa": "$(fingerprint "$dir/bastion/ssh_host_ecdsa_key.pub")"}},
  "bastionNoForward": {"address": "$bastion_addr", "port": 2222, "user": "ec2-user"},
  "primary": {"name": "$LAB_PRIMARY_NAME", "ip": "$LAB_PRIMARY_IP", "port": 22, "user": "hadoop",
              "fingerprints": {"ed25519": "$(fingerprint "$dir/primary/ssh_host_ed25519_key.pub")", "ecdsa": "$(fingerprint "$dir/primary/ssh_host_ecdsa_key.pub")"}},
  "core": {"name": "$LAB_CORE_NAME", "ip": "$LAB_CORE_IP"},
  "vpcCidr": "$LAB_VPC_CIDR",
  "webUis": {"yarn": "http://$LAB_PRIMARY_NAME:8088/", "sparkHistory": "http://$LAB_PRIMARY_NAME:18080/", "zeppelin": "http://$LAB_PRIMARY_NAME:8890/", "nodeManager": "$core_url"},
  "keys": {"client": "$keys/id_ed25519", "wrong": "$keys/wrong_ed25519", "encrypted": "$keys/encrypted_ed25519", "encryptedPassphrase": "lab passphrase"},
  "knownHosts": "$dir/known_hosts",
  "sshConfig": "$dir/ssh_config"
}
EOF
trap - EXIT

if [ "$quiet" = 0 ]; then
  cat <<EOF
lab $name is up ($dir)
  bastion   ec2-user@$bastion_addr:22    (AllowTcpForwarding no on :2222)
  primary   hadoop@$LAB_PRIMARY_NAME ($LAB_PRIMARY_IP), reachable only through the bastion
  web UIs   http://$LAB_PRIMARY_NAME:8088/ :18080 :8890 :20888, core node $core_url
  key       $keys/id_ed25519        known_hosts $dir/known_hosts

  emr-access connect --host $LAB_PRIMARY_NAME --bastion ec2-user@$bastion_addr \\
    -i $keys/id_ed25519 --known-hosts $dir/known_hosts
  curl --socks5-hostname 127.0.0.1:8157 http://$LAB_PRIMARY_NAME:8088/

  OpenSSH: ssh -F $dir/ssh_config -N -D 8157 lab-primary

  down:    $here/lab-down.sh --dir $dir
EOF
fi
