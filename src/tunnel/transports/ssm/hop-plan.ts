/**
 * `--via ssm` / `--bastion-via ssm` on the planned hop chain: the primary (or the bastion) gets
 * its SSH stream from a Session Manager session to its instance instead of TCP. The instance is
 * the cluster's active primary (CLUSTER_ID), or the hop's name when it is an instance id — as
 * typed (`--host i-…`, `--bastion i-…`) or as the ssh_config alias whose HostName is the name
 * known_hosts holds (`Host i-0abc…` / `HostName ip-10-0-2-20.ec2.internal`), the convention of
 * OpenSSH's ProxyCommand over SSM.
 */
import type {Hop} from '../../ssh/hops.js'

export const INSTANCE_ID = /^(i|mi)-[0-9a-f]{8,17}$/

/** A hop to reach through Session Manager is not an instance; `role` says which (the app layer names its flag). */
export class SsmPlanError extends Error {
  override name = 'SsmPlanError'
  constructor(
    readonly role: 'primary' | 'bastion',
    readonly reason: string,
  ) {
    super(reason)
  }
}

export interface SsmHopRequest {
  primary: boolean
  bastion: boolean
  /** The cluster's active primary instance, when the target came from AWS data. */
  primaryInstanceId?: string
  aws?: {region?: string; profile?: string; endpointUrl?: string}
}

function instanceOf(hop: Hop, known: string | undefined, role: 'primary' | 'bastion'): string {
  const id = known ?? [hop.alias, hop.host].find((name) => INSTANCE_ID.test(name))
  if (!id) {
    throw new SsmPlanError(
      role,
      `${hop.alias} is not an instance id; give the instance (i-…) — with ssh_config "Host i-…" / "HostName ${hop.host}" to keep host-key checks on this name — or a CLUSTER_ID`,
    )
  }
  return id
}

export function withSsmHops(hops: Hop[], request: SsmHopRequest): Hop[] {
  return hops.map((hop, index) => {
    const isPrimary = index === hops.length - 1
    if (isPrimary && request.primary) {
      return {...hop, transport: {kind: 'ssm', instanceId: instanceOf(hop, request.primaryInstanceId, 'primary'), aws: request.aws}}
    }
    if (!isPrimary && hop.role === 'bastion' && request.bastion) {
      return {...hop, transport: {kind: 'ssm', instanceId: instanceOf(hop, undefined, 'bastion'), aws: request.aws}}
    }
    return hop
  })
}
