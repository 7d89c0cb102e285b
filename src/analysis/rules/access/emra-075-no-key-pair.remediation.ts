/** EMRA-075's fix. Templates: `{{clusterId}}` from the finding, `{{subnetId}}` and `{{region}}` from the audit. */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'The key pair of a running cluster cannot be changed: launch the replacement of {{clusterId}} with an EC2 key pair (Ec2KeyName), or set up another way in: EC2 Instance Connect to push a temporary key, Kerberos/LDAP authentication, or Session Manager for a shell.',
  cli: `aws ec2 create-key-pair --region {{region}} --key-name emr-{{clusterId}} --query KeyMaterial --output text > emr-{{clusterId}}.pem
aws emr create-cluster ... --ec2-attributes KeyName=emr-{{clusterId}},SubnetId={{subnetId}}`,
  cloudformation: `Type: AWS::EMR::Cluster
Properties:
  Instances:
    Ec2KeyName: emr-{{clusterId}}
    Ec2SubnetId: {{subnetId}}`,
  terraform: `resource "aws_emr_cluster" "this" {
  # ... the rest of the cluster's configuration
  ec2_attributes {
    key_name  = "emr-{{clusterId}}"
    subnet_id = "{{subnetId}}"
  }
}`,
  console: [
    'Open the EC2 console, Key pairs, and create a key pair (keep the .pem file).',
    'In the Amazon EMR console clone {{clusterId}} (Clone), and under Security configuration and EC2 key pair choose the new key pair.',
    'Create the cluster and move the work from {{clusterId}} to it.',
  ],
} satisfies Remediation
