variable "region" {
  description = "AWS Region to build in."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name prefix for every resource."
  type        = string
  default     = "emr-private"
}

variable "vpc_cidr" {
  description = "RFC 1918 CIDR of the VPC (EMR needs a private range for its DNS names)."
  type        = string
  default     = "10.1.0.0/16"
  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && can(regex("^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.)", var.vpc_cidr))
    error_message = "vpc_cidr must be an RFC 1918 IPv4 CIDR."
  }
}

variable "public_subnet_cidr" {
  description = "Public subnet (bastion, NAT gateway); inside vpc_cidr."
  type        = string
  default     = "10.1.0.0/24"
}

variable "private_subnet_cidr" {
  description = "Private subnet for the EMR cluster; inside vpc_cidr."
  type        = string
  default     = "10.1.1.0/24"
}

variable "admin_cidr" {
  description = "Where operators connect from (SSH to the bastion only). Never 0.0.0.0/0."
  type        = string
  validation {
    condition     = can(cidrhost(var.admin_cidr, 0)) && var.admin_cidr != "0.0.0.0/0"
    error_message = "admin_cidr must be an IPv4 CIDR other than 0.0.0.0/0: SSH stays closed to the internet."
  }
}

variable "key_name" {
  description = "EC2 key pair for the bastion (ec2-user) and the cluster's primary node (hadoop)."
  type        = string
}

variable "bastion_instance_type" {
  type    = string
  default = "t3.micro"
}

variable "bastion_ami_parameter" {
  description = "SSM parameter holding the bastion's AMI id."
  type        = string
  default     = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

variable "create_cluster" {
  description = "Also launch the EMR cluster (and its two IAM roles) in the private subnet."
  type        = bool
  default     = false
}

variable "release_label" {
  description = "emr-5.30.0 to emr-7.x; emr-spark-8.x needs the emr-service-cell01 endpoint and port-443 service-access rules, which this module does not build."
  type        = string
  default     = "emr-7.14.0"
  validation {
    condition     = can(regex("^emr-(5\\.(3[0-9]|[4-9][0-9])|6\\.[0-9]+|7\\.[0-9]+)\\.[0-9]+$", var.release_label))
    error_message = "release_label must be an emr-5.30.0 to emr-7.x label."
  }
}

variable "primary_instance_type" {
  type    = string
  default = "m5.xlarge"
}

variable "core_instance_type" {
  type    = string
  default = "m5.xlarge"
}

variable "core_instance_count" {
  type    = number
  default = 2
}

variable "log_uri" {
  description = "Optional s3:// location for the cluster's logs."
  type        = string
  default     = null
}
