output "vpc_id" {
  value = aws_vpc.this.id
}

output "cluster_subnet_id" {
  value = aws_subnet.public.id
}

output "primary_security_group_id" {
  value = aws_security_group.primary.id
}

output "cluster_id" {
  value = var.create_cluster ? aws_emr_cluster.this[0].id : null
}

output "connect_command" {
  description = "SSH straight to the primary node's public address (no bastion in this topology)."
  value       = var.create_cluster ? "emr-access connect ${aws_emr_cluster.this[0].id}" : null
}

output "audit_command" {
  value = "emr-access audit --vpc ${aws_vpc.this.id} --topology public --admin-cidr ${var.admin_cidr}"
}
