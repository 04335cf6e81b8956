/**
 * The sonic map's rough edges (issue #11, item 7), in Debian's Chromium against `soundprint serve` over
 * the generated albums collection (e2e/fixture-albums.ts): the legend shows a dimension's values in its
 * unit and what "high" means for a group; colouring by album lists the albums and "no album tag" and the
 * hover names the album; a lasso (the keyboard-reachable toggle, or Shift+drag) selects points whose
 * tracks are queued and saved as a playlist. Screenshots of the map coloured by a dimension and by
 * album, light and dark, at 1280×800 and 1920×1080, go to e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import type { PlaylistSummary, SonicMap, TrackDetail } from '../src/shared/api'
import { makeTempDir } from '../test/helpers/audio'
import { callApi, importFolder, PageErrors, tid } from './browser'
import { type AlbumFixture, makeAlbumLibrary } from './fixture-albums'
import { type ServeProcess, startServe } from './serve'

const ARTIFACTS = join(import.meta.dirname, 'artifacts')

test.use({ viewport: { width: 1280, height: 800 } })
test.describe.configure({ mode: 'serial' })

let tmp: ReturnType<typeof makeTempDir>
let fixture: AlbumFixture
let serve: ServeProcess
const errors = new PageErrors()
const api = <T>(method: string, body: unknown = {}) => callApi<T>(serve.url, method, body)

/** Opens the map coloured by `colorBy` in a theme, and waits until it is drawn. */
async function openMap(page: Page, colorBy: string, theme: 'light' | 'dark' = 'light'): Promise<void> {
  errors.watch(page)
  await page.addInitScript(
    ([c, t]) => {
      localStorage.setItem('soundprint.mapColorBy', JSON.stringify(c))
      localStorage.setItem('soundprint.theme', JSON.stringify(t))
    },
    [colorBy, theme],
  )
  await page.goto(`${serve.url}/`)
  await tid(page, 'nav-map').click()
  await expect(tid(page, 'sonic-map')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 })
  await expect(tid(page, 'map-legend')).toBeVisible()
}

/** Drags a closed lasso through `points` (CSS pixels relative to the map canvas). */
async function drawLasso(page: Page, points: [number, number][], shift: boolean): Promise<void> {
  const box = (await tid(page, 'sonic-map').boundingBox())!
  if (shift) await page.keyboard.down('Shift')
  const [first, ...rest] = points
  await page.mouse.move(box.x + first![0], box.y + first![1])
  await page.mouse.down()
  for (const [x, y] of [...rest, first!]) await page.mouse.move(box.x + x, box.y + y, { steps: 4 })
  await page.mouse.up()
  if (shift) await page.keyboard.up('Shift')
}

test.beforeAll(async () => {
  test.setTimeout(240_000)
  mkdirSync(ARTIFACTS, { recursive: true })
  tmp = makeTempDir('soundprint-e2e-map-')
  fixture = makeAlbumLibrary(tmp.dir)
  serve = await startServe(['--db', join(tmp.dir, 'lib.db'), '--workers', '2'])
  await importFolder(serve.url, fixture.root, 1, 200_000)
  // Every file analysed (or failed) before the map is drawn.
  await expect
    .poll(async () => (await api<{ total: number }>('tracks.query', { state: 'pending', limit: 0 })).total, {
      timeout: 200_000,
    })
    .toBe(0)
})

test.afterAll(async () => {
  await serve?.stop()
  tmp?.cleanup()
})

test.afterEach(() => errors.expectNone())

test("the legend shows a dimension's values in its unit, and what high means for a group", async ({ page }) => {
  const map = await api<SonicMap>('map.get', { colorBy: 'lufs' })
  const lufs = await Promise.all(
    map.ids.map(async (id) => (await api<TrackDetail>('tracks.get', { id })).fingerprint!.lufs),
  )
  await openMap(page, 'lufs')
  const legend = tid(page, 'map-legend')
  await expect(legend).toHaveAttribute('data-kind', 'dimension')
  await expect(legend).toContainText('Loudness')
  const ticks = await tid(page, 'map-legend-tick').allTextContents()
  expect(ticks).toHaveLength(3)
  // Minimum, median and maximum of the mapped tracks, in LUFS.
  for (const t of ticks) expect(t).toMatch(/^−?\d+(\.\d)? LUFS$/)
  const value = (t: string) => Number(t.replace('−', '-').replace(' LUFS', ''))
  expect(value(ticks[0]!)).toBeCloseTo(Math.min(...lufs), 0)
  expect(value(ticks[2]!)).toBeCloseTo(Math.max(...lufs), 0)
  await expect(legend).toContainText('The middle half lies between')

  await tid(page, 'map-color-by').selectOption('rhythm')
  await expect(legend).toHaveAttribute('data-kind', 'group')
  await expect(legend).toContainText('High: higher tempo, pulse clarity, transient density and silence')
})

test('colour by album: the legend lists the albums and the untagged, the hover names the album', async ({ page }) => {
  await openMap(page, 'album')
  const legend = tid(page, 'map-legend')
  await expect(legend).toHaveAttribute('data-kind', 'category')
  const items = tid(page, 'map-legend-category')
  await expect(items.filter({ hasText: fixture.embedded.album })).toContainText(String(fixture.embedded.titles.length))
  await expect(items.filter({ hasText: fixture.folderCover.album })).toContainText(
    String(fixture.folderCover.titles.length),
  )
  await expect(items.filter({ hasText: 'No album tag' })).toHaveCount(1)

  // Find a point drawn in the first category's colour, and hover it.
  const index = Number(await items.first().getAttribute('data-index'))
  expect(index).toBe(0)
  const firstAlbum = (await items.first().getAttribute('title'))!
  const spot = await tid(page, 'sonic-map').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!
    const { data, width } = ctx.getImageData(0, 0, c.width, c.height)
    // CATEGORY_COLORS[0] = #4e79a7.
    for (let i = 0; i < data.length; i += 4) {
      if (
        data[i + 3]! > 200 &&
        Math.abs(data[i]! - 0x4e) < 6 &&
        Math.abs(data[i + 1]! - 0x79) < 6 &&
        Math.abs(data[i + 2]! - 0xa7) < 6
      ) {
        const p = i / 4
        return { x: (p % width) / devicePixelRatio, y: Math.floor(p / width) / devicePixelRatio }
      }
    }
    return null
  })
  expect(spot).not.toBeNull()
  const box = (await tid(page, 'sonic-map').boundingBox())!
  await page.mouse.move(box.x + spot!.x + 2, box.y + spot!.y + 2)
  const tooltip = page.locator('.map-tooltip')
  await expect(tooltip).toContainText(`Album: ${firstAlbum.split(' — ')[0]}`)
})

test('a lasso selects points: queue them, save them as a playlist, Escape clears', async ({ page }) => {
  await openMap(page, 'frequency')
  const canvas = tid(page, 'sonic-map')
  const total = Number(await canvas.getAttribute('data-points'))
  const box = (await canvas.boundingBox())!
  const [w, h] = [box.width, box.height]

  // The lasso toggle is reachable by keyboard: focus it, press Space.
  await tid(page, 'map-lasso').focus()
  await page.keyboard.press('Space')
  await expect(tid(page, 'map-lasso')).toHaveAttribute('aria-pressed', 'true')
  await expect(canvas).toHaveAttribute('data-lasso', 'true')
  // Around the left half of the map: some points, not all.
  await drawLasso(
    page,
    [
      [4, 4],
      [w / 2, 4],
      [w / 2, h - 4],
      [4, h - 4],
    ],
    false,
  )
  const bar = tid(page, 'map-selection')
  await expect(bar).toBeVisible()
  const some = Number(await bar.getAttribute('data-count'))
  expect(some).toBeGreaterThan(0)
  expect(some).toBeLessThan(total)
  await expect(bar).toContainText(`${some} tracks selected`)

  // L turns the lasso off again (the canvas has the focus); Shift+drag still selects: around everything.
  await canvas.focus()
  await page.keyboard.press('l')
  await expect(canvas).toHaveAttribute('data-lasso', 'false')
  await drawLasso(
    page,
    [
      [2, 2],
      [w - 2, 2],
      [w - 2, h - 2],
      [2, h - 2],
    ],
    true,
  )
  await expect(bar).toHaveAttribute('data-count', String(total))
  await shotBoth(page, 'map-lasso')

  // Queue them: every selected track is in the queue, in map order.
  await bar.getByTestId('listen-queue').click()
  await tid(page, 'queue-button').click()
  await expect(tid(page, 'queue-panel')).toHaveAttribute('data-count', String(total))
  await page.keyboard.press('Escape')

  // Save them as a playlist.
  await bar.getByTestId('save-playlist').click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('textbox').fill('From the map')
  await dialog
    .getByRole('button', { name: /create|save/i })
    .first()
    .click()
  await expect
    .poll(
      async () => (await api<PlaylistSummary[]>('playlists.list')).find((p) => p.name === 'From the map')?.trackCount,
    )
    .toBe(total)

  // Escape on the map clears the selection.
  await canvas.focus()
  await page.keyboard.press('Escape')
  await expect(bar).toBeHidden()
})

async function shotBoth(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) })
}

for (const [w, h] of [
  [1280, 800],
  [1920, 1080],
] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`screenshots: by a dimension and by album, ${theme}, ${w}×${h}`, async ({ page }) => {
      await page.setViewportSize({ width: w, height: h })
      for (const colorBy of ['spectral_centroid_hz', 'album']) {
        await openMap(page, colorBy, theme)
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
        await page.screenshot({ path: join(ARTIFACTS, `map-${colorBy}-${theme}-${w}x${h}.png`) })
      }
    })
  }
}
