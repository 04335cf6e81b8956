/**
 * Watched folders (issue #11) in Debian's Chromium against `soundprint serve`: a file copied into a library
 * folder appears in the table and is analysed with no user action, a deleted one becomes missing, and the
 * "Watch these folders" setting in the folders panel turns watching off and on from the keyboard, and a
 * folder that disappears (an unplugged drive) shows as offline with its tracks missing until it is back.
 * Screenshots of the panel in light and dark go to e2e/artifacts/.
 */
import { copyFileSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import type { Settings, WatchStatus } from '../src/shared/api'
import { ffmpeg, makeTempDir } from '../test/helpers/audio'
import { makeTone } from '../test/helpers/library-fixtures'
import { callApi, importFolder, PageErrors, tid } from './browser'
import { type FixtureLibrary, makeFixtureLibrary } from './fixture-library'
import { type ServeProcess, startServe } from './serve'

const ARTIFACTS = join(import.meta.dirname, 'artifacts')

test.use({ viewport: { width: 1280, height: 800 } })
test.describe.configure({ mode: 'serial' })

let tmp: ReturnType<typeof makeTempDir>
let fixture: FixtureLibrary
let serve: ServeProcess
let staged: string
let stagedAlbum: string
const pageErrors = new PageErrors()

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `watch-${name}.png`) })
const api = <T>(method: string, body: unknown = {}) => callApi<T>(serve.url, method, body)

async function open(page: Page): Promise<void> {
  pageErrors.watch(page)
  await page.goto(`${serve.url}/`)
  await expect(tid(page, 'track-table')).toBeVisible()
}

/** The one row the filter leaves for `title` (the table is virtualised: filter, then look). */
async function rowOf(page: Page, title: string) {
  await tid(page, 'filter-input').fill(title)
  return tid(page, 'track-row').filter({ hasText: title })
}

test.beforeAll(async () => {
  test.setTimeout(240_000)
  mkdirSync(ARTIFACTS, { recursive: true })
  tmp = makeTempDir('soundprint-e2e-watch-')
  fixture = makeFixtureLibrary(join(tmp.dir, 'lib'))
  // Made outside the watched folder, copied in by the test.
  mkdirSync(join(tmp.dir, 'staging'))
  staged = join(tmp.dir, 'staging', 'watched arrival.flac')
  stagedAlbum = join(tmp.dir, 'staging', 'album arrival.flac')
  makeTone(staged, 392, 3)
  ffmpeg(
    '-i',
    staged,
    '-metadata',
    'album=Newly Copied',
    '-metadata',
    'artist=Newcomer',
    '-metadata',
    'title=Album Arrival',
    stagedAlbum,
  )
  serve = await startServe(['--db', join(tmp.dir, 'lib.db'), '--workers', '2'])
  await importFolder(serve.url, fixture.root, fixture.tracks.length)
  await expect
    .poll(async () => (await api<WatchStatus>('watch.status')).roots[0]?.state, { timeout: 20_000 })
    .toBe('watching')
})

test.afterAll(async () => {
  await serve?.stop()
  tmp?.cleanup()
})

test.afterEach(() => pageErrors.expectNone())

test('a file copied into a watched folder appears in the table and is analysed with no user action', async ({
  page,
}) => {
  await open(page)
  await expect(tid(page, 'folders-summary')).toContainText('1 folder · watched')
  const before = Number(await tid(page, 'track-table').getAttribute('data-total'))
  copyFileSync(staged, join(fixture.root, 'Ambient', 'watched arrival.flac'))
  // No click, no reload: the watcher finds it, the importer analyses it, the table follows the events.
  await expect(tid(page, 'track-table')).toHaveAttribute('data-total', String(before + 1), { timeout: 30_000 })
  const row = await rowOf(page, 'watched arrival')
  await expect(row).toHaveCount(1)
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
})

test('a new album copied in appears in the open Albums view by itself', async ({ page }) => {
  pageErrors.watch(page)
  await page.goto(`${serve.url}/#/albums`)
  const tiles = tid(page, 'album-tile')
  await expect(tiles.first()).toBeVisible()
  await expect(tiles.filter({ hasText: 'Newly Copied' })).toHaveCount(0)
  mkdirSync(join(fixture.root, 'Arrivals'))
  copyFileSync(stagedAlbum, join(fixture.root, 'Arrivals', 'album arrival.flac'))
  await expect(tiles.filter({ hasText: 'Newly Copied' })).toHaveCount(1, { timeout: 30_000 })
})

test('a deleted file becomes missing in the table', async ({ page }) => {
  await open(page)
  const row = await rowOf(page, 'watched arrival')
  await expect(row).toHaveAttribute('data-state', 'done')
  rmSync(join(fixture.root, 'Ambient', 'watched arrival.flac'))
  await expect(row).toHaveAttribute('data-state', 'missing', { timeout: 20_000 })
})

test('the folders panel turns watching off and on from the keyboard, readable in light and dark', async ({ page }) => {
  await open(page)
  const summary = tid(page, 'folders-summary')
  await summary.focus()
  await page.keyboard.press('Enter')
  const toggle = tid(page, 'watch-toggle')
  await expect(toggle).toBeVisible()
  await expect(toggle).toBeChecked()
  await expect(tid(page, 'watch-state')).toHaveAttribute('data-state', 'watching')
  await expect(tid(page, 'watch-state')).toHaveText('watched')
  // Tab reaches the checkbox next; Space turns watching off on the server.
  await page.keyboard.press('Tab')
  await expect(toggle).toBeFocused()
  await shot(page, 'panel-light')
  await page.keyboard.press('Space')
  await expect(toggle).not.toBeChecked()
  await expect(summary).toContainText('not watched')
  await expect(tid(page, 'watch-state')).toHaveCount(0)
  expect(await api<Settings>('settings.get')).toEqual({ watchFolders: false })
  expect((await api<WatchStatus>('watch.status')).enabled).toBe(false)
  // Dark theme: the same panel.
  await tid(page, 'theme').click() // the system's light → dark: every press shows the other theme
  await expect(tid(page, 'theme')).toHaveAttribute('data-theme', 'dark')
  if (!(await toggle.isVisible())) await summary.click()
  await expect(toggle).toBeVisible()
  await shot(page, 'panel-dark-off')
  await toggle.focus()
  await page.keyboard.press('Space')
  await expect(toggle).toBeChecked()
  await expect(tid(page, 'watch-state')).toHaveAttribute('data-state', 'watching', { timeout: 10_000 })
  await shot(page, 'panel-dark')
  expect(await api<Settings>('settings.get')).toEqual({ watchFolders: true })
  await page.setViewportSize({ width: 1920, height: 1080 })
  await shot(page, 'panel-dark-1920')
})

test('a folder that disappears shows as offline, its tracks missing, until it is back', async ({ page }) => {
  await open(page)
  const away = `${fixture.root}.unplugged`
  renameSync(fixture.root, away)
  try {
    await expect(tid(page, 'folders-summary')).toContainText('1 offline', { timeout: 15_000 })
    await tid(page, 'folders-summary').click()
    await expect(tid(page, 'watch-state')).toHaveAttribute('data-state', 'offline')
    await expect(page.locator('.folders-pop')).toContainText('its tracks are missing until it is back')
    await expect(tid(page, 'track-row').first()).toHaveAttribute('data-state', 'missing', { timeout: 15_000 })
    await shot(page, 'offline')
  } finally {
    renameSync(away, fixture.root)
  }
  await expect(tid(page, 'folders-summary')).toContainText('1 folder · watched', { timeout: 15_000 })
  await expect(tid(page, 'watch-state')).toHaveAttribute('data-state', 'watching')
  const row = await rowOf(page, 'Low Drone')
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 15_000 })
})
