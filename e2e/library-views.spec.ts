/**
 * The library as a music lover browses it (issue #11), in Debian's Chromium against `soundprint serve`
 * over a generated collection (e2e/fixture-albums.ts): the albums grid and its sorts, an album page in
 * disc/track order, natural sort and search in the table, ambiguous untagged titles told apart by
 * folder, artists/genres/folders views, and the rough edges: radar labels show their own axis, Escape
 * leaves a track page and focus returns to the row, a closed import summary stays closed, and a
 * stopped server shows "offline" and reconnects by itself. Screenshots go to e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import type { ImportProgress } from '../src/shared/api'
import { makeTempDir } from '../test/helpers/audio'
import { themedShots } from './browser'
import { type AlbumFixture, makeAlbumLibrary } from './fixture-albums'
import { type ServeProcess, startServe } from './serve'

const ARTIFACTS = join(import.meta.dirname, 'artifacts')

test.use({ viewport: { width: 1280, height: 800 } })
test.describe.configure({ mode: 'serial' })

let tmp: ReturnType<typeof makeTempDir>
let fixture: AlbumFixture
let serve: ServeProcess
let db: string
const pageErrors: string[] = []

const tid = (page: Page, id: string) => page.getByTestId(id)
const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `views-${name}.png`) })

async function api<T>(method: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${serve.url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  return (await res.json()) as T
}

async function open(page: Page, hash = ''): Promise<void> {
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`))
  page.on('console', (m) => {
    // A refused request while the server is deliberately stopped is expected.
    if (m.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED|EventSource/.test(m.text()))
      pageErrors.push(`console: ${m.text()}`)
  })
  await page.goto(`${serve.url}/${hash}`)
}

test.beforeAll(async () => {
  test.setTimeout(240_000)
  mkdirSync(ARTIFACTS, { recursive: true })
  tmp = makeTempDir('soundprint-e2e-views-')
  fixture = makeAlbumLibrary(tmp.dir)
  db = join(tmp.dir, 'lib.db')
  serve = await startServe(['--db', db, '--workers', '2'])
  await api('library.addRoot', { path: fixture.root })
  const deadline = Date.now() + 200_000
  for (;;) {
    const p = await api<ImportProgress>('import.status')
    if (p.phase === 'done' && p.pending === 0) break
    if (Date.now() > deadline) throw new Error(`import did not finish: ${JSON.stringify(p)}`)
    await new Promise((r) => setTimeout(r, 500))
  }
})

test.afterAll(async () => {
  await serve?.stop()
  tmp?.cleanup()
})

test.afterEach(() => {
  const errors = pageErrors.splice(0)
  expect(errors, errors.join('\n')).toEqual([])
})

test('the albums grid shows every album and sorts by title, year and album artist', async ({ page }) => {
  await open(page, '#/albums')
  const tiles = tid(page, 'album-tile')
  await expect(tiles).toHaveCount(2)
  // Album artist ascending (the default): Neon Coast before Tide Pool.
  await expect(tiles.first()).toContainText(fixture.embedded.album)
  await tid(page, 'album-sort-title').click()
  await expect(tiles.first()).toContainText(fixture.folderCover.album) // Harbour… before Night…
  await tid(page, 'album-sort-year').click()
  await expect(tiles.first()).toContainText(fixture.embedded.album) // 2019 before 2021
  await tid(page, 'album-sort-year').click() // again: newest first
  await expect(tiles.first()).toContainText(fixture.folderCover.album)
  await shot(page, 'albums')
  // The sort is remembered.
  await page.reload()
  await expect(tiles.first()).toContainText(fixture.folderCover.album)
  await expect(tid(page, 'album-sort-year')).toHaveAttribute('aria-pressed', 'true')
  // Search narrows the grid as you type.
  await page.locator('#album-filter').fill('neon')
  await expect(tiles).toHaveCount(1)
  await expect(tiles.first()).toContainText(fixture.embedded.album)
})

test('an album page lists its tracks in disc and track order with year and total time', async ({ page }) => {
  await open(page, '#/albums')
  await tid(page, 'album-tile').filter({ hasText: fixture.folderCover.album }).locator('.album-open').click()
  await expect(tid(page, 'album-title')).toHaveText(fixture.folderCover.album)
  const page1 = tid(page, 'album-page')
  await expect(page1).toContainText(String(fixture.folderCover.year))
  await expect(page1).toContainText('4 tracks')
  await expect(page1).toContainText('0:16')
  await expect(page1).toContainText('Disc 2')
  const titles = await tid(page, 'album-track').locator('.album-track-title').allTextContents()
  expect(titles).toEqual(fixture.folderCover.titles)
  await shot(page, 'album-page')
  // Play starts the album from its first track.
  await tid(page, 'listen-play').click()
  const first = await tid(page, 'album-track').first().getAttribute('data-track-id')
  await expect(tid(page, 'audio-player')).toHaveAttribute('data-track-id', first!)
  // Radio from the album: a radio seeded with its tracks takes over the queue.
  await tid(page, 'album-page').getByTestId('start-radio').click()
  await tid(page, 'queue-button').click()
  await expect(tid(page, 'radio-stop')).toBeVisible()
  await tid(page, 'queue-button').click()
  // Escape goes back to the grid.
  await page.keyboard.press('Escape')
  await expect(tid(page, 'album-grid')).toBeVisible()
})

/** The natural width of a cover image once it has loaded (0 while loading or when it failed). */
const loadedWidth = (img: ReturnType<Page['locator']>) =>
  img.evaluate((e) => ((e as HTMLImageElement).complete ? (e as HTMLImageElement).naturalWidth : 0))

test('covers from an embedded picture and from cover.jpg show as real images: grid, album page, track page, player, OS', async ({
  page,
}) => {
  await open(page, '#/albums')
  // The grid: thumbnails (256 px wide for these 320 and 400 px images), not the placeholder.
  for (const album of [fixture.embedded.album, fixture.folderCover.album]) {
    const tile = tid(page, 'album-tile').filter({ hasText: album })
    await expect(tile.locator('[data-cover="none"]')).toHaveCount(0)
    await expect.poll(() => loadedWidth(tile.locator('img.cover'))).toBe(256)
  }
  await themedShots(page, join(ARTIFACTS, 'covers-albums'))

  // The album page: the full image (320 px: smaller than the 1200 px limit, kept at its size).
  await tid(page, 'album-tile').filter({ hasText: fixture.embedded.album }).locator('.album-open').click()
  await expect(tid(page, 'album-title')).toHaveText(fixture.embedded.album)
  await expect.poll(() => loadedWidth(page.locator('.album-head-cover img.cover'))).toBe(320)
  // Playing the album: the player shows the thumbnail, and the OS media controls get both sizes.
  await tid(page, 'listen-play').click()
  const player = tid(page, 'audio-player')
  await expect.poll(() => loadedWidth(player.locator('img.player-cover'))).toBe(256)
  const artwork = await page.evaluate(() => navigator.mediaSession.metadata?.artwork.map((a) => a.src) ?? [])
  expect(artwork).toHaveLength(2)
  expect(artwork[0]).toMatch(/\/api\/cover\/[0-9a-f]{32}\?size=thumb$/)
  expect(artwork[1]).toMatch(/\/api\/cover\/[0-9a-f]{32}\?size=full$/)
  expect((await fetch(artwork[1]!)).headers.get('content-type')).toBe('image/jpeg')
  await themedShots(page, join(ARTIFACTS, 'covers-album-page'))

  // The cover.jpg album's page and one of its tracks' pages (400 px).
  await page.keyboard.press('Escape')
  await tid(page, 'album-tile').filter({ hasText: fixture.folderCover.album }).locator('.album-open').click()
  await expect.poll(() => loadedWidth(page.locator('.album-head-cover img.cover'))).toBe(400)
  // Its tracks in the player carry the folder's cover (another image than the embedded album's).
  const embeddedSrc = await player.locator('img.player-cover').getAttribute('src')
  await tid(page, 'listen-play').click()
  const first = await tid(page, 'album-track').first().getAttribute('data-track-id')
  await expect(player).toHaveAttribute('data-track-id', first!)
  await expect(player.locator('img.player-cover')).not.toHaveAttribute('src', embeddedSrc!)
  await expect.poll(() => loadedWidth(player.locator('img.player-cover'))).toBe(256)
  await page.goto(`${serve.url}/#/library`)
  await tid(page, 'track-row').filter({ hasText: 'Gulls' }).click()
  await expect(tid(page, 'track-title')).toHaveText('Gulls')
  await expect.poll(() => loadedWidth(page.locator('.track-head img.track-cover'))).toBe(400)
  await themedShots(page, join(ARTIFACTS, 'covers-track-page'))
  // An untagged track in a folder without an image keeps the placeholder.
  await page.goto(`${serve.url}/#/library`)
  await tid(page, 'track-row').filter({ hasText: 'track11' }).click()
  await expect(page.locator('.track-head [data-cover="none"]')).toBeVisible()
})

test('the table sorts untagged names naturally, tells ambiguous titles apart, and searches as you type', async ({
  page,
}) => {
  await open(page, '#/library')
  const table = tid(page, 'track-table')
  await expect(table).toHaveAttribute('data-total', '12')
  const titles = (await tid(page, 'track-row').locator('.c-title').allTextContents()).map((t) => t.trim())
  const loose = titles.filter((t) => /^track\d+$/.test(t))
  expect(loose).toEqual(fixture.natural)
  // Both song.ogg rows name their folder.
  for (const f of fixture.ambiguousFolders)
    await expect(tid(page, 'track-row').filter({ hasText: `song · ${f}` })).toHaveCount(1)
  // Search over album, then a prefix of a path segment.
  await tid(page, 'filter-input').fill('harbour')
  await expect(table).toHaveAttribute('data-total', '4')
  await tid(page, 'filter-input').fill('demo')
  await expect(table).toHaveAttribute('data-total', '2')
  await tid(page, 'filter-input').fill('')
  await expect(table).toHaveAttribute('data-total', '12')
  // Optional columns: year and track number, remembered across a reload.
  await tid(page, 'columns-menu').click()
  await tid(page, 'column-year').check()
  await tid(page, 'column-trackNo').check()
  await expect(page.locator('.row.header .c-year')).toBeVisible()
  await page.reload()
  await expect(page.locator('.row.header .c-year')).toBeVisible()
  await expect(page.locator('.row.header .c-trackno')).toBeVisible()
  await shot(page, 'tracks')
})

test('artists, genres and folders views show their albums and tracks', async ({ page }) => {
  await open(page, '#/artists')
  await tid(page, 'artist-item').filter({ hasText: fixture.folderCover.artist }).click()
  await expect(tid(page, 'album-tile')).toHaveCount(1)
  await expect(tid(page, 'album-tile')).toContainText(fixture.folderCover.album)
  await shot(page, 'artists')
  await tid(page, 'view-genres').click()
  // The genre list filters as you type.
  const genres = await tid(page, 'genre-item').count()
  await page.locator('#genre-filter').fill('synth')
  await expect(tid(page, 'genre-item')).toHaveCount(1)
  await page.locator('#genre-filter').fill('')
  await expect(tid(page, 'genre-item')).toHaveCount(genres)
  await tid(page, 'genre-item').filter({ hasText: 'Synthwave' }).click()
  await expect(tid(page, 'album-tile')).toHaveCount(1)
  await expect(tid(page, 'album-tile')).toContainText(fixture.embedded.album)
  await tid(page, 'view-folders').click()
  await tid(page, 'folder-item').filter({ hasText: 'Loose' }).click()
  await expect(tid(page, 'track-table')).toHaveAttribute('data-total', '3')
  await shot(page, 'folders')
  // Leaving the folder view shows the whole library again.
  await tid(page, 'view-library').click()
  await expect(tid(page, 'track-table')).toHaveAttribute('data-total', '12')
})

test('each radar label shows its own axis in the tooltip', async ({ page }) => {
  await open(page, '#/library')
  await tid(page, 'track-row').filter({ hasText: 'Gulls' }).click()
  const labels = tid(page, 'radar-axis')
  await expect(labels).toHaveCount(25)
  const tooltip = page.locator('.radar-tooltip')
  for (let i = 0; i < 25; i++) {
    const label = labels.nth(i)
    await label.hover()
    await expect(tooltip).toHaveAttribute('data-key', (await label.getAttribute('data-key'))!)
  }
})

test('Escape leaves a track page and the keyboard continues from the same row', async ({ page }) => {
  await open(page, '#/library')
  const table = tid(page, 'track-table')
  // The keys move the cursor over loaded rows: wait for them (an empty table ignores the keys).
  await expect(tid(page, 'track-row').first()).toBeVisible()
  await table.focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  const id = await page.locator('.row.active').getAttribute('data-track-id')
  await page.keyboard.press('Enter')
  await expect(tid(page, 'track-title')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(table).toBeFocused()
  await expect(page.locator('.row.active')).toHaveAttribute('data-track-id', id!)
  await page.keyboard.press('ArrowDown')
  const next = await page.locator('.row.active').getAttribute('data-track-id')
  expect(next).not.toBe(id)
})

test('the import summary is one line, and stays closed once closed', async ({ page }) => {
  await open(page, '#/library')
  const summary = tid(page, 'import-progress')
  await expect(summary).toBeVisible()
  expect((await summary.boundingBox())!.height).toBeLessThan(60)
  await summary.getByRole('button', { name: 'Close the import summary' }).click()
  await expect(summary).toHaveCount(0)
  await page.reload()
  await expect(tid(page, 'track-table')).toBeVisible()
  await expect(summary).toHaveCount(0)
})

test('a folder already in the library says so', async ({ page }) => {
  await open(page, '#/library')
  await tid(page, 'add-folder-input').fill(join(fixture.root, 'Loose'))
  await tid(page, 'add-folder-button').click()
  await expect(tid(page, 'notice-banner')).toContainText('already in the library')
})

test('a stopped server shows offline and the UI reconnects by itself', async ({ page }) => {
  await open(page, '#/albums')
  await expect(tid(page, 'album-tile')).toHaveCount(2)
  const port = new URL(serve.url).port
  await serve.stop()
  await expect(tid(page, 'offline-banner')).toBeVisible({ timeout: 20_000 })
  await shot(page, 'offline')
  serve = await startServe(['--db', db, '--port', port, '--workers', '1'])
  await expect(tid(page, 'offline-banner')).toHaveCount(0, { timeout: 30_000 })
})
