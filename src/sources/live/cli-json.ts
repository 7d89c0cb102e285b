/**
 * SDK output → exactly what `aws … --output json` prints for the same call, so a live collection
 * and a snapshot are the same documents:
 *
 * - the SDK's `$metadata` goes, and so do pagination tokens; pages are merged into the list key;
 * - timestamps (the SDK gives `Date`s) are printed as the AWS CLI v2 prints them (and v1 with
 *   `cli_timestamp_format = iso8601`): ISO 8601 in UTC with a `+00:00` offset, and microseconds
 *   only when the time has a fraction (`2024-01-01T00:00:00+00:00`, `2024-01-01T00:00:00.123000+00:00`);
 * - `undefined` members are left out, as the CLI leaves out what the service did not send.
 *
 * Secrets never leave the process: VPN pre-shared keys (in the XML customer gateway configuration
 * and in tunnel options) and values of keys named like a password or secret become "REDACTED",
 * as scripts/collect-snapshot.sh does.
 */
import type {SdkPage} from './operations.js'

/** `2024-01-01T00:00:00+00:00`, or `2024-01-01T00:00:00.123000+00:00` with a fraction. */
export function cliTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'Invalid Date'
  const iso = date.toISOString() // 2024-01-01T00:00:00.123Z (years 0-9999)
  const seconds = iso.slice(0, 19)
  const millis = date.getUTCMilliseconds()
  return millis === 0 ? `${seconds}+00:00` : `${seconds}.${String(millis).padStart(3, '0')}000+00:00`
}

const SECRET_KEY = /password|presharedkey|secret/i
const PRE_SHARED_KEY_XML = /<pre_shared_key>[^<]*<\/pre_shared_key>/g

/** A deep copy in AWS CLI JSON form (see the module comment). */
export function toCliJson(value: unknown, key = ''): unknown {
  if (value instanceof Date) return cliTimestamp(value)
  if (Array.isArray(value)) return value.map((item) => toCliJson(item)).filter((item) => item !== undefined)
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [name, member] of Object.entries(value as Record<string, unknown>)) {
      if (name === '$metadata' || member === undefined) continue
      out[name] = toCliJson(member, name)
    }
    return out
  }
  if (typeof value === 'string') {
    if (key !== '' && SECRET_KEY.test(key)) return 'REDACTED'
    if (value.includes('<pre_shared_key>')) return value.replace(PRE_SHARED_KEY_XML, '<pre_shared_key>REDACTED</pre_shared_key>')
  }
  return value
}

/**
 * The pages of one call merged as the AWS CLI merges them (botocore's `build_full_result`): a
 * paginated operation prints only its result list, concatenated over the pages, without the
 * token; any other operation prints its one response.
 */
export function mergePages(operation: {listKey?: string; tokenKey?: string}, pages: SdkPage[]): Record<string, unknown> {
  if (operation.listKey) {
    const list: unknown[] = []
    for (const page of pages as Record<string, unknown>[]) list.push(...((page[operation.listKey] as unknown[] | undefined) ?? []))
    return toCliJson({[operation.listKey]: list}) as Record<string, unknown>
  }
  const merged: Record<string, unknown> = {...((pages[0] as Record<string, unknown> | undefined) ?? {})}
  if (operation.tokenKey) delete merged[operation.tokenKey]
  return toCliJson(merged) as Record<string, unknown>
}
