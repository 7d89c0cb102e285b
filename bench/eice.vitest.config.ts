// Runs the EICE throughput measurement (not part of `npm test`): npx vitest run -c bench/eice.vitest.config.ts
import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {include: ['bench/eice-throughput.measure.ts'], disableConsoleIntercept: true, testTimeout: 600_000, hookTimeout: 120_000, pool: 'forks'},
})
