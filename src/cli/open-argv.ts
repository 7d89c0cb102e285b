/** `connect --open [UI]`: a flag whose value may be left out, which oclif's parser cannot say. */

/** The value `--open` gets when given without a UI name: the landing page. */
export const OPEN_LANDING = 'landing'

/**
 * oclif flags cannot have optional values: a bare `--open` (last, or before another flag or a
 * CLUSTER_ID) becomes `--open=landing`.
 */
export function normalizeOpenArgv(argv: string[]): string[] {
  const result: string[] = []
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!
    if (arg === '--') {
      result.push(...argv.slice(index))
      break
    }
    const next = argv[index + 1]
    if (arg === '--open' && (next === undefined || next.startsWith('-') || /^j-[0-9A-Z]{1,20}$/.test(next))) result.push(`--open=${OPEN_LANDING}`)
    else result.push(arg)
  }
  return result
}
