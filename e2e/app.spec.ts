/**
 * The whole app in Debian's Chromium against `soundprint serve` (a real process on a real SQLite
 * file with real DSP workers), over a music library generated at test time: add the folder, watch the
 * import finish, browse, open a track's radar, re-rank similar tracks with a weight, play audio, draw
 * the sonic map, and see why the corrupt file failed. Screenshots of each screen go to e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { DIMENSIONS } from '../src/shared/dimensions'
import { makeTempDir } from '../test/helpers/audio'
import { AUDIO_LAUNCH_OPTIONS, PageErrors, tid } from './browser'
import { type FixtureLibrary, makeFixtureLibrary } from './fixture-library'
import { type ServeProcess, startServe } from './serve'

const ARTIFACTS = join(import.meta.dirname, 'artifacts')

test.use({ viewport: { width: 1400, height: 900 }, launchOptions: AUDIO_LAUNCH_OPTIONS })
test.describe.configure({ mode: 'serial' })

let tmp: ReturnType<typeof makeTempDir>
let fixture: FixtureLibrary
let serve: ServeProcess
const pageErrors = new PageErrors()

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })

async function open(page: Page, hash = ''): Promise<void> {
  pageErrors.watch(page)
  await page.goto(`${serve.url}/${hash}`)
}

/** Opens a track's page from the library table by its title. */
async function openTrackByTitle(page: Page, title: string): Promise<void> {
  await open(page)
  await tid(page, 'track-row').filter({ hasText: title }).first().click()
  await expect(tid(page, 'track-title')).toHaveText(title)
}

test.beforeAll(async () => {
  test.setTimeout(120_000)
  mkdirSync(ARTIFACTS, { recursive: true })
  tmp = makeTempDir('soundprint-e2e-')
  fixture = makeFixtureLibrary(tmp.dir)
  serve = await startServe(['--db', join(tmp.dir, 'lib.db'), '--workers', '2'])
})

test.afterAll(async () => {
  await serve?.stop()
  tmp?.cleanup()
})

// Errors the page raised fail the test that caused them (a 404 console line for a refused track is fine).
test.afterEach(() => pageErrors.expectNone())

test('adds a folder and the import progress reaches done', async ({ page }) => {
  await open(page)
  await shot(page, '01-empty')
  await tid(page, 'add-folder-input').fill(fixture.root)
  await tid(page, 'add-folder-button').click()
  await expect(tid(page, 'import-progress')).toBeVisible()

  // Sample the bar while the import runs: it must never go backwards.
  const samples: number[] = []
  const phase = tid(page, 'import-phase')
  const deadline = Date.now() + 150_000
  while (Date.now() < deadline) {
    const bar = tid(page, 'progress-bar')
    // The bar goes away when the import finishes, possibly between these two calls: don't wait for it.
    const now =
      (await bar.count()) > 0 ? await bar.getAttribute('aria-valuenow', { timeout: 200 }).catch(() => null) : null
    if (now !== null) samples.push(Number(now))
    if ((await phase.getAttribute('data-phase')) === 'done') break
    await page.waitForTimeout(250)
  }
  await expect(phase).toHaveAttribute('data-phase', 'done')
  for (let i = 1; i < samples.length; i++) expect(samples[i]).toBeGreaterThanOrEqual(samples[i - 1] as number)
  await expect(tid(page, 'count-found')).toHaveText(String(fixture.tracks.length + 1))
  await expect(tid(page, 'count-analysed')).toHaveText(String(fixture.tracks.length))
  await expect(tid(page, 'count-failed')).toHaveText('1')
  // The failure is listed in the panel with its file and a reason.
  const failure = tid(page, 'failure-item')
  await expect(failure).toHaveCount(1)
  await expect(failure).toContainText('Broken Song.mp3')
  expect(((await failure.textContent()) ?? '').replace('Broken Song.mp3', '').trim().length).toBeGreaterThan(15)
  await shot(page, '02-import-done')
})

test('lists the tracks and filters them', async ({ page }) => {
  await open(page)
  const table = tid(page, 'track-table')
  await expect(table).toHaveAttribute('data-total', String(fixture.tracks.length + 1))
  await expect(tid(page, 'track-row')).toHaveCount(fixture.tracks.length + 1)
  for (const t of fixture.tracks)
    await expect(tid(page, 'track-row').filter({ hasText: t.title }).first()).toBeVisible()
  await expect(page.locator('[data-testid="track-row"][data-state="done"]')).toHaveCount(fixture.tracks.length)
  await shot(page, '03-library')

  await tid(page, 'filter-input').fill('noise unit')
  await expect(table).toHaveAttribute('data-total', '4')
  await expect(tid(page, 'track-row')).toHaveCount(4)
  await tid(page, 'filter-input').fill('')
  await expect(table).toHaveAttribute('data-total', String(fixture.tracks.length + 1))
})

test('a track page shows a radar with 25 labelled axes', async ({ page }) => {
  await openTrackByTitle(page, 'Saw Chords')
  const radar = tid(page, 'radar')
  await expect(radar).toBeVisible()
  const axes = radar.getByTestId('radar-axis')
  await expect(axes).toHaveCount(25)
  const labels = await axes.allTextContents()
  expect(labels).toEqual(DIMENSIONS.map((d) => d.label))
  await shot(page, '04-track')
})

test('the similar list is ordered by score and re-ranks when a weight moves', async ({ page }) => {
  await openTrackByTitle(page, 'Saw Chords')
  const items = tid(page, 'similar-item')
  await expect(items.first()).toBeVisible()
  const read = async () =>
    items.evaluateAll((els) =>
      els.map((e) => ({ id: e.getAttribute('data-track-id'), score: Number(e.getAttribute('data-score')) })),
    )
  const before = await read()
  expect(before.length).toBeGreaterThanOrEqual(5)
  const scores = before.map((r) => r.score)
  expect(scores).toEqual([...scores].sort((a, b) => b - a))
  // The re-encoded copy of this recording is the best match.
  await expect(items.first()).toContainText('Saw Chords (copy)')
  await shot(page, '05-similar')

  // Frequency balance off, rhythm at full weight: the ranking must change.
  await page.locator('details.weights > summary').click()
  await tid(page, 'weight-slider-frequency').fill('0')
  await tid(page, 'weight-slider-rhythm').fill((await tid(page, 'weight-slider-rhythm').getAttribute('max')) ?? '3')
  await expect.poll(async () => JSON.stringify(await read()), { timeout: 15_000 }).not.toBe(JSON.stringify(before))
  // The list re-ranks at once from the per-group agreement (an estimate) and is busy until the
  // server's ranking for the new weights replaces it.
  await expect(tid(page, 'similar-list')).toHaveAttribute('aria-busy', 'false', { timeout: 15_000 })
  const after = await read()
  const afterScores = after.map((r) => r.score)
  expect(afterScores).toEqual([...afterScores].sort((a, b) => b - a))
  await shot(page, '06-similar-reweighted')
  // Weights are remembered: a reload keeps the new ranking.
  await page.reload()
  await expect.poll(async () => JSON.stringify(await read()), { timeout: 15_000 }).toBe(JSON.stringify(after))
})

test('playback starts', async ({ page }) => {
  await openTrackByTitle(page, 'Low Drone')
  await tid(page, 'play-button').first().click()
  const player = tid(page, 'audio-player')
  await expect(player).toBeVisible()
  await expect(player).toHaveAttribute('data-playing', 'true', { timeout: 15_000 })
  // The player has two <audio> elements (the next track preloads in the other); the active one plays.
  const audio = page.locator('audio[data-active="true"]')
  await expect
    .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 15_000 })
    .toBeGreaterThan(0.2)
  expect(await audio.evaluate((a: HTMLAudioElement) => a.error)).toBeNull()
  expect(await audio.evaluate((a: HTMLAudioElement) => new URL(a.currentSrc).pathname)).toMatch(/^\/api\/audio\/\d+$/)
  await shot(page, '07-playing')
})

test('the sonic map draws every fingerprinted track', async ({ page }) => {
  await open(page)
  await tid(page, 'nav-map').click()
  const map = tid(page, 'sonic-map')
  await expect(map).toHaveAttribute('data-ready', 'true', { timeout: 20_000 })
  await expect(map).toHaveAttribute('data-points', String(fixture.tracks.length))
  // Pixels that differ from the canvas's background (its corner): the points and axes were drawn.
  const drawn = await map.evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')
    if (!ctx) return -1
    const { data } = ctx.getImageData(0, 0, c.width, c.height)
    const [r0, g0, b0, a0] = [data[0], data[1], data[2], data[3]]
    let n = 0
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== r0 || data[i + 1] !== g0 || data[i + 2] !== b0 || data[i + 3] !== a0) n++
    }
    return n
  })
  expect(drawn).toBeGreaterThan(200)
  await shot(page, '08-sonic-map')
})

test('a corrupt file shows why it failed', async ({ page }) => {
  await open(page)
  const row = page.locator('[data-testid="track-row"][data-state="failed"]')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('Broken Song')
  const reason = (await row.textContent()) ?? ''
  expect(reason.replace('Broken Song', '').trim().length).toBeGreaterThan(15)
  await row.click()
  await expect(tid(page, 'track-title')).toHaveText('Broken Song')
  // #11: a failed track's page says why and what to do, and offers no Play.
  const card = tid(page, 'failed-card')
  await expect(card.locator('.reason')).toContainText(/\w{5,}/)
  await expect(card).toContainText('What to do')
  await expect(page.getByRole('region', { name: /^Track:/ }).getByRole('button', { name: /^play/i })).toHaveCount(0)
  await shot(page, '09-corrupt')
})
