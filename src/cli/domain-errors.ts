/**
 * The core's DomainErrors (src/errors.ts) said the way the command line gave the value: one line
 * naming the flag (or argument). Each input has its usual flag; a command whose argument gives it
 * (CLUSTER_ID) says so in its own names.
 */
import {ClusterNotInVpc, DomainError, EssentialCallFailed, UnknownCluster, UnknownId, UserError, escapeUnprintable, type DomainInput} from '../errors.js'

export type InputNames = Partial<Record<DomainInput, string>>

/** The flag that gives each input, on every command that has it. */
export const FLAG_OF_INPUT: Readonly<Record<DomainInput, string>> = {
  snapshot: '--snapshot',
  terraformPlan: '--terraform-plan',
  out: '--out',
  endpointUrl: '--endpoint-url',
  cluster: '--cluster',
  vpc: '--vpc',
  bastion: '--bastion',
  adminCidrs: '--admin-cidr',
  onpremCidrs: '--onprem-cidr',
  from: '--from',
  to: '--to',
  ephemeralPorts: '--ephemeral-ports',
  forward: '--forward',
  allow: '--allow',
  bind: '--bind',
  browser: '--browser',
  identityFile: '--identity-file',
}

/** Any error that ended a command, with the core's inputs said as this command's flags; others as they are. */
export function inCommandTerms(error: Error, names: InputNames = {}): Error {
  let translated: Error | undefined
  if (error instanceof DomainError) translated = userErrorOf(error, names)
  else if (error instanceof EssentialCallFailed && error.alternative) {
    translated = new UserError(`${error.message} (or pass ${names[error.alternative] ?? FLAG_OF_INPUT[error.alternative]} as well)`)
  }
  // The stack stays the core's, for --debug.
  return translated ? Object.assign(translated, {stack: error.stack}) : error
}

/** `--flag value: reason`, with the known ids when the data lists them. */
export function userErrorOf(error: DomainError, names: InputNames = {}): UserError {
  const name = (input: DomainInput): string => names[input] ?? FLAG_OF_INPUT[input]
  if (error instanceof ClusterNotInVpc) {
    const where = error.subnetId ? `is in subnet ${error.subnetId}, which is not in` : 'is not in'
    return new UserError(`${name('cluster')} ${error.clusterId} ${where} ${name('vpc')} ${error.vpcId}`)
  }
  let known = ''
  if (error instanceof UnknownId && error.known) {
    known = ` (${error instanceof UnknownCluster ? 'clusters' : 'VPCs'}: ${error.known.join(', ') || 'none'})`
  }
  // The value is the user's (or the data's): control characters are shown escaped, never passed to the terminal.
  return new UserError(`${name(error.input)} ${escapeUnprintable(error.value)}: ${error.reason}${known}`)
}
