/**
 * Listening in Debian's Chromium against a real `soundprint serve` over the generated fixture library
 * (6-second tracks): a radio that auto-advances by itself and learns from an early skip, the queue
 * reordered by keyboard and by drag, saved as a playlist and exported as M3U8 (the downloaded file is
 * checked), a sonic path between two tracks played, the playback keys and the Media Session handlers.
 * Screenshots of the player, the queue, a radio, a path and the playlists go to e2e/artifacts/listen/.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { makeTempDir } from '../test/helpers/audio'
import { AUDIO_LAUNCH_OPTIONS, callApi, importFolder, PageErrors, themedShots, tid } from './browser'
import { type FixtureLibrary, makeFixtureLibrary } from './fixture-library'
import { type ServeProcess, startServe } from './serve'

const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'listen')

test.use({ viewport: { width: 1280, height: 800 }, launchOptions: AUDIO_LAUNCH_OPTIONS })
test.describe.configure({ mode: 'serial' })

let tmp: ReturnType<typeof makeTempDir>
let fixture: FixtureLibrary
let serve: ServeProcess
const pageErrors = new PageErrors()

const player = (page: Page) => tid(page, 'audio-player')
const activeAudio = (page: Page) => page.locator('audio[data-active="true"]')
const playingId = async (page: Page) => Number(await player(page).getAttribute('data-track-id'))

const api = <T>(method: string, body: unknown = {}) => callApi<T>(serve.url, method, body)

async function idOf(title: string): Promise<number> {
  const page = await api<{ rows: { id: number; title: string }[] }>('tracks.query', { filter: title, limit: 5 })
  const row = page.rows.find((r) => r.title === title)
  if (!row) throw new Error(`no track ${title}`)
  return row.id
}

/** Records the Media Session action handlers the page registers, so the test can invoke them like the OS. */
const RECORD_MEDIA_HANDLERS = () => {
  const handlers: Record<string, (d: object) => void> = {}
  ;(window as unknown as { __media: typeof handlers }).__media = handlers
  const ms = navigator.mediaSession
  const original = ms.setActionHandler.bind(ms)
  ms.setActionHandler = (action: MediaSessionAction, handler: MediaSessionActionHandler | null) => {
    if (handler) handlers[action] = handler as (d: object) => void
    else delete handlers[action]
    original(action, handler)
  }
}

async function open(page: Page, hash = ''): Promise<void> {
  pageErrors.watch(page)
  await page.addInitScript(RECORD_MEDIA_HANDLERS)
  await page.goto(`${serve.url}/${hash}`)
}

test.beforeAll(async () => {
  test.setTimeout(180_000)
  mkdirSync(ARTIFACTS, { recursive: true })
  tmp = makeTempDir('soundprint-e2e-listen-')
  fixture = makeFixtureLibrary(tmp.dir)
  serve = await startServe(['--db', join(tmp.dir, 'lib.db'), '--workers', '2'])
  await importFolder(serve.url, fixture.root, fixture.tracks.length)
})

test.afterAll(async () => {
  await serve?.stop()
  tmp?.cleanup()
})

test.afterEach(() => pageErrors.expectNone())

test('a radio from a track plays, advances by itself, and an early skip asks for less like it', async ({ page }) => {
  const seed = await idOf('Low Drone')
  const radioRequests: { seeds: number[]; feedback?: { id: number; kind: string }[]; weights?: object }[] = []
  page.on('request', (r) => {
    if (r.url().endsWith('/api/radio.next')) radioRequests.push(JSON.parse(r.postData() ?? '{}'))
  })
  await open(page, `#/track/${seed}`)
  await tid(page, 'start-radio').first().click()
  await expect(player(page)).toHaveAttribute('data-playing', 'true', { timeout: 15_000 })
  expect(await playingId(page)).toBe(seed)
  expect(radioRequests[0]?.seeds).toEqual([seed])
  expect(radioRequests[0]?.weights).toBeTruthy()

  // Q shows the queue: the seed, then the radio's picks (never the seed again, never twice).
  await page.locator('body').press('q')
  const panel = tid(page, 'queue-panel')
  await expect(panel).toBeVisible()
  await expect(panel).toContainText('Radio')
  const ids = await tid(page, 'queue-item').evaluateAll((els) =>
    els.map((e) => Number(e.getAttribute('data-track-id'))),
  )
  expect(ids[0]).toBe(seed)
  expect(ids.length).toBeGreaterThan(2)
  expect(new Set(ids).size).toBe(ids.length)
  // The playing entry is the marked one.
  const current = tid(page, 'queue-item').and(page.locator('[data-current="true"]'))
  await expect.poll(async () => Number(await current.getAttribute('data-track-id'))).toBe(await playingId(page))
  await themedShots(page, join(ARTIFACTS, 'radio-queue'))

  // The 6-second seed ends and the next pick starts by itself (nothing was clicked).
  await expect.poll(() => playingId(page), { timeout: 20_000 }).not.toBe(seed)
  await expect(player(page)).toHaveAttribute('data-playing', 'true', { timeout: 10_000 })
  const second = await playingId(page)
  expect(ids.slice(1)).toContain(second)

  // Skipping within 30 s counts as "less like this": the next request carries the feedback.
  await tid(page, 'player-next').click()
  await expect.poll(() => playingId(page)).not.toBe(second)
  await expect
    .poll(() => radioRequests.some((r) => r.feedback?.some((f) => f.id === second && f.kind === 'less')))
    .toBe(true)

  // "More like this" pulls toward the playing track.
  const now = await playingId(page)
  await tid(page, 'radio-more').click()
  await expect
    .poll(() => radioRequests.some((r) => r.feedback?.some((f) => f.id === now && f.kind === 'more')))
    .toBe(true)
  await expect(tid(page, 'radio-more')).toBeDisabled()
})

test('the queue reorders by keyboard and by drag, and is saved as a playlist exported as M3U8', async ({ page }) => {
  await open(page)
  // Build a queue from the library's context menu: play one, add three.
  const titles = ['Pink Rain', 'Saw Chords', 'High Bells', 'Mid Organ']
  await expect(tid(page, 'track-row').first()).toBeVisible({ timeout: 15_000 })
  for (const [i, title] of titles.entries()) {
    await tid(page, 'track-row').filter({ hasText: title }).first().click({ button: 'right' })
    await expect(tid(page, 'track-menu')).toBeVisible()
    await tid(page, 'track-menu')
      .getByRole('menuitem', { name: i === 0 ? 'Play now' : 'Add to queue' })
      .click()
  }
  await expect(player(page)).toHaveAttribute('data-playing', 'true', { timeout: 15_000 })
  await tid(page, 'queue-button').click()
  const order = () =>
    tid(page, 'queue-item').evaluateAll((els) => els.map((e) => e.querySelector('.queue-title')?.textContent))
  await expect.poll(order).toEqual(titles)

  // Keyboard: Alt+↓ moves "Saw Chords" below "High Bells", and the focus stays on it.
  await tid(page, 'queue-item').nth(1).locator('.queue-play').focus()
  await page.keyboard.press('Alt+ArrowDown')
  await expect.poll(order).toEqual(['Pink Rain', 'High Bells', 'Saw Chords', 'Mid Organ'])
  await expect(tid(page, 'queue-item').nth(2).locator('.queue-play')).toBeFocused()
  // Drag: "Mid Organ" onto the second place.
  await tid(page, 'queue-item').nth(3).dragTo(tid(page, 'queue-item').nth(1))
  await expect.poll(order).toEqual(['Pink Rain', 'Mid Organ', 'High Bells', 'Saw Chords'])
  // Delete removes.
  await tid(page, 'queue-item').nth(3).locator('.queue-play').focus()
  await page.keyboard.press('Delete')
  await expect.poll(order).toEqual(['Pink Rain', 'Mid Organ', 'High Bells'])
  await themedShots(page, join(ARTIFACTS, 'queue'))

  // Save the queue as a playlist (a name with spaces and non-ASCII).
  await tid(page, 'queue-panel').getByTestId('save-playlist').click()
  const name = 'Road trip — été'
  await page.locator('#save-pl-name').fill(name)
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: `Saved “${name}”` })).toBeVisible()

  await tid(page, 'nav-playlists').click()
  const item = tid(page, 'playlist-item').filter({ hasText: name })
  await expect(item).toContainText('3 tracks')
  await item.click()
  await expect(tid(page, 'playlist-name')).toHaveValue(name)
  await expect(tid(page, 'playlist-track')).toHaveCount(3)
  await themedShots(page, join(ARTIFACTS, 'playlist'))

  const download = page.waitForEvent('download')
  await tid(page, 'playlist-export').click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/\.m3u8$/)
  const m3u = readFileSync(await file.path(), 'utf8')
  const lines = m3u.split(/\r?\n/).filter(Boolean)
  expect(lines[0]).toBe('#EXTM3U')
  const byTitle = (t: string) => fixture.tracks.find((x) => x.title === t)
  const expected = ['Pink Rain', 'Mid Organ', 'High Bells'].map(byTitle)
  const entries = lines.filter((l) => !l.startsWith('#'))
  expect(entries).toEqual(expected.map((t) => t?.path))
  const infos = lines.filter((l) => l.startsWith('#EXTINF:'))
  expect(infos).toHaveLength(3)
  expect(infos[0]).toMatch(/^#EXTINF:6,Noise Unit - Pink Rain$/)

  // Relative paths (remembered): in the browser they start at the folder holding every track, which
  // the status names.
  await tid(page, 'playlist-relative').check()
  const relDownload = page.waitForEvent('download')
  await tid(page, 'playlist-export').click()
  const relEntries = readFileSync(await (await relDownload).path(), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l && !l.startsWith('#'))
  const base = (await page.getByRole('status').filter({ hasText: 'its paths start at' }).textContent())?.match(
    /start at (.*), so keep/,
  )?.[1]
  expect(base).toBeTruthy()
  expect(relEntries.map((e) => join(base!, e))).toEqual(expected.map((t) => t?.path))
  expect(relEntries.every((e) => !e.startsWith('/'))).toBe(true)
  await tid(page, 'playlist-relative').uncheck()

  // Import it back: every entry is in the library; a path that is not gets reported.
  const extra = `${m3u}\n/nowhere/Not here é.flac\n`
  await tid(page, 'playlist-import').setInputFiles({
    name: 'Imported mix.m3u8',
    mimeType: 'audio/x-mpegurl',
    buffer: Buffer.from(extra, 'utf8'),
  })
  const report = tid(page, 'import-report')
  await expect(report).toContainText('3 tracks')
  await expect(report).toContainText('/nowhere/Not here é.flac')
  await expect(tid(page, 'playlist-name')).toHaveValue('Imported mix')
})

test('a sonic path between two tracks is listed with its hops and plays', async ({ page }) => {
  const from = await idOf('Low Drone')
  await open(page, `#/track/${from}`)
  const dialog = tid(page, 'path-dialog')
  // Escape closes the dialog, and only the dialog: the track page stays.
  await tid(page, 'path-open').first().click()
  await expect(dialog).toBeVisible()
  await expect(tid(page, 'path-search')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(page).toHaveURL(new RegExp(`#/track/${from}$`))

  await tid(page, 'path-open').first().click()
  await expect(dialog).toBeVisible()
  await page.locator('#path-steps').fill('3')
  // From the keyboard: type, ↓ into the matches, Enter picks.
  await tid(page, 'path-search').fill('Bells')
  await expect(dialog.getByRole('button', { name: /High Bells/ })).toBeVisible()
  await tid(page, 'path-search').press('ArrowDown')
  await expect(dialog.getByRole('button', { name: /High Bells/ })).toBeFocused()
  await page.keyboard.press('Enter')
  const items = tid(page, 'path-item')
  await expect(items).toHaveCount(5, { timeout: 15_000 })
  const ids = await items.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-track-id'))))
  expect(ids[0]).toBe(from)
  expect(ids[4]).toBe(await idOf('High Bells'))
  expect(new Set(ids).size).toBe(5)
  await themedShots(page, join(ARTIFACTS, 'path'))

  await dialog.getByRole('button', { name: '▶ Play path' }).click()
  await expect(dialog).toBeHidden()
  await expect(player(page)).toHaveAttribute('data-playing', 'true', { timeout: 15_000 })
  expect(await playingId(page)).toBe(from)
  await tid(page, 'queue-button').click()
  await expect(tid(page, 'queue-panel')).toContainText('Path: Low Drone → High Bells')
  await expect(tid(page, 'queue-item')).toHaveCount(5)
  // Escape in the queue closes the queue only: the track page stays, the focus returns to its button.
  await tid(page, 'queue-item').first().locator('.queue-play').focus()
  await page.keyboard.press('Escape')
  await expect(tid(page, 'queue-panel')).toHaveCount(0)
  await expect(page).toHaveURL(new RegExp(`#/track/${from}$`))
  await expect(tid(page, 'queue-button')).toBeFocused()

  // The path is drawn on the sonic map.
  await tid(page, 'nav-map').click()
  await expect(tid(page, 'sonic-map')).toHaveAttribute('data-ready', 'true', { timeout: 15_000 })
  // The legend says what the marks are; the path can be cleared from the map.
  const key = tid(page, 'map-overlay-key')
  await expect(key).toContainText('Path A → B, 5 tracks')
  await expect(key).toContainText('Playing:')
  await themedShots(page, join(ARTIFACTS, 'path-map'))
  await key.getByRole('button', { name: 'Clear' }).click()
  await expect(key).not.toContainText('Path A → B')
})

test('playback keys and Media Session actions drive the player', async ({ page }) => {
  await open(page)
  await expect(tid(page, 'track-row').first()).toBeVisible({ timeout: 15_000 })
  const titles = ['Brown Waves', 'Square Pulse', 'Fast Ticks']
  for (const [i, title] of titles.entries()) {
    await tid(page, 'track-row').filter({ hasText: title }).first().click({ button: 'right' })
    await tid(page, 'track-menu')
      .getByRole('menuitem', { name: i === 0 ? 'Play now' : 'Add to queue' })
      .click()
  }
  await expect(player(page)).toHaveAttribute('data-playing', 'true', { timeout: 15_000 })
  // Repeat the queue, so that next and previous always have somewhere to go on this slow machine.
  await tid(page, 'repeat').click()
  await expect(tid(page, 'repeat')).toHaveAttribute('data-repeat', 'all')
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  const first = await playingId(page)

  // Space pauses and plays.
  await page.keyboard.press('Space')
  await expect(player(page)).toHaveAttribute('data-playing', 'false')
  await page.keyboard.press('Space')
  await expect(player(page)).toHaveAttribute('data-playing', 'true')
  // → seeks 5 s ahead, ← back.
  await activeAudio(page).evaluate((a: HTMLAudioElement) => {
    a.pause()
    a.currentTime = 0
  })
  await page.keyboard.press('ArrowRight')
  await expect.poll(() => activeAudio(page).evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(4.5)
  await page.keyboard.press('ArrowLeft')
  await expect.poll(() => activeAudio(page).evaluate((a: HTMLAudioElement) => a.currentTime)).toBeLessThan(1)
  // The seek slider steps by 5 s.
  await expect(tid(page, 'seek')).toHaveAttribute('step', '5')
  // M mutes (remembered), again unmutes.
  await page.keyboard.press('m')
  await expect(tid(page, 'mute')).toHaveAttribute('aria-pressed', 'true')
  expect(await page.evaluate(() => localStorage.getItem('soundprint.player.muted'))).toBe('true')
  await page.keyboard.press('m')
  await expect(tid(page, 'mute')).toHaveAttribute('aria-pressed', 'false')
  // Shift+→ next, Shift+← previous.
  await page.keyboard.press('Shift+ArrowRight')
  await expect.poll(() => playingId(page)).not.toBe(first)
  await page.keyboard.press('Space') // paused at its start: ← goes to the previous track, not the start of this one
  await expect(player(page)).toHaveAttribute('data-playing', 'false')
  await page.keyboard.press('Shift+ArrowLeft')
  await expect.poll(() => playingId(page)).toBe(first)
  // Q shows and hides the queue.
  await page.keyboard.press('q')
  await expect(tid(page, 'queue-panel')).toBeVisible()
  await page.keyboard.press('q')
  await expect(tid(page, 'queue-panel')).toBeHidden()
  // Keys typed into a text field stay there.
  await tid(page, 'filter-input').fill('')
  await tid(page, 'filter-input').press('m')
  await expect(tid(page, 'mute')).toHaveAttribute('aria-pressed', 'false')
  await tid(page, 'filter-input').fill('')

  // Media Session: metadata for the OS, and its actions as the media keys send them.
  const meta = await page.evaluate(() => ({
    title: navigator.mediaSession.metadata?.title,
    artist: navigator.mediaSession.metadata?.artist,
  }))
  expect(meta.title).toBe(await tid(page, 'player-title').textContent())
  const registered = await page.evaluate(() => Object.keys((window as unknown as { __media: object }).__media).sort())
  for (const a of ['nexttrack', 'pause', 'play', 'previoustrack', 'seekbackward', 'seekforward', 'seekto'])
    expect(registered).toContain(a)
  const media = (action: string, details: object = {}) =>
    page.evaluate(
      ([a, d]) =>
        (window as unknown as { __media: Record<string, (d: object) => void> }).__media[a as string]?.({
          action: a,
          ...(d as object),
        }),
      [action, details] as const,
    )
  await media('pause')
  await expect(player(page)).toHaveAttribute('data-playing', 'false')
  const paused = await playingId(page)
  await media('play')
  await expect(player(page)).toHaveAttribute('data-playing', 'true')
  await media('nexttrack')
  await expect.poll(() => playingId(page)).not.toBe(paused)
  await media('pause')
  const now = await playingId(page)
  await media('seekto', { seekTime: 4 })
  await expect.poll(() => activeAudio(page).evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(3.9)
  await media('previoustrack') // past 3 s: back to the start of this track
  await expect.poll(() => activeAudio(page).evaluate((a: HTMLAudioElement) => a.currentTime)).toBeLessThan(1)
  expect(await playingId(page)).toBe(now)
  await media('play')
  await expect(player(page)).toHaveAttribute('data-playing', 'true')
  await themedShots(page, join(ARTIFACTS, 'player'))
})

test('several library rows, selected with Ctrl/Shift-click and the keyboard, are queued and saved as a playlist', async ({
  page,
}) => {
  await open(page)
  const rows = tid(page, 'track-row')
  await expect(rows.first()).toBeVisible({ timeout: 15_000 })
  const idAt = async (i: number) => Number(await rows.nth(i).getAttribute('data-track-id'))

  // Row 0 is the fixture's broken file (failed: never queued). Ctrl-click row 1, Shift-click row 3
  // (1–3), Ctrl-click row 5: four playable rows, and no track page opened.
  await expect(rows.nth(0)).toHaveAttribute('data-state', 'failed')
  await rows.nth(1).click({ modifiers: ['Control'] })
  await rows.nth(3).click({ modifiers: ['Shift'] })
  await rows.nth(5).click({ modifiers: ['Control'] })
  await expect(tid(page, 'track-table')).toBeVisible()
  const bar = tid(page, 'selection-bar')
  await expect(bar).toContainText('4 selected')
  await expect(page.locator('.row.selected')).toHaveCount(4)
  const chosen = [await idAt(1), await idAt(2), await idAt(3), await idAt(5)]
  await themedShots(page, join(ARTIFACTS, 'selection'))

  await tid(page, 'selection-bar-queue').click()
  await tid(page, 'queue-button').click()
  await expect(tid(page, 'queue-item')).toHaveCount(4)
  await tid(page, 'queue-button').click()

  // Playing the selection over a queue with tracks up next replaces it, and that can be undone.
  await tid(page, 'selection-bar-play').click()
  await expect(tid(page, 'queue-replaced')).toContainText('Queue replaced')
  await tid(page, 'queue-replaced').getByRole('button', { name: 'Undo' }).click()
  await expect(tid(page, 'queue-replaced')).toHaveCount(0)
  await tid(page, 'queue-button').click()
  await expect(tid(page, 'queue-item')).toHaveCount(4)
  await tid(page, 'queue-button').click()

  await tid(page, 'selection-bar-playlist').click()
  const name = 'Picked by hand'
  await page.locator('#save-pl-name').fill(name)
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: `Saved “${name}”` })).toBeVisible()
  const saved = (await api<{ id: number; name: string }[]>('playlists.list')).find((p) => p.name === name)
  expect(saved).toBeDefined()
  const detail = await api<{ tracks: { id: number }[] }>('playlists.get', { id: saved!.id })
  expect(detail.tracks.map((t) => t.id)).toEqual(chosen)

  // Keyboard: Esc clears; Shift+↓ twice from the cursor selects three rows; Ctrl+A selects all.
  await tid(page, 'track-table').focus()
  await page.keyboard.press('Escape')
  await expect(bar).toHaveCount(0)
  await page.keyboard.press('Home')
  await page.keyboard.press('Shift+ArrowDown')
  await page.keyboard.press('Shift+ArrowDown')
  await expect(bar).toContainText('3 selected')
  await page.keyboard.press('Control+a')
  const total = Number(await tid(page, 'track-table').getAttribute('data-total'))
  await expect(bar).toContainText(`${total} selected`)
  // The menu key acts on the whole selection, less what cannot be played.
  const playableRows = await page.locator('.row[data-state="done"]').count()
  await page.keyboard.press('Shift+F10')
  await expect(tid(page, 'track-menu')).toContainText(`Play ${playableRows} tracks`)
  await page.keyboard.press('Escape')

  // The ▶ on a row plays it at once, and the table stays.
  await rows.nth(2).hover()
  await rows.nth(2).locator('.row-play').click()
  await expect(player(page)).toHaveAttribute('data-track-id', String(await idAt(2)))
  await expect(tid(page, 'track-table')).toBeVisible()
})
