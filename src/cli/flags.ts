/** Flags that several commands share, declared once. */
import {Flags} from '@oclif/core'
import {UserError} from '../errors.js'

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

/** `--template FILE` (audit, reach): a CloudFormation template judged before it is deployed. */
export const templateFlag = Flags.string({
  description:
    'A CloudFormation template (YAML or JSON) to judge before it is deployed: the network it declares is audited like a deployed one; values known only after deploy are "unknown before deploy", never guessed. Resources may be named by logical id (--bastion Bastion, --to Cluster:primary:22).',
  helpValue: 'FILE',
  exclusive: ['snapshot'],
})

/** `--parameter Key=Value` (repeatable), with --template. */
export const parameterFlag = Flags.string({
  description: 'A template parameter value (repeatable). Parameters not given take their Default; one without a Default is unknown before deploy.',
  helpValue: 'KEY=VALUE',
  multiple: true,
  dependsOn: ['template'],
})

/** `--parameter` values as {Key: Value}; a value may itself contain `=`. */
export function templateParameters(values: readonly string[] | undefined): Record<string, string> {
  const parameters: Record<string, string> = {}
  for (const value of values ?? []) {
    const at = value.indexOf('=')
    if (at <= 0) throw new UserError(`--parameter ${value}: expected Key=Value, e.g. --parameter AdminCidr=203.0.113.0/24`)
    parameters[value.slice(0, at)] = value.slice(at + 1)
  }
  return parameters
}
