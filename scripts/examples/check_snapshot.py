#!/usr/bin/env python3
"""Check that snapshot directories have the AWS CLI shape emr-access reads.

    check_snapshot.py DIR [DIR ...]

With DIR = examples/snapshots/<name>, the example's own settings are checked too (each clean
example is clean on the points the broken ones break, each broken one has its defect).

For each DIR: every contract file is present (per-resource files for the VPC and for each
cluster in emr-list-clusters.json that has a describe-cluster file), each is valid JSON with the
CLI's top-level key, keys are PascalCase (outside free-form maps), and the VPC-scoped files hold
only that VPC's resources. Prints one line per problem; exit 1 if any.
"""

from __future__ import annotations

import glob
import json
import os
import re
import sys
from typing import Any

TOP_LEVEL = {
    "ec2-describe-vpcs.json": "Vpcs",
    "ec2-describe-subnets.json": "Subnets",
    "ec2-describe-route-tables.json": "RouteTables",
    "ec2-describe-internet-gateways.json": "InternetGateways",
    "ec2-describe-nat-gateways.json": "NatGateways",
    "ec2-describe-vpc-endpoints.json": "VpcEndpoints",
    "ec2-describe-instance-connect-endpoints.json": "InstanceConnectEndpoints",
    "ec2-describe-security-groups.json": "SecurityGroups",
    "ec2-describe-network-acls.json": "NetworkAcls",
    "ec2-describe-vpn-gateways.json": "VpnGateways",
    "ec2-describe-vpn-connections.json": "VpnConnections",
    "ec2-describe-customer-gateways.json": "CustomerGateways",
    "ec2-describe-transit-gateway-vpc-attachments.json": "TransitGatewayVpcAttachments",
    "ec2-describe-instances.json": "Reservations",
    "ec2-describe-dhcp-options.json": "DhcpOptions",
    "ec2-describe-prefix-lists.json": "PrefixLists",
    "emr-list-clusters.json": "Clusters",
    "emr-get-block-public-access-configuration.json": "BlockPublicAccessConfiguration",
    "ssm-describe-instance-information.json": "InstanceInformationList",
}
# Maps whose keys are data, not API member names.
FREE_FORM = {"Properties", "AdditionalInfo"}


def pascal_problems(value: Any, where: str) -> list[str]:
    out: list[str] = []
    if isinstance(value, dict):
        for key, child in value.items():
            if not re.match(r"^[A-Z][A-Za-z0-9]*$", key):
                out.append(f"{where}: key {key!r} is not PascalCase")
            if key not in FREE_FORM:
                out.extend(pascal_problems(child, f"{where}.{key}"))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            out.extend(pascal_problems(child, f"{where}[{i}]"))
    return out


def check(directory: str) -> list[str]:
    problems: list[str] = []

    def load(file: str) -> Any:
        path = os.path.join(directory, file)
        if not os.path.exists(path):
            problems.append(f"{directory}: missing {file}")
            return None
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except ValueError as exc:
            problems.append(f"{directory}/{file}: invalid JSON: {exc}")
            return None
        problems.extend(pascal_problems(data, f"{directory}/{file}"))
        return data

    docs = {file: load(file) for file in TOP_LEVEL}
    for file, key in TOP_LEVEL.items():
        data = docs[file]
        if data is not None and key not in data:
            problems.append(f"{directory}/{file}: no top-level {key}")

    vpcs = (docs["ec2-describe-vpcs.json"] or {}).get("Vpcs", [])
    if len(vpcs) != 1:
        problems.append(f"{directory}: ec2-describe-vpcs.json holds {len(vpcs)} VPCs, expected 1")
        return problems
    vpc = vpcs[0]["VpcId"]

    for attr, key in (("enableDnsSupport", "EnableDnsSupport"), ("enableDnsHostnames", "EnableDnsHostnames")):
        data = load(f"ec2-describe-vpc-attribute-{vpc}-{attr}.json")
        if data is not None and (data.get("VpcId") != vpc or not isinstance(data.get(key, {}).get("Value"), bool)):
            problems.append(f"{directory}: vpc attribute {attr} is not {{VpcId, {key}: {{Value: bool}}}}")

    scoped = {
        "ec2-describe-subnets.json": ("Subnets", lambda r: [r["VpcId"]]),
        "ec2-describe-route-tables.json": ("RouteTables", lambda r: [r["VpcId"]]),
        "ec2-describe-security-groups.json": ("SecurityGroups", lambda r: [r["VpcId"]]),
        "ec2-describe-network-acls.json": ("NetworkAcls", lambda r: [r["VpcId"]]),
        "ec2-describe-vpc-endpoints.json": ("VpcEndpoints", lambda r: [r["VpcId"]]),
        "ec2-describe-nat-gateways.json": ("NatGateways", lambda r: [r["VpcId"]]),
        "ec2-describe-transit-gateway-vpc-attachments.json": ("TransitGatewayVpcAttachments", lambda r: [r["VpcId"]]),
        "ec2-describe-internet-gateways.json": ("InternetGateways", lambda r: [a["VpcId"] for a in r["Attachments"]]),
        "ec2-describe-vpn-gateways.json": ("VpnGateways", lambda r: [a["VpcId"] for a in r["VpcAttachments"]]),
    }
    for file, (key, vpcs_of) in scoped.items():
        for resource in (docs[file] or {}).get(key, []):
            found = vpcs_of(resource)
            if vpc not in found:
                problems.append(f"{directory}/{file}: resource outside {vpc}: {found}")
    for reservation in (docs["ec2-describe-instances.json"] or {}).get("Reservations", []):
        for inst in reservation["Instances"]:
            if inst.get("VpcId") != vpc:
                problems.append(f"{directory}/ec2-describe-instances.json: {inst['InstanceId']} outside {vpc}")

    dhcp = (docs["ec2-describe-dhcp-options.json"] or {}).get("DhcpOptions", [])
    if any(d["DhcpOptionsId"] != vpcs[0]["DhcpOptionsId"] for d in dhcp):
        problems.append(f"{directory}: ec2-describe-dhcp-options.json holds another VPC's options")

    clusters = [c["Id"] for c in (docs["emr-list-clusters.json"] or {}).get("Clusters", [])]
    described = sorted(re.sub(r"^.*emr-describe-cluster-(.*)\.json$", r"\1", p)
                       for p in glob.glob(os.path.join(directory, "emr-describe-cluster-*.json")))
    if not described:
        problems.append(f"{directory}: no emr-describe-cluster-<id>.json")
    for cid in described:
        data = load(f"emr-describe-cluster-{cid}.json")
        if data is not None and data.get("Cluster", {}).get("Id") != cid:
            problems.append(f"{directory}: emr-describe-cluster-{cid}.json has no Cluster.Id {cid}")
        data = load(f"emr-list-instances-{cid}.json")
        if data is not None and "Instances" not in data:
            problems.append(f"{directory}: emr-list-instances-{cid}.json has no top-level Instances")
        if cid not in clusters:
            problems.append(f"{directory}: {cid} is described but not in emr-list-clusters.json")

    known = set(TOP_LEVEL) | {f"ec2-describe-vpc-attribute-{vpc}-enableDnsSupport.json",
                              f"ec2-describe-vpc-attribute-{vpc}-enableDnsHostnames.json"}
    known |= {f"emr-describe-cluster-{c}.json" for c in described}
    known |= {f"emr-list-instances-{c}.json" for c in described}
    for extra in sorted(set(os.listdir(directory)) - known):
        problems.append(f"{directory}: unexpected file {extra}")
    return problems


def sg_rules(directory: str) -> dict[str, list[tuple[str, Any, Any, list[str], list[str]]]]:
    with open(os.path.join(directory, "ec2-describe-security-groups.json"), encoding="utf-8") as fh:
        groups = json.load(fh)["SecurityGroups"]
    return {
        g["GroupName"]: [
            (p["IpProtocol"], p.get("FromPort"), p.get("ToPort"),
             [r["CidrIp"] for r in p.get("IpRanges", [])],
             [u["GroupId"] for u in p.get("UserIdGroupPairs", [])])
            for p in g["IpPermissions"]
        ]
        for g in groups
    }


def check_example(directory: str) -> list[str]:
    """The defect of each example, and its absence from the others of the same topology."""
    name = os.path.basename(os.path.normpath(directory))

    def load(file: str) -> Any:
        with open(os.path.join(directory, file), encoding="utf-8") as fh:
            return json.load(fh)

    problems: list[str] = []

    def expect(ok: bool, what: str) -> None:
        if not ok:
            problems.append(f"{directory}: expected {what}")

    vpc = load("ec2-describe-vpcs.json")["Vpcs"][0]["VpcId"]
    bpa = load("emr-get-block-public-access-configuration.json")["BlockPublicAccessConfiguration"]
    expect(bpa.get("BlockPublicSecurityGroupRules") is (name != "broken-bpa-disabled"),
           f"BlockPublicSecurityGroupRules {name != 'broken-bpa-disabled'}")
    hostnames = load(f"ec2-describe-vpc-attribute-{vpc}-enableDnsHostnames.json")["EnableDnsHostnames"]["Value"]
    expect(hostnames is (name != "broken-dns-hostnames-off"), f"enableDnsHostnames {name != 'broken-dns-hostnames-off'}")
    rules = sg_rules(directory)
    if "public" in name or "bpa" in name:
        world = [r for r in rules["ElasticMapReduce-master"] if "0.0.0.0/0" in r[3]]
        expect(bool(world) is (name == "broken-public-ssh-world"), "primary SG open to 0.0.0.0/0 only when broken")
    if "vpn" in name:
        tunnels = [t["Status"] for c in load("ec2-describe-vpn-connections.json")["VpnConnections"]
                   for t in c.get("VgwTelemetry", [])]
        want = ["DOWN", "DOWN"] if name == "broken-vpn-tunnels-down" else ["UP", "UP"]
        expect(tunnels == want, f"tunnels {want}, got {tunnels}")
    if "private" in name or name in ("broken-dns-hostnames-off", "broken-nacl-blocks-return"):
        endpoints = load("ec2-describe-vpc-endpoints.json")["VpcEndpoints"]
        expect(bool(endpoints) is (name != "broken-private-no-s3-route"), "an S3 endpoint unless no-s3-route")
        ssh = rules["emr-ssh-from-bastion"]
        expect(bool(ssh) is (name != "broken-private-ssh-not-admitted"), "TCP 22 from the bastion SG unless not-admitted")
        custom = [a for a in load("ec2-describe-network-acls.json")["NetworkAcls"] if not a["IsDefault"]]
        expect(bool(custom) is (name == "broken-nacl-blocks-return"), "a custom NACL only when nacl-blocks-return")
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    problems = [p for d in argv for p in check(d)]
    if not problems:
        examples = [d for d in argv if os.path.basename(os.path.dirname(os.path.abspath(d))) == "snapshots"]
        problems = [p for d in examples for p in check_example(d)]
    for p in problems:
        print(p)
    if not problems:
        print(f"check_snapshot: {len(argv)} snapshot(s) OK", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
