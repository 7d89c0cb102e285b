/**
 * EMRA-022's fix. Templates: `{{endpointId}}` (the S3 endpoint whose policy is too narrow),
 * `{{buckets}}` (the buckets it must allow, space-separated) and `{{releaseLabel}}` from the finding.
 * The policy document is the current one plus the statements below, written to a file.
 */
import type {Remediation} from '../../findings.js'

export default {
  summary:
    'Add statements to the policy of {{endpointId}} allowing s3:GetObject on the Amazon Linux and EMR repository buckets for {{releaseLabel}} (and s3:PutObject on the log buckets when logging is on): {{buckets}}.',
  cli: `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids {{endpointId}} --query "VpcEndpoints[0].PolicyDocument" --output text
aws ec2 modify-vpc-endpoint --vpc-endpoint-id {{endpointId}} --policy-document file://s3-endpoint-policy.json`,
  cloudformation: `S3Endpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    PolicyDocument:
      Statement:
        - Effect: Allow
          Principal: "*"
          Action: s3:GetObject
          Resource:
            - !Sub arn:aws:s3:::repo.\${AWS::Region}.emr.amazonaws.com/*
            - !Sub arn:aws:s3:::amazonlinux-2-repos-\${AWS::Region}/*`,
  terraform: `# {{endpointId}}: allow the buckets {{buckets}}
resource "aws_vpc_endpoint_policy" "s3" {
  vpc_endpoint_id = "{{endpointId}}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["s3:GetObject", "s3:PutObject"]
      Resource  = [for bucket in split(" ", "{{buckets}}") : "arn:aws:s3:::\${bucket}/*"]
    }]
  })
}`,
  console: [
    'Open the VPC console, Endpoints, select {{endpointId}}, and open the Policy tab; choose Edit policy.',
    'Add a statement allowing s3:GetObject (s3:PutObject for log buckets) on arn:aws:s3:::BUCKET/* for each of {{buckets}}, keeping your existing statements; save.',
  ],
} satisfies Remediation
