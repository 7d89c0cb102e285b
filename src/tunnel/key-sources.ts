/**
 * The AWS side of `connect --ephemeral-key` and `--host-key-source console`: SDK clients configured
 * like the collector's (Region, profile, endpoint: src/sources/live/clients.ts), the ephemeral key,
 * and the console-pinned host-key policy laid over the plan's known_hosts policy. The SDK loads
 * only when one of the two flags is given.
 */
import type {EC2Client} from '@aws-sdk/client-ec2'
import type {AwsOptions} from '../sources/live/clients.js'
import type {EphemeralKey} from './ssh/ephemeral-key.js'
import type {HostKeyPolicy} from './ssh/host-key-policy.js'
import type {Hop} from './ssh/hops.js'

export type HostKeySource = 'known-hosts' | 'console'

export interface KeyServices {
  ephemeral?: EphemeralKey
  consoleClient?: EC2Client
  close(): void
}

/** Clients for what the flags ask (none: undefined). Region and credentials problems throw as the collector's do. */
export async function openKeyServices(options: {ephemeralKey: boolean; hostKeySource: HostKeySource; aws: AwsOptions}): Promise<KeyServices | undefined> {
  if (!options.ephemeralKey && options.hostKeySource !== 'console') return undefined
  const [{openSession, closeSession}, {awsRequestHandler}, {EC2Client}, {EC2InstanceConnectClient}, {EphemeralKey}] = await Promise.all([
    import('../sources/live/clients.js'),
    import('../sources/live/proxy.js'),
    import('@aws-sdk/client-ec2'),
    import('@aws-sdk/client-ec2-instance-connect'),
    import('./ssh/ephemeral-key.js'),
  ])
  // The collector's session resolves Region and endpoint exactly as for audit; its clients are not used here.
  const session = await openSession(options.aws)
  closeSession(session)
  const config = {region: session.region, profile: options.aws.profile, endpoint: session.endpoint, retryMode: 'adaptive', requestHandler: awsRequestHandler()}
  const instanceConnect = options.ephemeralKey ? new EC2InstanceConnectClient(config) : undefined
  const consoleClient = options.hostKeySource === 'console' ? new EC2Client(config) : undefined
  return {
    ephemeral: instanceConnect ? new EphemeralKey(instanceConnect) : undefined,
    consoleClient,
    close() {
      instanceConnect?.destroy()
      consoleClient?.destroy()
    },
  }
}

/** The plan's policy, with the console's keys pinned on the hops whose console printed them. */
export async function withConsoleHostKeys(hops: readonly Hop[], services: KeyServices | undefined, fallback: HostKeyPolicy, notify: (message: string) => void): Promise<HostKeyPolicy> {
  if (!services?.consoleClient) return fallback
  const [{consoleHostKeyPolicy}, {SSH2_HOST_KEY_ALGORITHMS}] = await Promise.all([import('./host-keys/console.js'), import('./ssh/host-key.js')])
  return consoleHostKeyPolicy(hops, services.consoleClient, fallback, SSH2_HOST_KEY_ALGORITHMS, notify)
}
