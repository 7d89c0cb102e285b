// Runs the SSM data-channel throughput measurement (not part of `npm test`):
// EMRA_MEASURE=1 npx vitest run -c bench/ssm.vitest.config.ts -t lab
import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {include: ['test/tunnel/ssm-measure.measure.ts'], disableConsoleIntercept: true, testTimeout: 600_000, hookTimeout: 120_000, pool: 'forks'},
})
