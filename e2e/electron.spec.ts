/**
 * The desktop app end to end (Playwright's Electron driver), mirroring the browser test: import a
 * generated folder, open a track, see its radar and similar tracks. Needs the Electron binary, which
 * cannot be downloaded on our build machines: there the test is skipped with its reason.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import type { DesktopBridge } from '../src/shared/desktop'
import { makeFixtureLibrary } from './fixture-library'

function electronBinary(): string | null {
  const r = spawnSync(process.execPath, ['-p', "require('electron')"], { encoding: 'utf8' })
  const path = r.stdout?.trim()
  return r.status === 0 && path && existsSync(path) ? path : null
}

const binary = electronBinary()
const hasSqliteForElectron = existsSync(join(process.cwd(), 'native/electron/better_sqlite3.node'))

test.describe('desktop app', () => {
  test.skip(binary === null, 'Electron binary not installed (it cannot be downloaded on this machine)')
  test.skip(
    binary !== null && !hasSqliteForElectron,
    'native/electron/better_sqlite3.node missing: run `npm start` once to build it',
  )

  test('imports a folder, opens a track, shows its radar and similar tracks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'soundprint-electron-'))
    try {
      const lib = makeFixtureLibrary(dir)
      const app = await electron.launch({
        executablePath: binary as string,
        args: ['.', '--no-sandbox'],
        env: { ...process.env, SOUNDPRINT_DB: join(dir, 'library.db') },
      })
      const page = await app.firstWindow()
      // The preload bridge is the only API: add the folder through it, as the native dialog would.
      await page.evaluate(
        (path) => (window as unknown as { soundprint: DesktopBridge }).soundprint.call('library.addRoot', { path }),
        lib.root,
      )
      await expect(page.getByTestId('import-phase')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 })
      const rows = page.getByTestId('track-row').and(page.locator('[data-state="done"]'))
      await expect(rows.first()).toBeVisible()
      await rows.first().click()
      await expect(page.getByTestId('radar')).toBeVisible()
      await expect(page.getByTestId('radar-axis')).toHaveCount(25)
      await expect(page.getByTestId('similar-item').first()).toBeVisible()
      await page.screenshot({ path: 'e2e/artifacts/electron-track.png' })
      await app.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
