/**
 * Message templates, as ESLint's `meta.messages`: text with named parameters `{{name}}`, filled from a
 * finding's `data`. One syntax for rule messages and remediation snippets; SARIF gets the same templates
 * with positional `{0}` parameters (see `sarifTemplate`).
 */

/** A finding's parameters: the ids, ports and CIDRs a script would otherwise parse out of English. */
export type MessageData = Readonly<Record<string, string | number>>

const PARAMETER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g

/** The parameter names a template uses, in order of first appearance. */
export function templateParameters(template: string): string[] {
  const names: string[] = []
  for (const match of template.matchAll(PARAMETER)) if (!names.includes(match[1]!)) names.push(match[1]!)
  return names
}

export class MissingMessageData extends Error {
  constructor(
    readonly parameter: string,
    readonly template: string,
  ) {
    super(`message parameter {{${parameter}}} has no value`)
  }
}

/**
 * Fills a template. `missing: 'throw'` for messages (a rule that forgets a parameter is a bug);
 * `'placeholder'` for remediation, where a value the data cannot know stays `<name>` for the reader.
 */
export function fillTemplate(template: string, data: MessageData, missing: 'throw' | 'placeholder' = 'throw', quote: (value: string) => string = (value) => value): string {
  return template.replace(PARAMETER, (_whole, name: string) => {
    const value = data[name]
    // A value is one line: data cannot add lines to a multi-line snippet.
    if (value !== undefined) return quote(String(value).replace(/[\r\n\u2028\u2029]+/g, ' '))
    if (missing === 'throw') throw new MissingMessageData(name, template)
    return `<${name}>`
  })
}

/**
 * A value as one POSIX shell word: as is when it holds only characters no shell reads specially (ids,
 * CIDRs, ports), else single-quoted. Remediation commands are copied into terminals, and names and tags
 * in the data are chosen by whoever controls the account: they must stay arguments, never commands.
 */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

/** SARIF's form: `{{name}}` → `{n}` by first appearance, with the argument names in that order. */
export function sarifTemplate(template: string): {text: string; parameters: string[]} {
  const parameters = templateParameters(template)
  // SARIF message strings read a single brace as a placeholder: literal braces are doubled.
  const literal = (text: string) => text.replace(/[{}]/g, (brace) => brace + brace)
  let text = ''
  let last = 0
  for (const match of template.matchAll(PARAMETER)) {
    text += literal(template.slice(last, match.index)) + `{${parameters.indexOf(match[1]!)}}`
    last = match.index + match[0].length
  }
  return {text: text + literal(template.slice(last)), parameters}
}
