/**
 * Text from AWS data (cluster, group and tag names, descriptions, ids from a snapshot someone else
 * collected) reaches terminals, Markdown renderers and code-scanning UIs. A control character there
 * can clear the screen, recolour or hide a finding, or start a fake line; a bidi override can make
 * text read differently than it is. Before any human-facing format renders it, every such character
 * is replaced by a visible escape (`\x1B`, `\u202E`), so tampering shows instead of acting.
 * The JSON report keeps the data exactly (JSON.stringify escapes controls and stays valid).
 */

/** C0 and C1 controls, DEL, and Unicode format characters that reorder, join or hide text (bidi, zero-width, separators). */
// eslint-disable-next-line no-control-regex
export const UNSAFE_TEXT = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFF9-\uFFFB]/
const UNSAFE_TEXT_GLOBAL = new RegExp(UNSAFE_TEXT.source, 'g')

function visible(char: string): string {
  const code = char.charCodeAt(0)
  return code < 0x100 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`
}

/** Every unsafe character as a visible escape; `keepNewlines` keeps `\n` (multi-line snippets we write). */
export function safeText(text: string, keepNewlines = false): string {
  return text.replace(UNSAFE_TEXT_GLOBAL, (char) => (keepNewlines && char === '\n' ? char : visible(char)))
}

/**
 * A deep copy with every string made safe. `multiLine(path)` says which strings may keep their line
 * breaks (by key path, e.g. `rules.remediation.cli`): text the tool itself writes on several lines.
 */
export function safeDeep<T>(value: T, multiLine: (path: string) => boolean = () => false, path = ''): T {
  if (typeof value === 'string') return safeText(value, multiLine(path)) as T
  if (Array.isArray(value)) return value.map((item) => safeDeep(item, multiLine, path)) as T
  const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined
  // Plain data only: anything else (a Map, a Date, a class instance) is passed through unchanged.
  if (value && typeof value === 'object' && (proto === Object.prototype || proto === null)) {
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) copy[safeText(key)] = safeDeep(item, multiLine, path ? `${path}.${key}` : key)
    return copy as T
  }
  return value
}

/** Rule metadata we write ourselves on several lines: snippets and the risk. */
export const REPORT_MULTILINE = new Set([
  'rules.remediation.cli',
  'rules.remediation.cloudformation',
  'rules.remediation.terraform',
  'scopes.outcomes.findings.fix.cli',
  'scopes.outcomes.findings.fix.cloudformation',
  'scopes.outcomes.findings.fix.terraform',
])

/**
 * `value` quoted for a one-line message: as is when plain, else as a JSON string literal with
 * control and format characters escaped (an error message cannot carry them to the terminal).
 * Long values are cut.
 */
export function printable(value: string, max = 120): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value
  if (/^[\w@%+=:,./~-]+$/.test(cut)) return cut
  return JSON.stringify(cut).replace(UNSAFE_TEXT_GLOBAL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
