/**
 * JSON Schema validators for the report tests: the project's own audit report schema (draft
 * 2020-12) and the official OASIS SARIF 2.1.0 schema (draft-07, see test/fixtures/sarif/README.md).
 */
import {readFileSync} from 'node:fs'

import {Ajv, type ValidateFunction} from 'ajv'
import {Ajv2020} from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS: under NodeNext the default import is module.exports, whose `default`
// is the plugin (module.exports and module.exports.default are the same function at run time).
const addFormats = (addFormatsModule as unknown as {default: typeof addFormatsModule.default}).default

function readJson(relativeToRepo: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../${relativeToRepo}`, import.meta.url), 'utf8')) as Record<string, unknown>
}

export const AUDIT_REPORT_SCHEMA_PATH = 'docs/schema/audit-report-1.1.schema.json'
export const SARIF_SCHEMA_PATH = 'test/fixtures/sarif/sarif-schema-2.1.0.json'

export function auditReportValidator(): ValidateFunction {
  const ajv = new Ajv2020({allErrors: true, strict: true})
  addFormats(ajv)
  return ajv.compile(readJson(AUDIT_REPORT_SCHEMA_PATH))
}

export function sarifValidator(): ValidateFunction {
  // The official schema is draft-07 (Ajv's default draft) and not written for Ajv's strict mode.
  const ajv = new Ajv({allErrors: true, strict: false})
  addFormats(ajv)
  return ajv.compile(readJson(SARIF_SCHEMA_PATH))
}

export function sarifSchemaDocument(): Record<string, unknown> {
  return readJson(SARIF_SCHEMA_PATH)
}

export function errorsText(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors, null, 2)
}
