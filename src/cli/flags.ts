/** Flags that several commands share, declared once. */
import {Flags} from '@oclif/core'

export const snapshotFlag = Flags.string({
  description: 'Saved AWS CLI JSON: a directory of <service>-<operation>.json files, or one JSON file keyed by those names.',
  required: true,
  helpValue: 'PATH',
})

/** A saved Terraform plan as JSON: audit or reach a network before it exists. */
export const terraformPlanFlag = Flags.string({
  description:
    'A saved Terraform plan as JSON (`terraform show -json plan.out > plan.json`): audit the network it would build. Findings name the resource address, and the .tf file and line when the module\'s .tf files are next to the plan.',
  helpValue: 'FILE',
  exclusive: ['snapshot'],
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
