/** Flags that several commands share, declared once. */
import {Flags} from '@oclif/core'

export const snapshotFlag = Flags.string({
  description: 'Saved AWS CLI JSON: a directory of <service>-<operation>.json files, or one JSON file keyed by those names.',
  required: true,
  helpValue: 'PATH',
})

/** `audit --snapshot` is optional: without it, audit reads AWS live (--cluster or --vpc). */
export const optionalSnapshotFlag = Flags.string({
  description:
    'Saved AWS CLI JSON: a directory of <service>-<operation>.json files (what `emr-access snapshot` writes), or one JSON file keyed by those names. Without it, the data is read live from AWS for --cluster or --vpc.',
  helpValue: 'PATH',
})

/**
 * Where and as whom to call AWS. Each has the AWS CLI's meaning, and the SDK's default chain
 * fills in what is not given (AWS_REGION / AWS_DEFAULT_REGION, AWS_PROFILE, AWS_ENDPOINT_URL,
 * the shared config and credentials files, SSO, process credentials, container and instance roles).
 */
export function awsFlags(options: {exclusive?: string[]} = {}) {
  const exclusive = options.exclusive ?? []
  return {
    region: Flags.string({
      description: 'AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile\'s region).',
      helpValue: 'REGION',
      helpGroup: 'AWS',
      exclusive,
    }),
    profile: Flags.string({
      description: 'Named profile of the shared AWS config and credentials files (default: AWS_PROFILE).',
      helpValue: 'NAME',
      helpGroup: 'AWS',
      exclusive,
    }),
    'endpoint-url': Flags.string({
      description: 'Send every AWS call to this URL: an AWS API emulator, or VPC interface endpoints (default: AWS_ENDPOINT_URL).',
      helpValue: 'URL',
      helpGroup: 'AWS',
      exclusive,
    }),
  }
}

/** How `connect` reaches the primary and the bastion (issue 13): SSH over TCP, or a hop-carrying AWS service. */
export const VIA_TRANSPORTS = ['ssh', 'eice', 'ssm'] as const

export function viaFlags() {
  return {
    via: Flags.option({
      options: VIA_TRANSPORTS,
      default: 'ssh' as const,
      description: 'How SSH reaches the primary: ssh (TCP, through --bastion/--jump if given), eice (an EC2 Instance Connect Endpoint, no bastion), ssm (Session Manager).',
    })(),
    'bastion-via': Flags.option({
      options: VIA_TRANSPORTS,
      default: 'ssh' as const,
      description: 'How SSH reaches a private --bastion: ssh (TCP), eice (an EC2 Instance Connect Endpoint), ssm (Session Manager).',
    })(),
  }
}

/** The EC2 Instance Connect Endpoint options of `--via eice` / `--bastion-via eice`. */
export function eiceFlags() {
  return {
    'eice-id': Flags.string({
      description: "With --via/--bastion-via eice: the endpoint (eice-…). Default: the one in the cluster's VPC (ec2:DescribeInstanceConnectEndpoints).",
      helpValue: 'EICE_ID',
      helpGroup: 'EICE',
    }),
    'eice-endpoint-url': Flags.string({
      description: "With --via/--bastion-via eice: open tunnels at this wss:// (or ws://) URL instead of the endpoint's DNS name (e.g. a local stand-in endpoint for tests).",
      helpValue: 'URL',
      helpGroup: 'EICE',
      env: 'EMR_ACCESS_EICE_ENDPOINT_URL',
    }),
    'max-tunnel-duration': Flags.integer({
      description: 'With --via/--bastion-via eice: seconds each endpoint tunnel lasts (AWS allows 1 to 3600); the tunnel is renewed before, the proxy stays up.',
      helpValue: 'SECONDS',
      helpGroup: 'EICE',
      min: 1,
      max: 3600,
      default: 3600,
    }),
  }
}
