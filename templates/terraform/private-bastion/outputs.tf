output "vpc_id" {
  value = aws_vpc.this.id
}

output "cluster_subnet_id" {
  value = aws_subnet.private.id
}

output "bastion_instance_id" {
  description = "emr-access connect --bastion takes it."
  value       = aws_instance.bastion.id
}

output "bastion_public_ip" {
  value = aws_eip.bastion.public_ip
}

output "primary_security_group_id" {
  value = aws_security_group.primary.id
}

output "cluster_id" {
  value = var.create_cluster ? aws_emr_cluster.this[0].id : null
}

output "connect_command" {
  value = var.create_cluster ? "emr-access connect ${aws_emr_cluster.this[0].id} --bastion ${aws_instance.bastion.id}" : null
}

output "audit_command" {
  value = "emr-access audit --vpc ${aws_vpc.this.id} --topology private --admin-cidr ${var.admin_cidr}"
}
