# emr-access reference topology "vpn": an Amazon EMR cluster in a private subnet reached from on-premises over
# an AWS Site-to-Site VPN (virtual private gateway, customer gateway, static routes, route propagation), S3
# gateway endpoint, EMR-managed security groups (primary, core/task, service access) with the documented
# rules, SSH and web UIs admitted from the on-premises CIDR only, network ACLs with the ephemeral return range,
# and optionally the cluster itself. No internet gateway, no NAT gateway. The same network as
# templates/cloudformation/vpn.yaml.
# Audit it with: emr-access audit --vpc <vpc_id> --topology vpn --onprem-cidr <onprem_cidr>

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.30, < 7.0"
    }
  }
}

provider "aws" {
  region = var.region
}

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  az = data.aws_availability_zones.available.names[0]
  # AmazonEMRServicePolicy_v2 launches only into subnets and security groups tagged so.
  emr_tag = { "for-use-with-amazon-emr-managed-policies" = "true" }
}

# ---- VPC, subnet ---------------------------------------------------------------------

resource "aws_vpc" "this" {
  cidr_block = var.vpc_cidr
  # EMR needs both (reference §1.6).
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "${var.name}-vpc" }
}

# The Region's default domain and AmazonProvidedDNS, as EMR expects, set explicitly.
resource "aws_vpc_dhcp_options" "this" {
  domain_name         = var.region == "us-east-1" ? "ec2.internal" : "${var.region}.compute.internal"
  domain_name_servers = ["AmazonProvidedDNS"]
  tags                = { Name = "${var.name}-dhcp" }
}

resource "aws_vpc_dhcp_options_association" "this" {
  vpc_id          = aws_vpc.this.id
  dhcp_options_id = aws_vpc_dhcp_options.this.id
}

resource "aws_subnet" "private" {
  vpc_id                  = aws_vpc.this.id
  cidr_block              = var.private_subnet_cidr
  availability_zone       = local.az
  map_public_ip_on_launch = false
  tags                    = merge({ Name = "${var.name}-private" }, local.emr_tag)
}

# ---- Routes -------------------------------------------------------------------------------------

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id
  tags   = { Name = "${var.name}-private-rt" }
}

resource "aws_route_table_association" "private" {
  subnet_id      = aws_subnet.private.id
  route_table_id = aws_route_table.private.id
}

# EMR needs S3 (reference §1.3); without a NAT gateway the gateway endpoint is the only way there.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

# ---- Site-to-Site VPN ---------------------------------------------------------------------------

resource "aws_vpn_gateway" "this" {
  amazon_side_asn = var.amazon_side_asn
  tags            = { Name = "${var.name}-vgw" }
}

resource "aws_vpn_gateway_attachment" "this" {
  vpc_id         = aws_vpc.this.id
  vpn_gateway_id = aws_vpn_gateway.this.id
}

resource "aws_customer_gateway" "this" {
  type       = "ipsec.1"
  ip_address = var.customer_gateway_ip
  bgp_asn    = var.customer_gateway_asn
  tags       = { Name = "${var.name}-cgw" }
}

resource "aws_vpn_connection" "this" {
  type                = "ipsec.1"
  customer_gateway_id = aws_customer_gateway.this.id
  vpn_gateway_id      = aws_vpn_gateway.this.id
  static_routes_only  = true
  tags                = { Name = "${var.name}-vpn" }
}

resource "aws_vpn_connection_route" "onprem" {
  vpn_connection_id      = aws_vpn_connection.this.id
  destination_cidr_block = var.onprem_cidr
}

# A static route to on-premises (it wins over a propagated one and does not depend on propagation)...
resource "aws_route" "onprem" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = var.onprem_cidr
  gateway_id             = aws_vpn_gateway.this.id
  depends_on             = [aws_vpn_gateway_attachment.this]
}

# ...and propagation, so further on-premises prefixes added to the VPN connection arrive by themselves.
resource "aws_vpn_gateway_route_propagation" "private" {
  vpn_gateway_id = aws_vpn_gateway.this.id
  route_table_id = aws_route_table.private.id
  depends_on     = [aws_vpn_gateway_attachment.this]
}

# ---- Network ACLs (stateless: every allowed flow needs its return range) ------------------------

resource "aws_network_acl" "private" {
  vpc_id = aws_vpc.this.id
  tags   = { Name = "${var.name}-private-acl" }
}

resource "aws_network_acl_association" "private" {
  network_acl_id = aws_network_acl.private.id
  subnet_id      = aws_subnet.private.id
}

locals {
  private_acl_rules = {
    # Intra-cluster traffic and the service-access ENI.
    private_in_vpc        = { egress = false, rule = 100, protocol = "-1", cidr = var.vpc_cidr, from = null, to = null }
    private_in_ssh_onprem = { egress = false, rule = 110, protocol = "6", cidr = var.onprem_cidr, from = 22, to = 22 }
    # Replies from S3 (through the gateway endpoint) and on-premises clients on the web UI ports, all in
    # 1024-65535; the security groups admit the UI ports from onprem_cidr only.
    private_in_tcp_high = { egress = false, rule = 120, protocol = "6", cidr = "0.0.0.0/0", from = 1024, to = 65535 }
    private_out_all     = { egress = true, rule = 100, protocol = "-1", cidr = "0.0.0.0/0", from = null, to = null }
  }
}

resource "aws_network_acl_rule" "private" {
  for_each       = local.private_acl_rules
  network_acl_id = aws_network_acl.private.id
  egress         = each.value.egress
  rule_number    = each.value.rule
  protocol       = each.value.protocol
  rule_action    = "allow"
  cidr_block     = each.value.cidr
  from_port      = each.value.from
  to_port        = each.value.to
}

# ---- EMR-managed security groups (private subnet; EMR 5.30.0 to 7.x) -----------------------------
# Rules as documented for ElasticMapReduce-Primary-Private, -Core-Private and -ServiceAccess (reference
# §2.3.3-2.3.5), as separate rule resources: the groups refer to each other, and EMR adds rules of its own
# that Terraform must leave alone. revoke_rules_on_delete: EMR's cross-references would block deletion.

resource "aws_security_group" "primary" {
  name_prefix            = "${var.name}-emr-primary-"
  description            = "EMR-managed security group for the primary node (private subnet)"
  vpc_id                 = aws_vpc.this.id
  revoke_rules_on_delete = true
  tags                   = merge({ Name = "${var.name}-emr-primary" }, local.emr_tag)
}

resource "aws_security_group" "core" {
  name_prefix            = "${var.name}-emr-core-"
  description            = "EMR-managed security group for core and task nodes (private subnet)"
  vpc_id                 = aws_vpc.this.id
  revoke_rules_on_delete = true
  tags                   = merge({ Name = "${var.name}-emr-core" }, local.emr_tag)
}

resource "aws_security_group" "service_access" {
  name_prefix            = "${var.name}-emr-service-access-"
  description            = "EMR-managed service access security group (private subnet)"
  vpc_id                 = aws_vpc.this.id
  revoke_rules_on_delete = true
  tags                   = merge({ Name = "${var.name}-emr-service-access" }, local.emr_tag)
}

locals {
  # All ICMP, TCP and UDP: the reflexive and peer rules between the primary and core groups.
  peer_protocols = { icmp = [-1, -1], tcp = [0, 65535], udp = [0, 65535] }
}

# Every rule names its groups directly, not through a map of ids: then a plan tells which group each rule
# belongs to before the groups exist, and `emr-access audit --terraform-plan` can judge the rules.

resource "aws_vpc_security_group_ingress_rule" "primary_from_primary" {
  for_each                     = local.peer_protocols
  security_group_id            = aws_security_group.primary.id
  referenced_security_group_id = aws_security_group.primary.id
  ip_protocol                  = each.key
  from_port                    = each.value[0]
  to_port                      = each.value[1]
}

resource "aws_vpc_security_group_ingress_rule" "primary_from_core" {
  for_each                     = local.peer_protocols
  security_group_id            = aws_security_group.primary.id
  referenced_security_group_id = aws_security_group.core.id
  ip_protocol                  = each.key
  from_port                    = each.value[0]
  to_port                      = each.value[1]
}

resource "aws_vpc_security_group_ingress_rule" "core_from_primary" {
  for_each                     = local.peer_protocols
  security_group_id            = aws_security_group.core.id
  referenced_security_group_id = aws_security_group.primary.id
  ip_protocol                  = each.key
  from_port                    = each.value[0]
  to_port                      = each.value[1]
}

resource "aws_vpc_security_group_ingress_rule" "core_from_core" {
  for_each                     = local.peer_protocols
  security_group_id            = aws_security_group.core.id
  referenced_security_group_id = aws_security_group.core.id
  ip_protocol                  = each.key
  from_port                    = each.value[0]
  to_port                      = each.value[1]
}

resource "aws_vpc_security_group_ingress_rule" "primary_8443_from_service_access" {
  security_group_id            = aws_security_group.primary.id
  referenced_security_group_id = aws_security_group.service_access.id
  ip_protocol                  = "tcp"
  from_port                    = 8443
  to_port                      = 8443
  description                  = "cluster manager (EMR 7.x and earlier)"
}

resource "aws_vpc_security_group_ingress_rule" "core_8443_from_service_access" {
  security_group_id            = aws_security_group.core.id
  referenced_security_group_id = aws_security_group.service_access.id
  ip_protocol                  = "tcp"
  from_port                    = 8443
  to_port                      = 8443
  description                  = "cluster manager (EMR 7.x and earlier)"
}

resource "aws_vpc_security_group_ingress_rule" "service_access_9443_from_primary" {
  security_group_id            = aws_security_group.service_access.id
  referenced_security_group_id = aws_security_group.primary.id
  ip_protocol                  = "tcp"
  from_port                    = 9443
  to_port                      = 9443
  description                  = "primary node to the cluster manager (EMR 5.30.0 to 7.x)"
}

# The documented default egress of the primary and core groups: all traffic out. (An aws_security_group
# without rules has none: Terraform removes AWS's default egress rule.)

resource "aws_vpc_security_group_egress_rule" "primary_all_out" {
  security_group_id = aws_security_group.primary.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "core_all_out" {
  security_group_id = aws_security_group.core.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "service_access_8443_to_primary" {
  security_group_id            = aws_security_group.service_access.id
  referenced_security_group_id = aws_security_group.primary.id
  ip_protocol                  = "tcp"
  from_port                    = 8443
  to_port                      = 8443
  description                  = "cluster manager to the primary group"
}

resource "aws_vpc_security_group_egress_rule" "service_access_8443_to_core" {
  security_group_id            = aws_security_group.service_access.id
  referenced_security_group_id = aws_security_group.core.id
  ip_protocol                  = "tcp"
  from_port                    = 8443
  to_port                      = 8443
  description                  = "cluster manager to the core group"
}

# Not EMR-managed (EMR never edits it): SSH and the primary node's web UIs from onprem_cidr only.
resource "aws_security_group" "primary_from_onprem" {
  name_prefix = "${var.name}-emr-from-onprem-"
  description = "SSH and web UIs of the EMR primary node from on-premises"
  vpc_id      = aws_vpc.this.id
  tags        = merge({ Name = "${var.name}-emr-from-onprem" }, local.emr_tag)
}

locals {
  onprem_ports = {
    22    = "SSH"
    8088  = "YARN ResourceManager"
    18080 = "Spark History Server"
    20888 = "YARN web proxy (application UIs)"
    19888 = "MapReduce JobHistory"
    9870  = "HDFS NameNode"
    8998  = "Livy"
  }
}

resource "aws_vpc_security_group_ingress_rule" "primary_from_onprem" {
  for_each          = local.onprem_ports
  security_group_id = aws_security_group.primary_from_onprem.id
  ip_protocol       = "tcp"
  from_port         = tonumber(each.key)
  to_port           = tonumber(each.key)
  cidr_ipv4         = var.onprem_cidr
  description       = each.value
}

# ---- Optional EMR cluster -----------------------------------------------------------------------

resource "aws_iam_role" "emr_service" {
  count       = var.create_cluster ? 1 : 0
  name_prefix = "${var.name}-emr-service-"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "elasticmapreduce.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "emr_service" {
  count      = var.create_cluster ? 1 : 0
  role       = aws_iam_role.emr_service[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2"
}

# AmazonEMRServicePolicy_v2 may pass only EMR_EC2_DefaultRole; this module's instance role needs its own grant.
resource "aws_iam_role_policy" "emr_service_pass_instance_role" {
  count = var.create_cluster ? 1 : 0
  role  = aws_iam_role.emr_service[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "iam:PassRole"
      Resource  = aws_iam_role.emr_instance[0].arn
      Condition = { StringLike = { "iam:PassedToService" = "ec2.amazonaws.com*" } }
    }]
  })
}

resource "aws_iam_role" "emr_instance" {
  count       = var.create_cluster ? 1 : 0
  name_prefix = "${var.name}-emr-ec2-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "emr_instance" {
  count      = var.create_cluster ? 1 : 0
  role       = aws_iam_role.emr_instance[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonElasticMapReduceforEC2Role"
}

resource "aws_iam_instance_profile" "emr_instance" {
  count       = var.create_cluster ? 1 : 0
  name_prefix = "${var.name}-emr-ec2-"
  role        = aws_iam_role.emr_instance[0].name
}

resource "aws_emr_cluster" "this" {
  count                             = var.create_cluster ? 1 : 0
  name                              = "${var.name}-cluster"
  release_label                     = var.release_label
  applications                      = ["Hadoop", "Spark", "Hive", "Livy"]
  service_role                      = aws_iam_role.emr_service[0].arn
  log_uri                           = var.log_uri
  keep_job_flow_alive_when_no_steps = true
  termination_protection            = false

  ec2_attributes {
    subnet_id                         = aws_subnet.private.id
    key_name                          = var.key_name
    emr_managed_master_security_group = aws_security_group.primary.id
    emr_managed_slave_security_group  = aws_security_group.core.id
    service_access_security_group     = aws_security_group.service_access.id
    additional_master_security_groups = aws_security_group.primary_from_onprem.id
    instance_profile                  = aws_iam_instance_profile.emr_instance[0].arn
  }

  master_instance_group {
    instance_type = var.primary_instance_type
  }

  core_instance_group {
    instance_type  = var.core_instance_type
    instance_count = var.core_instance_count
  }

  tags = local.emr_tag

  depends_on = [
    aws_route.onprem,
    aws_vpc_endpoint.s3,
    aws_route_table_association.private,
    aws_network_acl_association.private,
    aws_vpc_security_group_ingress_rule.primary_from_primary,
    aws_vpc_security_group_ingress_rule.primary_from_core,
    aws_vpc_security_group_ingress_rule.core_from_primary,
    aws_vpc_security_group_ingress_rule.core_from_core,
    aws_vpc_security_group_ingress_rule.primary_8443_from_service_access,
    aws_vpc_security_group_ingress_rule.core_8443_from_service_access,
    aws_vpc_security_group_ingress_rule.service_access_9443_from_primary,
    aws_iam_role_policy_attachment.emr_service,
    aws_iam_role_policy.emr_service_pass_instance_role,
    aws_iam_role_policy_attachment.emr_instance,
  ]
}
