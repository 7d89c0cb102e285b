#!/usr/bin/env bash
# The tunnel part of `npm run bench` on its own: emr-access connect vs OpenSSH `ssh -N -D -J` on a lab
# of its own (started and taken down here), same cipher on both, alternating rounds, medians and
# per-round ratios — throughput (one and 8 concurrent downloads), CPU per byte, small-request latency,
# fresh-request latency, memory under stalled readers, and the no-tunnel ceiling. Prints the table;
# bench/results.json and bench/README.md are left as they are.
#
# usage: scripts/lab/measure-throughput.sh [--bytes N] [--reps N] [other scripts/bench/run.mjs options]
# needs: root, the lab's tools, curl, OpenSSH client, and `npm run build` done (bin/run.js → dist).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
case "${1:-}" in -h|--help) sed -n '2,9p' "$0"; exit 0 ;; esac
[ -f "$repo/dist/commands/connect.js" ] || { echo "run npm run build first" >&2; exit 2; }
exec node "$repo/scripts/bench/run.mjs" --only tunnel --no-write "$@"
