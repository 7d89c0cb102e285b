# emr-access reference topology "public": an Amazon EMR cluster in a public subnet with an internet gateway
# default route, S3 gateway endpoint, EMR-managed security groups (primary, core/task) with the documented
# rules, SSH to the primary node from admin_cidr only, network ACLs with the ephemeral return range, and
# optionally the cluster itself. The same network as templates/cloudformation/public.yaml.
# Audit it with: emr-access audit --vpc <vpc_id> --topology public --admin-cidr <admin_cidr>

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

# ---- VPC, subnets, gateways ---------------------------------------------------------------------

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

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = var.public_subnet_cidr
  availability_zone = local.az
  # Nodes in a public subnet reach EMR and AWS through the internet gateway, which needs a public IPv4
  # (EMR cannot manage a public-subnet cluster through a NAT, reference §1.2).
  map_public_ip_on_launch = true
  tags                    = merge({ Name = "${var.name}-public" }, local.emr_tag)
}

resource "aws_internet_gateway" "this" {
  tags = { Name = "${var.name}-igw" }
}

resource "aws_internet_gateway_attachment" "this" {
  vpc_id              = aws_vpc.this.id
  internet_gateway_id = aws_internet_gateway.this.id
}

# ---- Routes -------------------------------------------------------------------------------------

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  tags   = { Name = "${var.name}-public-rt" }
}

resource "aws_route" "public_default" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
  depends_on             = [aws_internet_gateway_attachment.this]
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

# S3 over the AWS network rather than the internet gateway.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.public.id]
}

# ---- Network ACLs (stateless: every allowed flow needs its return range) ------------------------

resource "aws_network_acl" "public" {
  vpc_id = aws_vpc.this.id
  tags   = { Name = "${var.name}-public-acl" }
}

resource "aws_network_acl_association" "public" {
  network_acl_id = aws_network_acl.public.id
  subnet_id      = aws_subnet.public.id
}

locals {
  public_acl_rules = {
    # SSH from the operators to the primary node.
    public_in_ssh_admin = { egress = false, rule = 100, protocol = "6", cidr = var.admin_cidr, from = 22, to = 22 }
    # Intra-cluster traffic.
    public_in_vpc = { egress = false, rule = 110, protocol = "-1", cidr = var.vpc_cidr, from = null, to = null }
    # Replies to the nodes' own connections (ephemeral ports 1024-65535); this range also carries the EMR
    # service's TCP 8443 to the primary node, which the security group limits to Amazon's ranges.
    public_in_tcp_return = { egress = false, rule = 120, protocol = "6", cidr = "0.0.0.0/0", from = 1024, to = 65535 }
    public_in_udp_return = { egress = false, rule = 130, protocol = "17", cidr = "0.0.0.0/0", from = 1024, to = 65535 }
    public_out_all       = { egress = true, rule = 100, protocol = "-1", cidr = "0.0.0.0/0", from = null, to = null }
  }
}

resource "aws_network_acl_rule" "public" {
  for_each       = local.public_acl_rules
  network_acl_id = aws_network_acl.public.id
  egress         = each.value.egress
  rule_number    = each.value.rule
  protocol       = each.value.protocol
  rule_action    = "allow"
  cidr_block     = each.value.cidr
  from_port      = each.value.from
  to_port        = each.value.to
}

# ---- EMR-managed security groups (public subnet) ------------------------------------------------
# Rules as documented for ElasticMapReduce-primary and -core (reference §2.3.1-2.3.2), as separate rule
# resources: the groups refer to each other, and EMR adds rules of its own that Terraform must leave alone
# (the primary's TCP 8443 from "various Amazon IP address ranges", not published, is added by EMR when the
# cluster is created). revoke_rules_on_delete: EMR's cross-references would block deletion.

resource "aws_security_group" "primary" {
  name_prefix            = "${var.name}-emr-primary-"
  description            = "EMR-managed security group for the primary node (public subnet)"
  vpc_id                 = aws_vpc.this.id
  revoke_rules_on_delete = true
  tags                   = merge({ Name = "${var.name}-emr-primary" }, local.emr_tag)
}

resource "aws_security_group" "core" {
  name_prefix            = "${var.name}-emr-core-"
  description            = "EMR-managed security group for core and task nodes (public subnet)"
  vpc_id                 = aws_vpc.this.id
  revoke_rules_on_delete = true
  tags                   = merge({ Name = "${var.name}-emr-core" }, local.emr_tag)
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

# Not EMR-managed (EMR never edits it): SSH to the primary node from admin_cidr, and nothing else. Web UIs
# go through the SSH tunnel (emr-access connect), never through the security group.
resource "aws_security_group" "primary_ssh_from_admin" {
  name_prefix = "${var.name}-emr-ssh-from-admin-"
  description = "SSH to the EMR primary node from admin_cidr"
  vpc_id      = aws_vpc.this.id
  tags        = merge({ Name = "${var.name}-emr-ssh-from-admin" }, local.emr_tag)
}

resource "aws_vpc_security_group_ingress_rule" "primary_ssh_from_admin" {
  security_group_id = aws_security_group.primary_ssh_from_admin.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = var.admin_cidr
  description       = "SSH from the operators network (admin_cidr)"
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
    subnet_id                         = aws_subnet.public.id
    key_name                          = var.key_name
    emr_managed_master_security_group = aws_security_group.primary.id
    emr_managed_slave_security_group  = aws_security_group.core.id
    additional_master_security_groups = aws_security_group.primary_ssh_from_admin.id
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
    aws_route.public_default,
    aws_vpc_endpoint.s3,
    aws_route_table_association.public,
    aws_network_acl_association.public,
    aws_vpc_security_group_ingress_rule.primary_from_primary,
    aws_vpc_security_group_ingress_rule.primary_from_core,
    aws_vpc_security_group_ingress_rule.core_from_primary,
    aws_vpc_security_group_ingress_rule.core_from_core,
    aws_iam_role_policy_attachment.emr_service,
    aws_iam_role_policy.emr_service_pass_instance_role,
    aws_iam_role_policy_attachment.emr_instance,
  ]
}
