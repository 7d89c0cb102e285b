#!/usr/bin/env bash
# One honest throughput measurement: a download through bastion → primary in the namespace lab,
# via `emr-access connect` (ssh2, one process) and via OpenSSH `ssh -D` with ProxyJump (-J, two
# processes), with its default cipher and with aes128-gcm (ssh2's default on AES-NI CPUs), all
# driven by `curl --socks5-hostname`, interleaved, repeated, medians. A curl run inside the "vpc"
# namespace straight to the web server gives the no-tunnel ceiling.
#
# usage: scripts/lab/measure-throughput.sh [--bytes N] [--reps N]      (defaults: 1 GiB, 3)
# needs: root, the lab's tools, curl, OpenSSH client, and `npm run build` done (bin/run.js → dist).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bytes=$((1024 * 1024 * 1024))
reps=3
while [ $# -gt 0 ]; do
  case "$1" in
    --bytes) bytes="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$repo/dist/commands/connect.js" ] || { echo "run npm run build first" >&2; exit 2; }

name="emra-tput-$$"
dir="$(mktemp -d /tmp/emra-tput-XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$here/lab-down.sh" --name "$name" --dir "$dir" --quiet || true
}
trap cleanup EXIT

"$here/lab-up.sh" --name "$name" --dir "$dir" --quiet
bastion="$(sed -n 's/^LAB_BASTION_ADDR=//p' "$dir/lab.env")"
primary="$(sed -n 's/^LAB_PRIMARY_NAME=//p' "$dir/lab.env")"
primary_ip="$(sed -n 's/^LAB_PRIMARY_IP=//p' "$dir/lab.env")"
url="http://$primary:8088/bytes?n=$bytes"

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_port() {
  local port="$1" i
  for i in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on 127.0.0.1:$port" >&2; return 1
}

# emr-access (ssh2 + hand-written SOCKS5), HOME isolated so no personal config or keys count.
ours="$(free_port)"
HOME="$dir/home-emra" SSH_AUTH_SOCK='' node "$repo/bin/run.js" connect --host "$primary" --bastion "ec2-user@$bastion" \
  -i "$dir/keys/id_ed25519" --known-hosts "$dir/known_hosts" --socks-port "$ours" --pac-port 0 --json >"$dir/emra.out" 2>"$dir/emra.err" &
pids+=($!)
# OpenSSH with its defaults (chacha20-poly1305 first), ProxyJump through the bastion.
openssh="$(free_port)"
ssh -F "$dir/ssh_config" -N -D "127.0.0.1:$openssh" lab-primary 2>"$dir/openssh.err" &
pids+=($!)
# OpenSSH with the cipher ssh2 picks on AES-NI machines, on both of its processes (config file, as
# ssh passes no -o options to its ProxyJump process).
{ echo 'Host *'; echo '  Ciphers aes128-gcm@openssh.com'; cat "$dir/ssh_config"; } >"$dir/ssh_config_gcm"
openssh_gcm="$(free_port)"
ssh -F "$dir/ssh_config_gcm" -N -D "127.0.0.1:$openssh_gcm" lab-primary 2>"$dir/openssh-gcm.err" &
pids+=($!)
wait_port "$ours"; wait_port "$openssh"; wait_port "$openssh_gcm"
for _ in $(seq 1 100); do grep -q '"event":"ready"' "$dir/emra.out" && break; sleep 0.1; done
grep -q '"event":"ready"' "$dir/emra.out" || { echo "emr-access did not become ready: $(cat "$dir/emra.err")" >&2; exit 1; }

# One transfer: prints MB/s (10^6 bytes/s), after checking every byte arrived.
transfer() {
  local out size speed
  if [ "$1" = direct ]; then
    out="$(ip netns exec "$name" timeout 600 curl -sS -o /dev/null -w '%{size_download} %{speed_download}' "http://$primary_ip:8088/bytes?n=$bytes")"
  else
    out="$(timeout 600 curl -sS -o /dev/null -w '%{size_download} %{speed_download}' --socks5-hostname "127.0.0.1:$1" "$url")"
  fi
  size="${out%% *}"; speed="${out##* }"
  [ "$size" = "$bytes" ] || { echo "short transfer via $1: $size of $bytes bytes" >&2; exit 1; }
  awk -v s="$speed" 'BEGIN { printf "%.0f", s / 1e6 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

declare -A label=([direct]="direct, inside the vpc namespace (no tunnel)" [$ours]="emr-access connect (ssh2, default cipher)" [$openssh]="OpenSSH ssh -D -J (default cipher)" [$openssh_gcm]="OpenSSH ssh -D -J, aes128-gcm")
order=(direct "$ours" "$openssh" "$openssh_gcm")
declare -A samples
echo "$(nproc) CPUs, $(node --version), $(ssh -V 2>&1), $((bytes / 1024 / 1024)) MiB per transfer, $reps rounds (interleaved)"
for rep in $(seq 1 "$reps"); do
  # Rotate the order each round so no configuration always goes first.
  for i in "${!order[@]}"; do
    key="${order[$(( (i + rep) % ${#order[@]} ))]}"
    value="$(transfer "$key")"
    samples[$key]="${samples[$key]:-} $value"
    printf '  round %d  %-48s %6s MB/s\n' "$rep" "${label[$key]}" "$value"
  done
done
echo
printf '%-48s %8s   %s\n' configuration 'median' 'samples (MB/s)'
for key in "${order[@]}"; do
  printf '%-48s %8s   %s\n' "${label[$key]}" "$(echo "${samples[$key]}" | tr ' ' '\n' | grep . | median)" "${samples[$key]# }"
done
