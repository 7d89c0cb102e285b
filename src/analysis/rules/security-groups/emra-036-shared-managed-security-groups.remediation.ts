/** EMRA-036's fix. Templates: `{{groupId}}`, `{{role}}`, `{{clusterId}}`, `{{vpcId}}` from the finding. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Launch each cluster (or each trust boundary) with its own custom EMR-managed primary and core/task security groups instead of sharing {{groupId}}; the managed groups of a running cluster cannot be changed, so this applies to the replacement of {{clusterId}}.',
  cli: `aws ec2 create-security-group --vpc-id {{vpcId}} --group-name {{clusterId}}-emr-primary --description "EMR managed primary for {{clusterId}}"
aws ec2 create-security-group --vpc-id {{vpcId}} --group-name {{clusterId}}-emr-core --description "EMR managed core/task for {{clusterId}}"
aws emr create-cluster ... --ec2-attributes EmrManagedMasterSecurityGroup=<new-primary-sg-id>,EmrManagedSlaveSecurityGroup=<new-core-sg-id>`,
  cloudformation: `ClusterPrimarySecurityGroup:
  Type: AWS::EC2::SecurityGroup
  Properties:
    GroupDescription: EMR managed primary, one cluster only
    VpcId: {{vpcId}}
ClusterCoreSecurityGroup:
  Type: AWS::EC2::SecurityGroup
  Properties:
    GroupDescription: EMR managed core/task, one cluster only
    VpcId: {{vpcId}}
# In the AWS::EMR::Cluster:
#   Instances:
#     EmrManagedMasterSecurityGroup: !Ref ClusterPrimarySecurityGroup
#     EmrManagedSlaveSecurityGroup: !Ref ClusterCoreSecurityGroup`,
  terraform: `resource "aws_security_group" "emr_primary" {
  name        = "{{clusterId}}-emr-primary"
  description = "EMR managed primary, one cluster only"
  vpc_id      = "{{vpcId}}"
  revoke_rules_on_delete = true
}

resource "aws_security_group" "emr_core" {
  name        = "{{clusterId}}-emr-core"
  description = "EMR managed core/task, one cluster only"
  vpc_id      = "{{vpcId}}"
  revoke_rules_on_delete = true
}

# In aws_emr_cluster.ec2_attributes:
#   emr_managed_master_security_group = aws_security_group.emr_primary.id
#   emr_managed_slave_security_group  = aws_security_group.emr_core.id`,
  console: [
    'Open the EC2 console, Security Groups, and create two empty groups in {{vpcId}} for the cluster (primary and core/task).',
    'In the Amazon EMR console clone {{clusterId}}; under Networking, EC2 security groups, choose the new groups as the EMR-managed primary and core/task groups instead of {{groupId}}.',
    'Create the cluster and move the work to it.',
  ],
} satisfies Remediation
