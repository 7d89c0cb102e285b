output "vpc_id" {
  value = aws_vpc.this.id
}

output "cluster_subnet_id" {
  value = aws_subnet.private.id
}

output "vpn_gateway_id" {
  value = aws_vpn_gateway.this.id
}

output "vpn_connection_id" {
  description = "Download the device configuration for it from the VPC console."
  value       = aws_vpn_connection.this.id
}

output "primary_security_group_id" {
  value = aws_security_group.primary.id
}

output "cluster_id" {
  value = var.create_cluster ? aws_emr_cluster.this[0].id : null
}

output "connect_command" {
  description = "SSH straight to the primary node's private address over the VPN (no bastion)."
  value       = var.create_cluster ? "emr-access connect ${aws_emr_cluster.this[0].id}" : null
}

output "audit_command" {
  value = "emr-access audit --vpc ${aws_vpc.this.id} --topology vpn --onprem-cidr ${var.onprem_cidr}"
}
