import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // oclif writes through console.log; vitest must not swallow it (libraries.md P14).
    disableConsoleIntercept: true,
    // Integration tests spawn the CLI, the AWS CLI and sshd; a busy 2-core CI machine needs headroom.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
