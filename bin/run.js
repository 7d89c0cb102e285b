#!/usr/bin/env node
// The AWS SDK warns on every start under Node 20; it is noise for a CLI user.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
