#!/usr/bin/env bash
# build-examples.sh - rebuild examples/snapshots/* and examples/manifest.json in moto.
#
#   scripts/examples/build-examples.sh [NAME ...]     (default: every example)
#
# For each example: reset a private moto_server (127.0.0.1, free port), build the topology with
# build_examples.py, export it with scripts/collect-snapshot.sh --endpoint-url, apply the hand
# edits of hand_edit.py (what moto cannot express; listed in examples/README.md), then check the
# shapes with check_snapshot.py. Needs python3 with moto[server] and boto3, and the AWS CLI.
# Re-runnable: each example directory is replaced; ids come from a fixed moto seed per example.
# Never talks to AWS: dummy credentials, an empty AWS config, and every call goes to moto.

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
EXAMPLES="$ROOT/examples"
PROG=${0##*/}

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }

for tool in python3 moto_server aws; do
  command -v "$tool" >/dev/null 2>&1 || { log "error: '$tool' not found on PATH"; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/build-examples.XXXXXX")
MOTO_PID=""
cleanup() {
  if [ -n "$MOTO_PID" ]; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Dummy credentials and no user AWS config: nothing here can reach a real account.
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_CONFIG_FILE="$WORK/aws-config" AWS_SHARED_CREDENTIALS_FILE="$WORK/aws-credentials"
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ENDPOINT_URL
# moto answers SSM DescribeInstanceInformation with HTTP 500: do not retry it four times.
export AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard
: >"$AWS_CONFIG_FILE"
: >"$AWS_SHARED_CREDENTIALS_FILE"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
log "starting moto_server on $URL"
moto_server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!

moto_post() {
  python3 - "$URL$1" <<'EOF'
import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"", method="POST"), timeout=10).read()
EOF
}

for _ in $(seq 1 100); do
  if moto_post /moto-api/reset 2>/dev/null; then break; fi
  if ! kill -0 "$MOTO_PID" 2>/dev/null; then log "error: moto_server exited:"; cat "$WORK/moto.log" >&2; exit 1; fi
  sleep 0.2
done
moto_post /moto-api/reset

if [ $# -gt 0 ]; then
  NAMES=("$@")
else
  NAMES=()
  while IFS= read -r name; do NAMES+=("$name"); done < <(python3 "$HERE/build_examples.py" --list)
fi

mkdir -p "$EXAMPLES/snapshots"
for name in "${NAMES[@]}"; do
  log "=== $name"
  moto_post /moto-api/reset
  # A fixed seed per example: re-runs give the same ids, and no two examples share an id.
  seed=$(printf '%s' "$name" | cksum | cut -d ' ' -f 1)
  moto_post "/moto-api/seed?a=$seed"
  facts="$WORK/$name.facts.json"
  python3 "$HERE/build_examples.py" --endpoint "$URL" --example "$name" --facts "$facts"
  cluster=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["clusterId"])' "$facts")
  out="$EXAMPLES/snapshots/$name"
  rm -rf "$out"
  "$ROOT/scripts/collect-snapshot.sh" --cluster "$cluster" --out "$out" --region us-east-1 --endpoint-url "$URL"
  python3 "$HERE/hand_edit.py" --facts "$facts" --dir "$out"
done

# Manifest, in build_examples.py order: this run's examples, plus earlier entries for the others.
python3 - "$EXAMPLES/manifest.json" "$WORK" "$HERE" "${NAMES[@]}" <<'EOF'
import json, os, sys
manifest_path, work, here, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
sys.dont_write_bytecode = True
sys.path.insert(0, here)
from build_examples import EXAMPLES
order = list(EXAMPLES)
previous = {}
if os.path.exists(manifest_path):
    previous = {e["name"]: e for e in json.load(open(manifest_path))}
entries = dict(previous)
for name in names:
    f = json.load(open(os.path.join(work, f"{name}.facts.json")))
    e = {"name": name, "snapshot": f"snapshots/{name}", "topology": f["topology"],
         "region": f["region"], "vpcId": f["vpcId"], "clusterId": f["clusterId"],
         "adminCidr": f["adminCidr"]}
    if "onpremCidr" in f:
        e["onpremCidr"] = f["onpremCidr"]
    if "bastion" in f:
        e["bastion"] = f["bastion"]["InstanceId"]
    e["brokenFor"] = f.get("brokenFor")
    entries[name] = e
out = [entries[n] for n in order if n in entries]
with open(manifest_path, "w", encoding="utf-8") as fh:
    fh.write(json.dumps(out, indent=2) + "\n")
EOF
log "wrote $EXAMPLES/manifest.json"

checks=()
for name in "${NAMES[@]}"; do checks+=("$EXAMPLES/snapshots/$name"); done
python3 "$HERE/check_snapshot.py" "${checks[@]}"
log "done: ${#NAMES[@]} example(s) in $EXAMPLES/snapshots"
