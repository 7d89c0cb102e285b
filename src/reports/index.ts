/**
 * Report rendering: one AuditResult, four formats. Every renderer is pure and returns the whole
 * document without a trailing newline (the caller prints it with one).
 */
import type {AuditResult} from '../analysis/findings.js'
import {renderJson} from './json.js'
import {renderMarkdown} from './markdown.js'
import {renderSarif} from './sarif.js'
import {renderTable} from './table.js'

export type ReportFormat = 'table' | 'json' | 'sarif' | 'markdown'

export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'sarif', 'markdown']

export interface RenderOptions {
  /** ANSI color in the table format; ignored by the others. */
  color: boolean
  /** The CLI's version, written into every format. */
  toolVersion: string
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value)
}

export function renderAudit(result: AuditResult, format: ReportFormat, options: RenderOptions): string {
  switch (format) {
    case 'table':
      return renderTable(result, {color: options.color, toolVersion: options.toolVersion})
    case 'json':
      return renderJson(result, options.toolVersion)
    case 'sarif':
      return renderSarif(result, options.toolVersion)
    case 'markdown':
      return renderMarkdown(result, options.toolVersion)
  }
}

export {AUDIT_REPORT_SCHEMA_VERSION, buildAuditReport, type AuditReportJson} from './json.js'
export {FINGERPRINT_KEY, SARIF_SCHEMA_URI, buildSarif} from './sarif.js'
