import type {VpcEndpoint} from '../../../model/types.js'
import {parseRelease, releaseAtLeast, type ReleaseVersion} from '../helpers.js'
import {defineRule} from '../rule.js'
import {evaluatePolicy} from './s3-endpoint-policy.js'
import remediation from './emra-022-s3-endpoint-policy.remediation.js'
import {regionOrStop, routeTableOrStop, s3EndpointFor} from './shared.js'

/** The S3 buckets EMR nodes must read (or write) through the endpoint (reference §1.4). */
export function requiredBuckets(release: ReleaseVersion, region: string, logUri?: string): {bucket: string; action: string; why: string}[] {
  const read = (bucket: string, why: string) => ({bucket, action: 's3:GetObject', why})
  const buckets = []
  if (!releaseAtLeast(release, 5, 30)) {
    buckets.push(read(`packages.${region}.amazonaws.com`, 'Amazon Linux repository'), read(`repo.${region}.amazonaws.com`, 'Amazon Linux repository'))
  } else if (release.major < 7) {
    buckets.push(read(`amazonlinux.${region}.amazonaws.com`, 'Amazon Linux 2 repository'), read(`amazonlinux-2-repos-${region}`, 'Amazon Linux 2 repository'))
  } else {
    buckets.push(read(`al2023-repos-${region}-de612dc2`, 'Amazon Linux 2023 repository'))
  }
  if (releaseAtLeast(release, 5, 22)) buckets.push(read(`repo.${region}.emr.amazonaws.com`, 'EMR repository'))
  if (release.major >= 8) {
    const infix = region === 'ap-southeast-2' ? 'bucket-' : ''
    buckets.push(read(`aws157-instance-data-${infix}0-prod-${region}`, 'EMR instance data'), read(`aws157-instance-data-${infix}1-prod-${region}`, 'EMR instance data'))
  }
  if (logUri) {
    buckets.push({bucket: region === 'us-east-1' ? 'aws157-logs-prod' : `aws157-logs-prod-${region}`, action: 's3:PutObject', why: 'EMR system logs'})
    const own = /^s3n?:\/\/([^/]+)/.exec(logUri)?.[1]
    if (own) buckets.push({bucket: own, action: 's3:PutObject', why: `the cluster's LogUri`})
  }
  return buckets
}

export default defineRule({
  meta: {
    id: 'EMRA-022',
    title: 'S3 endpoint policy omits buckets EMR needs',
    severity: 'high',
    topologies: ['private', 'vpn'],
    description: "Evaluates the policy of the S3 endpoint serving a private cluster subnet against the Amazon Linux, EMR repository and log buckets the cluster's release and logging need.",
    risk: "A restrictive S3 endpoint policy is good practice, but EMR nodes in a private subnet fetch Amazon Linux and EMR packages, and write logs, through that endpoint. A policy that leaves out the buckets for the cluster's release makes bootstrapping fail with opaque 403 errors.",
    messages: {
      policyOmitsBuckets: 'The policy of {{endpointId}} ({{endpoint}}) does not allow {{missing}}, which {{clusterId}} ({{releaseLabel}}) needs{{conditionNote}}.',
    },
    remediation,
    docs: 'https://docs.aws.amazon.com/emr/latest/ManagementGuide/private-subnet-iampolicy.html',
    needs: ['subnets', 'routeTables', 'vpcEndpoints', 'describeCluster'],
  },
  check(context) {
    const cluster = context.cluster()
    const release = parseRelease(cluster.releaseLabel)
    if (!release) return context.notEvaluated(`${cluster.id} has no recognisable release label`)
    const subnet = context.subnet()
    const region = regionOrStop(context)
    const {endpoint} = s3EndpointFor(context.model, subnet, routeTableOrStop(context, subnet), region)
    if (!endpoint) return context.notApplicable(`no S3 endpoint serves ${subnet.id} (see EMRA-020 / EMRA-021)`)
    if (!endpoint.policyDocument) return
    const missing: string[] = []
    const missingBuckets: string[] = []
    let conditional = false
    for (const {bucket, action, why} of requiredBuckets(release, region, cluster.logUri)) {
      const answer = evaluatePolicy(endpoint.policyDocument, action, `arn:aws:s3:::${bucket}/emr-access-probe`)
      if (!answer) return context.notEvaluated(`the policy of ${endpoint.id} is not valid JSON`)
      conditional ||= answer.conditional
      if (answer.allowed) continue
      missing.push(`${action} on ${bucket} (${why})`)
      missingBuckets.push(bucket)
    }
    if (missing.length === 0) return
    context.report({
      resourceId: endpoint.id,
      messageId: 'policyOmitsBuckets',
      data: {
        endpointId: endpoint.id,
        endpoint: describe(endpoint),
        vpcId: subnet.vpcId,
        subnetId: subnet.id,
        clusterId: cluster.id,
        releaseLabel: release.label,
        missing: missing.join('; '),
        buckets: missingBuckets.join(' '),
        conditionNote: conditional ? ' (some statements have conditions that could not be judged offline)' : '',
      },
      origin: endpoint.origin,
    })
  },
})

function describe(endpoint: VpcEndpoint): string {
  return `${endpoint.type} endpoint for ${endpoint.serviceName}`
}
