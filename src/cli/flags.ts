/** Flags that several commands share, declared once. */
import {Flags} from '@oclif/core'

export const snapshotFlag = Flags.string({
  description: 'Saved AWS CLI JSON: a directory of <service>-<operation>.json files, or one JSON file keyed by those names.',
  required: true,
  helpValue: 'PATH',
})
