import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests in Debian's Chromium (Playwright cannot download its own browsers here) against
 * `soundprint serve`, and the Electron test where the Electron binary exists.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 180_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '.playwright-results.json' }]],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
})
