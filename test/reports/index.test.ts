import {describe, expect, it} from 'vitest'

import {REPORT_FORMATS, isReportFormat, renderAudit} from '../../src/reports/index.js'
import {sampleResult} from './sample-result.js'

describe('renderAudit', () => {
  it('knows the four formats', () => {
    expect(REPORT_FORMATS).toEqual(['table', 'json', 'sarif', 'markdown'])
    expect(isReportFormat('sarif')).toBe(true)
    expect(isReportFormat('html')).toBe(false)
  })

  it('renders each format without a trailing newline and without touching the input', () => {
    const result = sampleResult()
    const before = JSON.stringify(result)
    const out = Object.fromEntries(REPORT_FORMATS.map((format) => [format, renderAudit(result, format, {color: false, toolVersion: '9.9.9'})]))
    expect(out.table!.startsWith('emr-access 9.9.9 audit')).toBe(true)
    expect(JSON.parse(out.json!).schemaVersion).toBe('1.1')
    expect(JSON.parse(out.sarif!).version).toBe('2.1.0')
    expect(out.markdown!.startsWith('# emr-access audit report')).toBe(true)
    for (const text of Object.values(out)) expect(text.endsWith('\n')).toBe(false)
    expect(JSON.stringify(result)).toBe(before)
  })
})
