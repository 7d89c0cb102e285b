/**
 * Hostile names from AWS data (cluster names, group names, tag values, ids in a crafted snapshot)
 * through every audit report format. Terminal escapes, CR, bidi overrides, line breaks, Markdown
 * table pipes, HTML and backticks must be shown as text: no terminal control sequence but our own
 * colours, no forged line, row, heading or HTML element; JSON and SARIF stay valid JSON and carry
 * the data (JSON exactly, SARIF message text with the dangerous characters made visible).
 */
import MarkdownIt from 'markdown-it'
import {describe, expect, it} from 'vitest'
import type {AuditResult} from '../src/analysis/findings.js'
import {parseReleaseLabel} from '../src/catalog/ui-catalogue.js'
import {renderAudit} from '../src/reports/index.js'
import {renderReachText} from '../src/reports/reach.js'
import {renderUiListText} from '../src/reports/ui-list.js'
import {sampleResult} from './reports/sample-result.js'
import {errorsText, sarifValidator} from './reports/validators.js'

const FORGED = 'CRITICAL  EMRA-999  forged finding'
const HOSTILE = {
  ansi: 'prod\u001b[2K\u001b[1A\u001b[8mhidden\u001b[0m',
  osc: 'x\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007',
  cr: `benign\r${FORGED}`,
  newline: `name\n  ${FORGED}\n`,
  bidi: 'sg-\u202egnp.exe\u202c',
  c1: 'a\u009b31mred',
  pipe: 'a | b | c | d | e',
  html: '<script>alert(1)</script><img src=x onerror=alert(1)>',
  backticks: '``` fence ` tick',
  heading: '\n# Forged heading\n| Severity | Rule |',
  link: '[click](https://evil.example/)',
  zeroWidth: 'ad\u200bmin\ufeff',
}
const ALL = Object.values(HOSTILE).join(' ~ ')

/** The sample result with hostile text in every field that comes from data. */
function hostileResult(): AuditResult {
  const result = sampleResult()
  result.source = `snap/${HOSTILE.newline}${HOSTILE.ansi}`
  result.region = HOSTILE.cr
  const scope = result.scopes[0]!
  scope.clusterName = ALL
  scope.topology.reason = `${HOSTILE.heading} ${HOSTILE.bidi}`
  for (const outcome of scope.outcomes) {
    if (outcome.status !== 'pass' && outcome.status !== 'fail') outcome.reason = `missing: ${HOSTILE.newline}${HOSTILE.html}`
    for (const finding of outcome.findings) {
      finding.message = `${finding.message} ${ALL}`
      finding.resourceId = `${finding.resourceId}${HOSTILE.pipe}${HOSTILE.backticks}${HOSTILE.newline}`
      if (finding.pathLabel) finding.pathLabel = `${finding.pathLabel}${HOSTILE.osc}`
      if (finding.origin) finding.origin = {file: `${finding.origin.file}${HOSTILE.cr}`, pointer: HOSTILE.html}
      for (const hop of finding.hops ?? []) {
        hop.component = `${hop.component}${HOSTILE.ansi}`
        hop.detail = `${hop.detail}${ALL}`
      }
    }
  }
  return result
}

const render = (format: 'table' | 'markdown' | 'sarif' | 'json', color = false) => renderAudit(hostileResult(), format, {color, toolVersion: '1.2.3'})

const CONTROL_OR_FORMAT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/

describe('table', () => {
  it('without color: no control or bidi character at all, no forged line', () => {
    const out = render('table')
    expect(out).not.toMatch(CONTROL_OR_FORMAT)
    for (const line of out.split('\n')) expect(line.trimStart().startsWith('CRITICAL  EMRA-999'), line).toBe(false)
    // The hostile text is shown, made visible.
    expect(out).toContain('prod\\x1B[2K\\x1B[1A\\x1B[8mhidden')
    expect(out).toContain('sg-\\u202Egnp.exe\\u202C')
    expect(out).toContain(`benign\\x0D${FORGED}`)
  })

  it('with color: the only escape sequences are our own SGR colours', () => {
    const out = render('table', true)
    const withoutSgr = out.replace(/\u001b\[[0-9;]*m/g, '')
    expect(withoutSgr).not.toMatch(CONTROL_OR_FORMAT)
    // and the data's own SGR-looking text is not among them
    expect(out).not.toContain('\u001b[8m')
    expect(out).not.toContain('\u001b[2K')
  })
})

describe('markdown', () => {
  const md = new MarkdownIt({html: true})
  const out = render('markdown')
  const html = md.render(out)

  it('no control or bidi character; no forged heading, row, element or link', () => {
    expect(out).not.toMatch(CONTROL_OR_FORMAT)
    expect(html).not.toMatch(/<(script|img)\b/i)
    expect(html).not.toMatch(/<[^>]*\bonerror=/i)
    expect(html).not.toContain('href="https://evil.example/')
    expect(html).not.toContain('>Forged heading</h1>')
    const headings = [...html.matchAll(/<h(\d)>(.*?)<\/h\1>/g)].map((match) => match[2])
    expect(headings.filter((text) => text!.startsWith('Forged'))).toEqual([])
  })

  it('every findings-table row has exactly four cells, and the hostile text reads as written', () => {
    const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((match) => match[1]!)
    const findingTable = tables.find((table) => table.includes('<th>Severity</th><th>Rule</th>') || table.includes('<th>Severity</th>'))!
    const rows = [...findingTable.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((match) => match[1]!)
    expect(rows.length).toBeGreaterThan(2)
    for (const row of rows) expect((row.match(/<t[dh]>/g) ?? []).length, row).toBe(4)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('a | b | c | d | e')
  })
})

describe('JSON and SARIF', () => {
  it('JSON is valid and carries the data exactly', () => {
    const report = JSON.parse(render('json')) as {source: string; scopes: {clusterName?: string}[]}
    expect(report.source).toBe(hostileResult().source)
    expect(report.scopes[0]!.clusterName).toBe(ALL)
  })

  it('SARIF is valid 2.1.0; its message texts hold no control or bidi character', () => {
    const text = render('sarif')
    const log = JSON.parse(text) as {runs: {results: {message: {text: string}}[]}[]}
    const validate = sarifValidator()
    expect(validate(log), errorsText(validate)).toBe(true)
    const messages = log.runs[0]!.results.map((result) => result.message.text)
    expect(messages.length).toBeGreaterThan(0)
    for (const message of messages) expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    expect(messages.some((message) => message.includes('sg-\\u202Egnp.exe'))).toBe(true)
  })
})

describe('reach and ui list text', () => {
  it('reach: hop details and names from the data are shown, not obeyed', () => {
    const out = renderReachText(
      {
        verdict: 'reachable',
        from: HOSTILE.ansi,
        to: 'i-0abc',
        protocol: 'tcp',
        port: 22,
        hops: [{component: HOSTILE.bidi, kind: 'security-group', verdict: 'allow', detail: HOSTILE.newline}],
        summary: HOSTILE.cr,
        blockers: [],
        missingData: [],
      },
      true,
    )
    expect(out.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(CONTROL_OR_FORMAT)
    expect(out).not.toContain('\u001b[2K')
    for (const line of out.split('\n')) expect(line.trimStart().startsWith('CRITICAL  EMRA-999'), line).toBe(false)
  })

  it('ui list: cluster name, host and notes from the data are shown, not obeyed', () => {
    const catalogue = {release: parseReleaseLabel('emr-6.15.0')!, inTransitEncryption: false, uis: [], omitted: [], unknownApplications: [HOSTILE.ansi], notes: [HOSTILE.newline]}
    const out = renderUiListText({catalogue, clusterId: 'j-1', clusterName: ALL, primaryHost: HOSTILE.bidi, source: HOSTILE.cr, notes: [HOSTILE.osc]}, {color: false})
    expect(out).not.toMatch(CONTROL_OR_FORMAT)
    expect(out).toContain('\\x1B')
  })
})
