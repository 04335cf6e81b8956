/**
 * What the browser specs against `soundprint serve` share: Chromium's launch options for tests that play
 * audio, finding elements by test id, failing a test on the errors its page raised, calling the served
 * API directly, and waiting for an import to finish.
 */
import { expect, type Page } from '@playwright/test'
import type { ImportProgress } from '../src/shared/api'

/** Debian's Chromium, headless, allowed to start audio without a click and muted. */
export const AUDIO_LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    // Headless Chromium has no user to click "allow audio"; a click counts, but make it certain.
    '--autoplay-policy=no-user-gesture-required',
    '--mute-audio',
  ],
}

export const tid = (page: Page, id: string) => page.getByTestId(id)

/**
 * Collects the uncaught errors and console errors of the pages it watches; `expectNone` (in afterEach)
 * fails the test that caused them, except for lines matching `ignore` (a refused track's 404 is fine).
 */
export class PageErrors {
  private readonly errors: string[] = []

  watch(page: Page): void {
    page.on('pageerror', (e) => this.errors.push(`${e.name}: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`)
    })
  }

  expectNone(ignore = /Failed to load resource/): void {
    const errors = this.errors.splice(0).filter((e) => !ignore.test(e))
    expect(errors, errors.join('\n')).toEqual([])
  }
}

/** Calls `method` of the API served at `baseUrl`; throws with the status and body when it fails. */
export async function callApi<T>(baseUrl: string, method: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${baseUrl}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method}: HTTP ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** Adds `folder` to the served library and waits until at least `analysed` tracks are analysed and the import is done. */
export async function importFolder(baseUrl: string, folder: string, analysed: number, timeoutMs = 150_000) {
  await callApi(baseUrl, 'library.addRoot', { path: folder })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const s = await callApi<ImportProgress>(baseUrl, 'import.status')
    if (s.phase === 'done' && s.analysed >= analysed) return
    if (Date.now() > deadline) throw new Error(`import did not finish: ${JSON.stringify(s)}`)
    await new Promise((r) => setTimeout(r, 300))
  }
}

/**
 * Screenshots of the page as it is, in the light and dark themes at 1280×800 and 1920×1080, to
 * `${pathPrefix}-<w>x<h>-<theme>.png`; the page gets its theme back and 1280×800 afterwards.
 */
export async function themedShots(page: Page, pathPrefix: string): Promise<void> {
  const before = await page.evaluate(() => document.documentElement.dataset.theme ?? null)
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => {
      document.documentElement.dataset.theme = t
    }, theme)
    for (const [w, h] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width: w, height: h })
      await page.waitForTimeout(150)
      await page.screenshot({ path: `${pathPrefix}-${w}x${h}-${theme}.png` })
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.evaluate((t) => {
    if (t === null) delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = t
  }, before)
}
