#!/usr/bin/env bash
# collect-snapshot.sh - save the AWS CLI JSON that `emr-access` audits, scoped to one VPC.
#
# Needs only the AWS CLI (v1 or v2) and bash (3.2 or later). Read-only: every call is a
# Describe/List/Get. Each file is what `aws ... --output json` prints for that call, with two
# exceptions: secrets are redacted (VPN pre-shared keys, "...Password" values), and the calls
# that have no server-side VPC filter are narrowed with a client-side --query that keeps the
# CLI's top-level key (describe-vpn-connections, ssm describe-instance-information).
#
# A call that fails (AccessDenied, not implemented, throttled after the CLI's retries) prints a
# one-line warning to stderr and its file is left out; emr-access then reports the rules that
# need it as "not evaluated (missing: <file>)".
#
# Exit status: 0 snapshot written (possibly with warnings), 1 the VPC/cluster could not be
# resolved or the AWS CLI is missing, 2 bad arguments.

set -euo pipefail
export AWS_PAGER=""

PROG=${0##*/}
SYNOPSIS="$PROG (--cluster j-XXXX | --vpc vpc-XXXX) --out DIR [--region R] [--profile P] [--endpoint-url URL]"

usage() {
  cat <<EOF
usage: $SYNOPSIS

Save a read-only snapshot of the VPC around an Amazon EMR cluster for emr-access.

  --cluster ID        EMR cluster id (j-...); the VPC is the cluster's subnet's VPC
  --vpc ID            VPC id (vpc-...) to snapshot (every active EMR cluster in it is included)
  --out DIR           directory to write; created if missing, must be empty if it exists
  --region R          AWS Region (default: the CLI's configured Region)
  --profile P         AWS CLI profile
  --endpoint-url URL  send every call to URL (for AWS API emulators in tests)
  -h, --help          show this help

Files written (one per call, named <service>-<operation>.json): ec2-describe-vpcs,
-subnets, -route-tables, -internet-gateways, -nat-gateways, -vpc-endpoints,
-instance-connect-endpoints, -security-groups,
-network-acls, -vpn-gateways, -vpn-connections, -customer-gateways,
-transit-gateway-vpc-attachments, -instances, -dhcp-options, -prefix-lists,
ec2-get-managed-prefix-list-entries-<pl-id> (each customer-managed prefix list the VPC's security
groups and routes name), ec2-describe-vpc-attribute-<vpc>-enableDnsSupport / -enableDnsHostnames, emr-list-clusters,
emr-describe-cluster-<id>, emr-list-instances-<id>, emr-get-block-public-access-configuration,
ssm-describe-instance-information.

Scope: EC2 files are filtered to the VPC (VPN connections: those of the VPC's VGWs and of the
transit gateways it is attached to; customer gateways: those of these connections). The EMR
cluster list (states STARTING BOOTSTRAPPING RUNNING WAITING), the block public access setting
and the AWS prefix lists are Region-wide. Clusters are described when their subnet is in the VPC
(and the --cluster one always). SSM records are kept for the VPC's instances only.

IAM actions used (all read-only): ec2:DescribeVpcs, DescribeVpcAttribute, DescribeSubnets,
DescribeRouteTables, DescribeInternetGateways, DescribeNatGateways, DescribeVpcEndpoints,
DescribeSecurityGroups, DescribeNetworkAcls, DescribeVpnGateways, DescribeVpnConnections,
DescribeCustomerGateways, DescribeTransitGatewayVpcAttachments, DescribeInstances,
DescribeDhcpOptions, DescribePrefixLists, GetManagedPrefixListEntries; elasticmapreduce:ListClusters, DescribeCluster,
ListInstances, GetBlockPublicAccessConfiguration; ssm:DescribeInstanceInformation.

A call that fails is reported in one warning line and its file is left out; the rest is still
collected. Secrets in the output (VPN pre-shared keys, "...Password" values) are replaced by
REDACTED. Progress and warnings go to stderr. Credentials are never printed.

Exit status: 0 written (possibly with warnings), 1 VPC/cluster not found or no AWS CLI,
2 bad arguments.
EOF
}

die_usage() {
  printf '%s: error: %s; usage: %s\n' "$PROG" "$1" "$SYNOPSIS" >&2
  exit 2
}

die() {
  printf '%s: error: %s\n' "$PROG" "$1" >&2
  exit 1
}

progress() { printf '%s: %s\n' "$PROG" "$*" >&2; }

warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; }

# --- arguments ------------------------------------------------------------------------------------

CLUSTER="" VPC="" OUT="" REGION="" PROFILE="" ENDPOINT=""

need_value() {
  # $1 option, $2 number of remaining arguments including the option, $3 the value
  if [ "$2" -lt 2 ]; then die_usage "$1 needs a value"; fi
  case $3 in
    --*) die_usage "$1 needs a value, got the option '$3'" ;;
  esac
}

while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --cluster) need_value "$1" $# "${2:-}"; CLUSTER=$2; shift 2 ;;
    --vpc) need_value "$1" $# "${2:-}"; VPC=$2; shift 2 ;;
    --out) need_value "$1" $# "${2:-}"; OUT=$2; shift 2 ;;
    --region) need_value "$1" $# "${2:-}"; REGION=$2; shift 2 ;;
    --profile) need_value "$1" $# "${2:-}"; PROFILE=$2; shift 2 ;;
    --endpoint-url) need_value "$1" $# "${2:-}"; ENDPOINT=$2; shift 2 ;;
    --cluster=* | --vpc=* | --out=* | --region=* | --profile=* | --endpoint-url=*)
      # Accept --opt=value too.
      opt=${1%%=*}
      val=${1#*=}
      shift
      set -- "$opt" "$val" "$@"
      ;;
    *) die_usage "unknown argument '$1'" ;;
  esac
done

if [ -n "$CLUSTER" ] && [ -n "$VPC" ]; then die_usage "give --cluster or --vpc, not both"; fi
if [ -z "$CLUSTER" ] && [ -z "$VPC" ]; then die_usage "--cluster or --vpc is required"; fi
if [ -z "$OUT" ]; then die_usage "--out is required"; fi
if [ -n "$CLUSTER" ] && ! [[ $CLUSTER =~ ^j-[A-Za-z0-9]+$ ]]; then
  die_usage "--cluster '$CLUSTER' is not an EMR cluster id (j-...)"
fi
if [ -n "$VPC" ] && ! [[ $VPC =~ ^vpc-[0-9a-f]+$ ]]; then
  die_usage "--vpc '$VPC' is not a VPC id (vpc-...)"
fi
if [ -n "$REGION" ] && ! [[ $REGION =~ ^[a-z]+(-[a-z]+)+-[0-9]+$ ]]; then
  die_usage "--region '$REGION' is not a Region name (e.g. us-east-1)"
fi
if [ -n "$ENDPOINT" ] && ! [[ $ENDPOINT =~ ^https?:// ]]; then
  die_usage "--endpoint-url '$ENDPOINT' is not an http(s) URL"
fi
if [ -e "$OUT" ] && ! [ -d "$OUT" ]; then die_usage "--out '$OUT' exists and is not a directory"; fi
if [ -d "$OUT" ] && [ -n "$(ls -A "$OUT")" ]; then
  die_usage "--out '$OUT' is not empty (choose a new directory so no stale file is mixed in)"
fi

command -v aws >/dev/null 2>&1 || die "the AWS CLI ('aws') is not on PATH"

# Options every call gets. --output json is set per call (the user's default may be text/table).
BASE=()
if [ -n "$REGION" ]; then BASE+=(--region "$REGION"); fi
if [ -n "$PROFILE" ]; then BASE+=(--profile "$PROFILE"); fi
if [ -n "$ENDPOINT" ]; then BASE+=(--endpoint-url "$ENDPOINT"); fi

if [ -z "$REGION" ] && [ -z "${AWS_REGION:-}" ] && [ -z "${AWS_DEFAULT_REGION:-}" ]; then
  if [ -n "$PROFILE" ]; then
    REGION=$(aws configure get region --profile "$PROFILE" 2>/dev/null || true)
  else
    REGION=$(aws configure get region 2>/dev/null || true)
  fi
  if [ -z "$REGION" ]; then die_usage "no AWS Region configured: pass --region"; fi
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/collect-snapshot.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ERR="$WORK/stderr"

# --- helpers --------------------------------------------------------------------------------------

aws_json() { aws ${BASE[@]+"${BASE[@]}"} --output json "$@"; }
aws_text() { aws ${BASE[@]+"${BASE[@]}"} --output text "$@"; }

# First non-empty line of the CLI's error output, trimmed to one readable line.
error_line() {
  local line
  line=$(grep -v '^[[:space:]]*$' "$ERR" 2>/dev/null | head -n 1 || true)
  line=${line:-no error message}
  printf '%.200s' "$line"
}

# Replace secrets in a CLI JSON file: VPN pre-shared keys (in the XML CustomerGatewayConfiguration
# and in TunnelOptions) and string values of keys whose name contains Password/PreSharedKey/Secret.
redact() {
  sed -E \
    -e 's#<pre_shared_key>[^<]*</pre_shared_key>#<pre_shared_key>REDACTED</pre_shared_key>#g' \
    -e 's#("[^"]*([Pp]assword|PASSWORD|PreSharedKey|[Ss]ecret)[^"]*": )"([^"\\]|\\.)*"#\1"REDACTED"#g' \
    "$1" >"$2"
}

WRITTEN=0
MISSING=()

# collect FILE SERVICE OPERATION [ARGS...] - run one call, write FILE or warn and leave it out.
collect() {
  local file=$1 tmp
  shift
  tmp="$WORK/out.json"
  progress "$1 $2 -> $file"
  if aws_json "$@" >"$tmp" 2>"$ERR"; then
    redact "$tmp" "$OUT/$file"
    WRITTEN=$((WRITTEN + 1))
  else
    warn "aws $1 $2 failed: $(error_line); $file left out"
    MISSING+=("$file")
  fi
  rm -f "$tmp"
}

# skip FILE REASON - leave a file out because a call it depends on failed.
skip() {
  warn "$1 left out: $2"
  MISSING+=("$1")
}

# write_empty FILE KEY - the CLI's output for an empty result, when there is nothing to ask for
# (e.g. no VPN gateway in the VPC means no VPN connection of it).
write_empty() {
  progress "(no $2 to describe) -> $1"
  printf '{\n    "%s": []\n}\n' "$2" >"$OUT/$1"
  WRITTEN=$((WRITTEN + 1))
}

# ids VAR SERVICE OPERATION [ARGS...] --query Q - ids from a text query, space separated, into VAR.
# Returns non-zero (with the error in $ERR) if the call fails.
ids() {
  local __var=$1 __out __word __list=""
  shift
  __out=$(aws_text "$@" 2>"$ERR") || return 1
  for __word in $__out; do
    if [ "$__word" != "None" ]; then __list="$__list${__list:+ }$__word"; fi
  done
  printf -v "$__var" '%s' "$__list"
}

# JSON list literal for a JMESPath backtick literal: json_list a b -> ["a","b"]
json_list() {
  local s="" id
  for id in "$@"; do s="$s${s:+,}\"$id\""; done
  printf '[%s]' "$s"
}

# --- resolve the VPC ------------------------------------------------------------------------------

progress "region: ${REGION:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}; output: $OUT"

if [ -n "$CLUSTER" ]; then
  progress "resolving the VPC of cluster $CLUSTER"
  SUBNET=""
  ids SUBNET emr describe-cluster --cluster-id "$CLUSTER" \
    --query 'Cluster.Ec2InstanceAttributes.Ec2SubnetId' ||
    die "aws emr describe-cluster --cluster-id $CLUSTER failed: $(error_line)"
  [ -n "$SUBNET" ] || die "cluster $CLUSTER has no Ec2InstanceAttributes.Ec2SubnetId (not in a VPC?)"
  ids VPC ec2 describe-subnets --subnet-ids "$SUBNET" --query 'Subnets[0].VpcId' ||
    die "aws ec2 describe-subnets --subnet-ids $SUBNET failed: $(error_line)"
  [ -n "$VPC" ] || die "subnet $SUBNET of cluster $CLUSTER has no VpcId"
  progress "cluster $CLUSTER is in subnet $SUBNET of $VPC"
fi

# The VPC must exist; its DHCP option set id comes along ("default" = none associated).
VPC_INFO="" DHCP="" DHCP_ERROR=""
if ids VPC_INFO ec2 describe-vpcs --vpc-ids "$VPC" --query 'Vpcs[0].[VpcId,DhcpOptionsId]'; then
  case "$VPC_INFO " in
    "$VPC "*) DHCP=${VPC_INFO#"$VPC"}; DHCP=${DHCP# } ;;
    *) die "VPC $VPC not found" ;;
  esac
else
  # AccessDenied on DescribeVpcs must not stop the rest; a missing VPC does.
  DHCP_ERROR=$(error_line)
  case $DHCP_ERROR in
    *InvalidVpcID.NotFound*) die "VPC $VPC not found in this Region: $DHCP_ERROR" ;;
    *) warn "could not check that $VPC exists: $DHCP_ERROR" ;;
  esac
fi

mkdir -p "$OUT"
VPC_FILTER="Name=vpc-id,Values=$VPC"

# --- VPC-wide EC2 calls ---------------------------------------------------------------------------

collect ec2-describe-vpcs.json ec2 describe-vpcs --filters "$VPC_FILTER"
for attr in enableDnsSupport enableDnsHostnames; do
  collect "ec2-describe-vpc-attribute-$VPC-$attr.json" \
    ec2 describe-vpc-attribute --vpc-id "$VPC" --attribute "$attr"
done
collect ec2-describe-subnets.json ec2 describe-subnets --filters "$VPC_FILTER"
collect ec2-describe-route-tables.json ec2 describe-route-tables --filters "$VPC_FILTER"
collect ec2-describe-internet-gateways.json ec2 describe-internet-gateways \
  --filters "Name=attachment.vpc-id,Values=$VPC"
# DescribeNatGateways spells its filter parameter in the singular.
collect ec2-describe-nat-gateways.json ec2 describe-nat-gateways --filter "$VPC_FILTER"
collect ec2-describe-vpc-endpoints.json ec2 describe-vpc-endpoints --filters "$VPC_FILTER"
collect ec2-describe-instance-connect-endpoints.json ec2 describe-instance-connect-endpoints --filters "$VPC_FILTER"
collect ec2-describe-security-groups.json ec2 describe-security-groups --filters "$VPC_FILTER"
collect ec2-describe-network-acls.json ec2 describe-network-acls --filters "$VPC_FILTER"
collect ec2-describe-vpn-gateways.json ec2 describe-vpn-gateways \
  --filters "Name=attachment.vpc-id,Values=$VPC"
collect ec2-describe-transit-gateway-vpc-attachments.json \
  ec2 describe-transit-gateway-vpc-attachments --filters "$VPC_FILTER"
collect ec2-describe-instances.json ec2 describe-instances --filters "$VPC_FILTER"
# Prefix lists of AWS services (S3, DynamoDB ...): what gateway-endpoint routes point at.
collect ec2-describe-prefix-lists.json ec2 describe-prefix-lists

# Customer-managed (or shared) prefix lists the VPC's security groups and routes name: their
# entries, one call each. describe-prefix-lists above lists only AWS service lists, which need none.
# The ids are read from the files just written (the CLI prints one "Key": "value" per line).
prefix_list_ids() {
  local file
  for file in "$@"; do
    if [ -f "$OUT/$file" ]; then
      { grep -oE '"(Destination)?PrefixListId": "pl-[0-9a-f]+"' "$OUT/$file" || true; } | sed -E 's/.*"(pl-[0-9a-f]+)"$/\1/'
    fi
  done | sort -u
}
for file in ec2-describe-security-groups.json ec2-describe-route-tables.json; do
  if ! [ -f "$OUT/$file" ]; then warn "$file is missing: the prefix lists it names cannot be collected"; fi
done
AWS_PREFIX_LISTS=" $(prefix_list_ids ec2-describe-prefix-lists.json | tr '\n' ' ')"
for pl in $(prefix_list_ids ec2-describe-security-groups.json ec2-describe-route-tables.json); do
  case "$AWS_PREFIX_LISTS" in
    *" $pl "*) continue ;;
  esac
  collect "ec2-get-managed-prefix-list-entries-$pl.json" ec2 get-managed-prefix-list-entries --prefix-list-id "$pl"
done

# DHCP options: the set associated with the VPC ("default" = none: an empty list).
if [ -n "$DHCP_ERROR" ]; then
  skip ec2-describe-dhcp-options.json "aws ec2 describe-vpcs failed: $DHCP_ERROR"
elif [ -n "$DHCP" ] && [ "$DHCP" != "default" ]; then
  collect ec2-describe-dhcp-options.json ec2 describe-dhcp-options \
    --filters "Name=dhcp-options-id,Values=$DHCP"
else
  write_empty ec2-describe-dhcp-options.json DhcpOptions
fi

# --- VPN: connections of the VPC's VGWs and of TGWs the VPC is attached to, and their CGWs ---------

VGWS="" TGWS="" VPN_OK=1
ids VGWS ec2 describe-vpn-gateways --filters "Name=attachment.vpc-id,Values=$VPC" \
  --query 'VpnGateways[].VpnGatewayId' || VPN_OK=0
if [ "$VPN_OK" = 1 ]; then
  ids TGWS ec2 describe-transit-gateway-vpc-attachments --filters "$VPC_FILTER" \
    --query 'TransitGatewayVpcAttachments[].TransitGatewayId' || VPN_OK=0
fi
if [ "$VPN_OK" = 0 ]; then
  why="cannot tell which gateways belong to $VPC: $(error_line)"
  skip ec2-describe-vpn-connections.json "$why"
  skip ec2-describe-customer-gateways.json "$why"
elif [ -z "$VGWS" ] && [ -z "$TGWS" ]; then
  write_empty ec2-describe-vpn-connections.json VpnConnections
  write_empty ec2-describe-customer-gateways.json CustomerGateways
else
  # shellcheck disable=SC2086 # word splitting of the id lists is intended
  VPN_SELECT="VpnConnections[?contains(\`$(json_list $VGWS)\`, VpnGatewayId) || contains(\`$(json_list $TGWS)\`, TransitGatewayId)]"
  collect ec2-describe-vpn-connections.json ec2 describe-vpn-connections \
    --query "{VpnConnections: $VPN_SELECT}"
  CGWS=""
  if ids CGWS ec2 describe-vpn-connections --query "$VPN_SELECT.CustomerGatewayId"; then
    if [ -n "$CGWS" ]; then
      collect ec2-describe-customer-gateways.json ec2 describe-customer-gateways \
        --filters "Name=customer-gateway-id,Values=${CGWS// /,}"
    else
      write_empty ec2-describe-customer-gateways.json CustomerGateways
    fi
  else
    skip ec2-describe-customer-gateways.json "aws ec2 describe-vpn-connections failed: $(error_line)"
  fi
fi

# --- EMR ------------------------------------------------------------------------------------------

ACTIVE_STATES=(STARTING BOOTSTRAPPING RUNNING WAITING)
collect emr-list-clusters.json emr list-clusters --cluster-states "${ACTIVE_STATES[@]}"

# Which clusters to describe: the --cluster one always, plus every active cluster in the VPC.
CLUSTERS="$CLUSTER"
ACTIVE="" SUBNETS=""
if ! ids ACTIVE emr list-clusters --cluster-states "${ACTIVE_STATES[@]}" --query 'Clusters[].Id'; then
  warn "cannot list active clusters: $(error_line); only ${CLUSTER:-no cluster} will be described"
  ACTIVE=""
elif ! ids SUBNETS ec2 describe-subnets --filters "$VPC_FILTER" --query 'Subnets[].SubnetId'; then
  warn "cannot list the subnets of $VPC: $(error_line); only ${CLUSTER:-no cluster} will be described"
  ACTIVE=""
fi
for id in $ACTIVE; do
  if [ "$id" = "$CLUSTER" ]; then continue; fi
  sub=""
  if ! ids sub emr describe-cluster --cluster-id "$id" --query 'Cluster.Ec2InstanceAttributes.Ec2SubnetId'; then
    warn "aws emr describe-cluster --cluster-id $id failed: $(error_line); cluster skipped"
    continue
  fi
  case " $SUBNETS " in
    *" $sub "*) CLUSTERS="$CLUSTERS${CLUSTERS:+ }$id" ;;
  esac
done
if [ -z "$CLUSTERS" ]; then progress "no active EMR cluster in $VPC"; fi
for id in $CLUSTERS; do
  collect "emr-describe-cluster-$id.json" emr describe-cluster --cluster-id "$id"
  collect "emr-list-instances-$id.json" emr list-instances --cluster-id "$id"
done

collect emr-get-block-public-access-configuration.json emr get-block-public-access-configuration

# --- SSM: managed-instance records of the VPC's instances ------------------------------------------

INSTANCES=""
if ids INSTANCES ec2 describe-instances --filters "$VPC_FILTER" \
  --query 'Reservations[].Instances[].InstanceId'; then
  # shellcheck disable=SC2086 # word splitting of the id list is intended
  collect ssm-describe-instance-information.json ssm describe-instance-information \
    --query "{InstanceInformationList: InstanceInformationList[?contains(\`$(json_list $INSTANCES)\`, InstanceId)]}"
else
  skip ssm-describe-instance-information.json "cannot list the instances of $VPC: $(error_line)"
fi

# --- summary --------------------------------------------------------------------------------------

if [ ${#MISSING[@]} -gt 0 ]; then
  progress "wrote $WRITTEN files to $OUT; left out ${#MISSING[@]}: ${MISSING[*]}"
else
  progress "wrote $WRITTEN files to $OUT"
fi
