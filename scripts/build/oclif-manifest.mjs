#!/usr/bin/env node
// Writes oclif.manifest.json (what `oclif manifest` writes) after tsc: with it, `--help`, `--version`
// and every command start without importing all the command modules. `npm run build` runs this.
import {writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Plugin} from '@oclif/core'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const plugin = new Plugin({root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true})
await plugin.load()
const file = join(root, 'oclif.manifest.json')
writeFileSync(file, `${JSON.stringify(plugin.manifest, null, 2)}\n`)
process.stdout.write(`wrote ${file}: ${Object.keys(plugin.manifest.commands).length} commands\n`)
