#!/usr/bin/env python3
"""Apply the hand edits of one example snapshot: only what moto 5.2.1 cannot express.

    hand_edit.py --facts FACTS.json --dir examples/snapshots/NAME

FACTS.json is what build_examples.py printed for the example. Every edit is listed in
examples/README.md; this script prints each edit it makes to stderr. The files keep the AWS CLI
v1 JSON layout (4-space indent, key order as printed), so `git diff` shows only the edits.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import re
import sys
import time
from typing import Any

# SSM agent version reported for the examples' managed instances (>= 3.1.1374.0, reference 7.2).
SSM_AGENT_VERSION = "3.3.1142.0"


class Snapshot:
    def __init__(self, directory: str, name: str) -> None:
        self.dir = directory
        self.name = name

    def path(self, file: str) -> str:
        return os.path.join(self.dir, file)

    def load(self, file: str) -> Any:
        with open(self.path(file), encoding="utf-8") as fh:
            return json.load(fh)

    def save(self, file: str, data: Any) -> None:
        with open(self.path(file), "w", encoding="utf-8") as fh:
            fh.write(json.dumps(data, indent=4, ensure_ascii=False) + "\n")

    def log(self, file: str, what: str) -> None:
        print(f"hand-edit {self.name}: {file}: {what}", file=sys.stderr)


def emr_id(moto_id: str, prefix: str) -> str:
    """moto gives EMR instance and instance-group ids the EC2-like prefix i-; EMR uses ci-/ig-."""
    return re.sub(r"^i-", f"{prefix}-", moto_id)


def instance_volumes(snap: Snapshot) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for reservation in snap.load("ec2-describe-instances.json")["Reservations"]:
        for inst in reservation["Instances"]:
            out[inst["InstanceId"]] = [
                {"Device": m["DeviceName"], "VolumeId": m["Ebs"]["VolumeId"]}
                for m in inst.get("BlockDeviceMappings", [])
                if "Ebs" in m
            ]
    return out


def edit_cluster(snap: Snapshot, facts: dict[str, Any]) -> None:
    cid = facts["clusterId"]
    primary = facts["primary"]
    public = facts["public"]

    # describe-cluster: MasterPublicDnsName, instance-group id prefix, no SA group when public.
    file = f"emr-describe-cluster-{cid}.json"
    data = snap.load(file)
    cluster = data["Cluster"]
    roles: dict[str, str] = {}
    for group in cluster.get("InstanceGroups", []):
        roles[group["Id"]] = group["InstanceGroupType"]
        group["Id"] = emr_id(group["Id"], "ig")
    snap.log(file, "InstanceGroups[].Id prefix i- -> ig-")
    dns = primary["PublicDnsName"] if public else primary["PrivateDnsName"]
    cluster["MasterPublicDnsName"] = dns
    snap.log(file, f"MasterPublicDnsName = {dns} (the primary stand-in's {'public' if public else 'private'} DNS name)")
    attrs = cluster["Ec2InstanceAttributes"]
    if public and "ServiceAccessSecurityGroup" in attrs:
        del attrs["ServiceAccessSecurityGroup"]
        snap.log(file, "removed Ec2InstanceAttributes.ServiceAccessSecurityGroup (public subnet)")
    snap.save(file, data)

    # list-instances: point the nodes at the stand-in instances in the cluster subnet.
    file = f"emr-list-instances-{cid}.json"
    data = snap.load(file)
    volumes = instance_volumes(snap)
    cores = list(facts["core"])
    for node in data["Instances"]:
        role = roles[node["InstanceGroupId"]]
        target = primary if role == "MASTER" else cores.pop(0)
        node["Id"] = emr_id(node["Id"], "ci")
        node["InstanceGroupId"] = emr_id(node["InstanceGroupId"], "ig")
        node["Ec2InstanceId"] = target["InstanceId"]
        node["PrivateIpAddress"] = target["PrivateIpAddress"]
        node["PrivateDnsName"] = target["PrivateDnsName"]
        if "PublicIpAddress" in target:
            node["PublicIpAddress"] = target["PublicIpAddress"]
            node["PublicDnsName"] = target["PublicDnsName"]
        else:
            node.pop("PublicIpAddress", None)
            node.pop("PublicDnsName", None)
        if target["InstanceId"] in volumes:
            node["EbsVolumes"] = volumes[target["InstanceId"]]
        snap.log(file, f"{role} node {node['Id']} -> {target['InstanceId']} {target['PrivateIpAddress']}"
                       f"{' ' + target['PublicIpAddress'] if 'PublicIpAddress' in target else ''}")
    snap.log(file, "Id prefix i- -> ci-, InstanceGroupId prefix i- -> ig-, EbsVolumes from the stand-ins")
    snap.save(file, data)


def edit_nat(snap: Snapshot, facts: dict[str, Any]) -> None:
    if "natGatewayId" not in facts:
        return
    file = "ec2-describe-nat-gateways.json"
    data = snap.load(file)
    subnet = ipaddress.ip_network(facts["publicSubnetCidr"])
    for nat in data["NatGateways"]:
        nat.setdefault("ConnectivityType", "public")
        for address in nat.get("NatGatewayAddresses", []):
            address["PrivateIp"] = str(subnet.network_address + 200)
    snap.log(file, f"NatGatewayAddresses[].PrivateIp = {subnet.network_address + 200} (moto picks a random "
                   "10.x address outside the subnet); added ConnectivityType public")
    snap.save(file, data)


def edit_vpn(snap: Snapshot, facts: dict[str, Any]) -> None:
    if "vpnConnectionId" not in facts:
        return
    file = "ec2-describe-vpn-connections.json"
    data = snap.load(file)
    status = "UP" if facts["tunnelsUp"] else "DOWN"
    changed = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() - 3600))
    for vpn in data["VpnConnections"]:
        if vpn["VpnConnectionId"] != facts["vpnConnectionId"]:
            continue
        vpn["Category"] = "VPN"
        vpn["GatewayAssociationState"] = "associated"
        vpn["Options"] = {
            "EnableAcceleration": False,
            "StaticRoutesOnly": True,
            "LocalIpv4NetworkCidr": "0.0.0.0/0",
            "RemoteIpv4NetworkCidr": "0.0.0.0/0",
            "OutsideIpAddressType": "PublicIpv4",
            "TunnelInsideIpVersion": "ipv4",
        }
        vpn["Routes"] = [{"DestinationCidrBlock": facts["onpremCidr"], "Source": "Static", "State": "available"}]
        vpn["VgwTelemetry"] = [
            {
                "AcceptedRouteCount": 0,
                "LastStatusChange": changed,
                "OutsideIpAddress": outside,
                "Status": status,
                "StatusMessage": "" if status == "UP" else "IPSEC IS DOWN",
            }
            for outside in ("52.2.144.13", "52.2.144.77")
        ]
    snap.log(file, f"added Category, GatewayAssociationState, Options (StaticRoutesOnly), Routes "
                   f"[{facts['onpremCidr']} Static available], VgwTelemetry 2 tunnels {status}")
    snap.save(file, data)


def edit_nacl(snap: Snapshot, facts: dict[str, Any]) -> None:
    acl_id = facts.get("customNaclId")
    if not acl_id:
        return
    file = "ec2-describe-network-acls.json"
    data = snap.load(file)
    for acl in data["NetworkAcls"]:
        if acl["NetworkAclId"] != acl_id:
            continue
        for egress in (True, False):
            acl["Entries"].append({"CidrBlock": "0.0.0.0/0", "Egress": egress, "Protocol": "-1",
                                   "RuleAction": "deny", "RuleNumber": 32767})
        acl["Entries"].sort(key=lambda e: (not e["Egress"], e["RuleNumber"]))
    snap.log(file, f"{acl_id}: added the default deny-all rules 32767 (ingress and egress) that AWS "
                   "puts in every custom NACL")
    snap.save(file, data)


def edit_prefix_lists(snap: Snapshot, facts: dict[str, Any]) -> None:
    file = "ec2-describe-prefix-lists.json"
    data = snap.load(file)
    cidrs = facts.get("prefixListCidrs", {})
    for pl in data["PrefixLists"]:
        if "Cidrs" not in pl and pl["PrefixListId"] in cidrs:
            pl["Cidrs"] = cidrs[pl["PrefixListId"]]
    snap.log(file, "added Cidrs to each prefix list (moto's GetManagedPrefixListEntries has them, "
                   "its DescribePrefixLists does not print them)")
    snap.save(file, data)


def edit_bpa(snap: Snapshot, facts: dict[str, Any]) -> None:
    if facts.get("bpaEnabled", True):
        return
    file = "emr-get-block-public-access-configuration.json"
    data = snap.load(file)
    data["BlockPublicAccessConfiguration"]["BlockPublicSecurityGroupRules"] = False
    snap.log(file, "BlockPublicSecurityGroupRules = false (moto stores `value or True`, so a put of "
                   "false reads back true)")
    snap.save(file, data)


def write_ssm(snap: Snapshot, facts: dict[str, Any]) -> None:
    """moto does not implement DescribeInstanceInformation: ship the list we would expect."""
    file = "ssm-describe-instance-information.json"
    now = round(time.time() - 120, 3)
    hosts = [facts["primary"]] + ([facts["bastion"]] if "bastion" in facts else [])
    items = []
    for host in hosts:
        items.append({
            "InstanceId": host["InstanceId"],
            "PingStatus": "Online",
            "LastPingDateTime": now,
            "AgentVersion": SSM_AGENT_VERSION,
            "IsLatestVersion": False,
            "PlatformType": "Linux",
            "PlatformName": "Amazon Linux",
            "PlatformVersion": "2",
            "ResourceType": "EC2Instance",
            "IPAddress": host["PrivateIpAddress"],
            "ComputerName": host["PrivateDnsName"],
            "SourceId": host["InstanceId"],
            "SourceType": "AWS::EC2::Instance",
        })
    snap.save(file, {"InstanceInformationList": items})
    snap.log(file, "written by hand (moto: not implemented): " +
             ", ".join(f"{h['InstanceId']} Online agent {SSM_AGENT_VERSION}" for h in hosts))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", required=True, help="facts JSON from build_examples.py")
    parser.add_argument("--dir", required=True, help="snapshot directory to edit in place")
    args = parser.parse_args(argv)
    with open(args.facts, encoding="utf-8") as fh:
        facts = json.load(fh)
    snap = Snapshot(args.dir, facts["name"])
    edit_cluster(snap, facts)
    edit_nat(snap, facts)
    edit_vpn(snap, facts)
    edit_nacl(snap, facts)
    edit_prefix_lists(snap, facts)
    edit_bpa(snap, facts)
    write_ssm(snap, facts)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
