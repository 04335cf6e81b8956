import { defineConfig } from 'vitest/config'

/**
 * Unit tests sit beside their code (`src/**\/*.test.ts`); tests that cross modules or processes
 * live in `test/`. Integration tests spawn real worker processes from out/ (built by `npm test`).
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
