/**
 * An ssh_config block for people who run OpenSSH themselves: the bastion (and jump hosts) as
 * ProxyJump, DynamicForward on the SOCKS port, and the primary as HostName. `ssh emr-CLUSTER` then
 * gives the same SOCKS5 proxy the PAC file and the FoxyProxy export point at.
 */
import {formatDestination, type Destination} from '../ssh/destination.js'

export interface SshConfigInput {
  /** The Host alias (emr-j-… or emr-primary). */
  alias: string
  primary: Destination
  /** In order: jump hosts, then the bastion. */
  jumps: Destination[]
  socksHost: string
  socksPort: number
  identityFiles: string[]
}

const quote = (value: string) => (/[\s"]/.test(value) ? `"${value.replace(/"/g, '\\"')}"` : value)

export function sshConfigBlock(input: SshConfigInput): string {
  const lines = [
    `# emr-access proxy-config --format ssh-config: \`ssh -N ${input.alias}\` opens a SOCKS5 proxy on ${input.socksHost}:${input.socksPort}`,
    `Host ${input.alias}`,
    `  HostName ${input.primary.host}`,
    `  User ${input.primary.user ?? 'hadoop'}`,
  ]
  if (input.primary.port && input.primary.port !== 22) lines.push(`  Port ${input.primary.port}`)
  if (input.jumps.length > 0) lines.push(`  ProxyJump ${input.jumps.map((jump) => formatDestination(jump)).join(',')}`)
  lines.push(`  DynamicForward ${input.socksHost.includes(':') ? `[${input.socksHost}]` : input.socksHost}:${input.socksPort}`)
  for (const file of input.identityFiles) lines.push(`  IdentityFile ${quote(file)}`)
  lines.push('  StrictHostKeyChecking yes', '  ExitOnForwardFailure yes', '  ServerAliveInterval 30', '  ServerAliveCountMax 3', '')
  return lines.join('\n')
}
