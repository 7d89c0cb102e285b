/** `ui list` output: a table for people, a stable array of objects for scripts. */
import {uiUrl, type CatalogueUi, type UiCatalogue} from '../catalog/ui-catalogue.js'
import {palette} from './ansi.js'
import {wrap} from './table.js'
import {safeDeep} from './escape.js'

/** Placeholders when the node's host name is not known. */
export const PRIMARY_PLACEHOLDER = '<primary>'
export const CORE_PLACEHOLDER = '<core-node>'

export interface UiListContext {
  catalogue: UiCatalogue
  clusterId?: string
  clusterName?: string
  /** The primary's host name for URLs (its internal DNS name when known). */
  primaryHost?: string
  /** Where the cluster description came from, e.g. the snapshot path or "--release/--apps". */
  source: string
  /** Lines about the whole listing (multi-primary, TLS unknown, …). */
  notes: string[]
}

export interface UiListEntry {
  id: string
  name: string
  application: string
  role: CatalogueUi['role']
  /** The host name in `url`, or null when a placeholder stands in for it. */
  host: string | null
  scheme: CatalogueUi['scheme']
  port: number
  path: string
  url: string
  bookmarkable: boolean
  access: CatalogueUi['access']
  onClusterAppUiType: string | null
  portOverride: {classification: string; property: string; value: string} | null
  unconfirmed: boolean
  notes: string[]
}

function hostFor(ui: CatalogueUi, context: UiListContext): string | undefined {
  return ui.role === 'primary' ? context.primaryHost : undefined
}

/** One entry per UI, in catalogue order; every key always present. */
export function uiListJson(context: UiListContext): UiListEntry[] {
  return context.catalogue.uis.map((ui) => {
    const host = hostFor(ui, context)
    return {
      id: ui.id,
      name: ui.name,
      application: ui.application,
      role: ui.role,
      host: host ?? null,
      scheme: ui.scheme,
      port: ui.port,
      path: ui.path,
      url: uiUrl(ui, host ?? (ui.role === 'primary' ? PRIMARY_PLACEHOLDER : CORE_PLACEHOLDER)),
      bookmarkable: ui.bookmarkable,
      access: [...ui.access],
      onClusterAppUiType: ui.onClusterAppUiType ?? null,
      portOverride: ui.portOverride ? {...ui.portOverride} : null,
      unconfirmed: ui.unconfirmed,
      notes: [...ui.notes],
    }
  })
}

const ACCESS_LABEL: Record<string, string> = {'on-cluster-presigned': 'presigned URL', 'persistent-app-ui': 'persistent UI'}

export function renderUiListText(unsafe: UiListContext, options: {color: boolean; width?: number}): string {
  // Host names and configuration values from the data reach the terminal: control and bidi characters shown as text.
  const context = safeDeep(unsafe)
  const style = palette(options.color)
  const width = Math.max(60, options.width ?? 100)
  const {catalogue} = context
  const entries = uiListJson(context)
  const lines: string[] = []
  const cluster = context.clusterId ? `${context.clusterId}${context.clusterName ? ` (${context.clusterName})` : ''} · ` : ''
  lines.push(style.bold(`${cluster}${catalogue.release.label} · in-transit encryption ${catalogue.inTransitEncryption ? 'on' : 'off'}`))
  lines.push(`Primary: ${context.primaryHost ?? `${PRIMARY_PLACEHOLDER} (host name unknown: pass --primary-host)`} · from ${context.source}`)
  for (const note of [...catalogue.notes, ...context.notes]) lines.push(...wrap(note, width, '! ', '  ').map((line) => style.yellow(line)))
  lines.push('')
  if (entries.length === 0) {
    lines.push('No web UIs: none of the installed applications serves one in this release.')
  } else {
    const nameWidth = Math.max('WEB UI'.length, ...entries.map((entry) => entry.name.length))
    const urlWidth = Math.max('URL'.length, ...entries.map((entry) => entry.url.length))
    lines.push(style.bold(`${'WEB UI'.padEnd(nameWidth)}  ${'URL'.padEnd(urlWidth)}  ALSO WITHOUT A TUNNEL`))
    for (const entry of entries) {
      const also = entry.access.filter((access) => access !== 'tunnel').map((access) => ACCESS_LABEL[access] ?? access)
      lines.push(`${entry.name.padEnd(nameWidth)}  ${style.cyan(entry.url.padEnd(urlWidth))}  ${also.join(', ') || style.gray('-')}`.trimEnd())
      for (const note of entry.notes) lines.push(...wrap(note, width, '  · ', '    ').map((line) => style.gray(line)))
    }
  }
  if (catalogue.omitted.length > 0) {
    lines.push('')
    lines.push(style.bold('Not listed:'))
    for (const omitted of catalogue.omitted) lines.push(...wrap(`${omitted.application}: ${omitted.reason}`, width, '  ', '    '))
  }
  const core = entries.some((entry) => entry.role === 'core')
  lines.push('')
  lines.push(
    ...wrap(
      `Open them through the SSH tunnel's SOCKS proxy (emr-access connect); internal host names resolve on the cluster side.${core ? ` ${CORE_PLACEHOLDER}: each core node's internal DNS name, as the ResourceManager links to it.` : ''}`,
      width,
      '',
    ).map((line) => style.dim(line)),
  )
  return lines.join('\n')
}
