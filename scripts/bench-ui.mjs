#!/usr/bin/env node
// `npm run bench:ui`: how the browser UI copes with a big library, measured in Chromium (playwright-core,
// Debian's /usr/bin/chromium) against `soundprint serve` on synthetic libraries (run `npm run build` first).
//
// For each library size (default 10 000 and 100 000 tracks; --sizes 100000 for one):
//   - a fresh library database: the schema made by the app itself (serve opens and migrates it), then
//     synthetic tracks written straight into its tables in one transaction — realistic tags, and
//     fingerprints drawn from a dozen "styles" so the sonic map has structure;
//   - serve start-up on it (open + similarity index), until it prints its address;
//   - time to first table render: navigation start → first track row in the DOM;
//   - search: typing into the filter box → the table shows the new total and rows (median of several
//     queries; includes the UI's typing debounce, reported separately), and the search request alone
//     (tracks.query with the filter, as the table asks for its first page; median);
//   - table scroll: frame intervals while scrolling fast through the table (median and 95th percentile),
//     then the time until every row in view has its data;
//   - albums view: click the Albums tab → the first album tile in the grid (its albums.query included);
//   - sonic map: click "Sonic map" → canvas drawn (map.get, which serve prepares ahead, included), and
//     the points layer's own redraw time; map.get's response time for a new colour and a cached one, and
//     its size.
// --keep leaves the generated libraries on disk (their folder is printed).
// The last lines print the 100k/10k ratios of the same run (absolute times depend on the machine's load).
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { createJiti } from 'jiti'
import { chromium } from 'playwright-core'

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(REPO, 'bin', 'soundprint.mjs')

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const SIZES = arg('--sizes', '10000,100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

for (const needed of [join(REPO, 'out', 'main', 'cli.js'), join(REPO, 'out', 'renderer', 'index.html')]) {
  if (!existsSync(needed)) {
    console.error(`bench:ui: ${needed} is missing: run \`npm run build\` first`)
    process.exit(2)
  }
}
if (!existsSync(CHROMIUM)) {
  console.error(`bench:ui: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`)
  process.exit(2)
}

// ── the shared dimension table, read from the source so the bench needs no TypeScript loader ─────────
const dimSource = readFileSync(join(REPO, 'src', 'shared', 'dimensions.ts'), 'utf8')
const DIMS = [...dimSource.matchAll(/\{ key: '(\w+)',.*?range: \[(-?[\d.]+), (-?[\d.]+)\]/g)].map((m) => ({
  key: m[1],
  min: Number(m[2]),
  max: Number(m[3]),
}))
const ANALYSIS_VERSION = Number(/export const ANALYSIS_VERSION = (\d+)/.exec(dimSource)?.[1])
if (DIMS.length !== 25 || !Number.isInteger(ANALYSIS_VERSION)) {
  console.error(`bench:ui: could not read the dimension table (${DIMS.length} dimensions)`)
  process.exit(2)
}

// ── deterministic random numbers: the tests' PRNG (mulberry32), so every run builds the same library ──
const { rng } = await createJiti(import.meta.url).import('../test/helpers/signals.ts')

const WORDS =
  'blue night river echo glass summer dust electric velvet golden shadow morning silver ocean fire paper heart city rain wild neon broken quiet northern lost sweet iron winter honey stone'.split(
    ' ',
  )

/** A synthetic library of n tracks in a fresh database whose schema the app created. */
async function makeLibrary(dir, n) {
  const dbPath = join(dir, `lib-${n}.db`)
  // Let the app create and migrate the file: the bench writes into exactly the app's schema.
  const s = await startServe(dbPath)
  await s.stop()

  const db = new Database(dbPath)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  const trackCols = [
    'id',
    'root_id',
    'path',
    'name',
    'size',
    'mtime_ms',
    'content_hash',
    'tagged',
    'title',
    'artist',
    'album',
    'album_artist',
    'track_no',
    'year',
    'genre',
    'duration_sec',
    'codec',
    'bitrate',
    'sample_rate',
    'channels',
    'state',
    'added_at',
    'updated_at',
  ]
  const fpCols = [
    'track_id',
    ...DIMS.map((d) => d.key),
    'duration_sec',
    'sample_rate',
    'channels',
    'codec',
    'analysis_version',
    'analysis_ms',
    'silent',
    'analysed_at',
  ]
  const insTrack = db.prepare(
    `INSERT INTO tracks (${trackCols.join(',')}) VALUES (${trackCols.map(() => '?').join(',')})`,
  )
  const insFp = db.prepare(`INSERT INTO fingerprints (${fpCols.join(',')}) VALUES (${fpCols.map(() => '?').join(',')})`)

  const r = rng(n)
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())
  // A dozen styles: each a centre in every dimension's display range, tracks scattered around one.
  const styles = Array.from({ length: 12 }, () => DIMS.map((d) => d.min + (0.15 + 0.7 * r()) * (d.max - d.min)))
  const artists = Array.from(
    { length: Math.max(50, Math.round(n / 40)) },
    (_, i) => `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]} ${i}`,
  )
  const now = Date.now()
  db.transaction(() => {
    for (let id = 1; id <= n; id++) {
      const artist = artists[Math.floor(r() * artists.length)]
      const album = `${WORDS[Math.floor(r() * WORDS.length)]} ${WORDS[Math.floor(r() * WORDS.length)]}`
      const title = `${WORDS[Math.floor(r() * WORDS.length)]} ${WORDS[Math.floor(r() * WORDS.length)]} ${id}`
      const path = `/synthetic/${artist}/${album}/${String(id % 20).padStart(2, '0')} ${title}.flac`
      const duration = 120 + r() * 240
      insTrack.run(
        id,
        null,
        path,
        title,
        30_000_000,
        now,
        `synthetic-${id}`,
        1,
        title,
        artist,
        album,
        artist,
        (id % 20) + 1,
        1970 + (id % 50),
        'Synthetic',
        duration,
        'flac',
        900_000,
        44_100,
        2,
        'done',
        now,
        now,
      )
      const style = styles[Math.floor(r() * styles.length)]
      const values = DIMS.map((d, i) => {
        const v = style[i] + gauss() * 0.08 * (d.max - d.min)
        return Math.min(d.max, Math.max(d.min, v))
      })
      // The seven band shares sum to 1.
      const bandSum = values.slice(0, 7).reduce((a, b) => a + Math.max(1e-4, b), 0)
      for (let i = 0; i < 7; i++) values[i] = Math.max(1e-4, values[i]) / bandSum
      insFp.run(id, ...values, duration, 44_100, 2, 'flac', ANALYSIS_VERSION, 1000, 0, now)
    }
  })()
  db.close()
  // An import leaves the derived sort and album keys computed (the table's queries refresh them as rows
  // arrive); rows written straight into the tables have none yet: let the app compute them once, so the
  // first table render below measures a library as an import leaves it.
  const s2 = await startServe(dbPath)
  await fetch(`${s2.url}/api/tracks.query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"limit":1}',
  })
  await s2.stop()
  return dbPath
}

/** Starts `soundprint serve` on a database; resolves with its URL once it prints it. */
function startServe(dbPath) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [BIN, 'serve', '--db', dbPath, '--port', '0', '--workers', '1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SOUNDPRINT_TOKEN: '' },
    })
    let out = ''
    let err = ''
    child.stderr.on('data', (c) => (err += c))
    child.stdout.on('data', (c) => {
      out += c
      const m = /open (http:\/\/\S+)/.exec(out)
      if (m) {
        resolve({
          url: m[1].replace(/\/$/, ''),
          startMs: performance.now() - t0,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done()
              child.once('exit', () => done())
              child.kill('SIGTERM')
            }),
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}\n${err}`)))
  })
}

/** A measurement that did not finish in time fails the run, naming what it waited for (never hangs). */
function step(what, promise, ms = 90_000) {
  let timer
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`bench:ui: ${what} did not finish in ${ms / 1000} s`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]

/** Records when the first track row appears, from the very start of the page. */
const FIRST_ROW_SCRIPT = () => {
  new MutationObserver((_, obs) => {
    if (document.querySelector('[data-testid="track-row"]')) {
      window.__firstRowAt = performance.now()
      obs.disconnect()
    }
  }).observe(document, { childList: true, subtree: true })
}

async function measure(browser, url, n) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.addInitScript(FIRST_ROW_SCRIPT)
  await page.goto(`${url}/`)
  await page.waitForFunction(() => window.__firstRowAt !== undefined, null, { timeout: 120_000 })
  await page.waitForFunction(
    (total) => document.querySelector('[data-testid="track-table"]')?.getAttribute('data-total') === String(total),
    n,
  )
  const firstRowMs = await page.evaluate(() => window.__firstRowAt)
  const domContentLoadedMs = await page.evaluate(
    () => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
  )

  // Filter: expected totals from the API, then type each query and wait for the table to show it.
  const queries = ['night', 'blue echo', 'zz-no-match', '12', 'silver', '']
  const filterMs = []
  for (const q of queries) {
    const expected = await page.evaluate(
      async (filter) =>
        (
          await (
            await fetch('/api/tracks.query', {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ filter, limit: 0 }),
            })
          ).json()
        ).total,
      q,
    )
    filterMs.push(
      await step(
        `the search "${q}"`,
        page.evaluate(
          ({ q, expected }) =>
            new Promise((resolve) => {
              const input = document.querySelector('[data-testid="filter-input"]')
              const table = () => document.querySelector('[data-testid="track-table"]')
              const t0 = performance.now()
              // React listens to the native input event; set the value the way a user's typing does.
              Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, q)
              input.dispatchEvent(new Event('input', { bubbles: true }))
              const check = () => {
                // No match: the table gives way to a "No tracks match …" message.
                const done =
                  expected === 0
                    ? !table() && document.querySelector('.state-message h2')?.textContent?.includes(q)
                    : table()?.getAttribute('data-total') === String(expected) &&
                      document.querySelector('[data-testid="track-row"]')
                if (done) resolve(performance.now() - t0)
                else requestAnimationFrame(check)
              }
              requestAnimationFrame(check)
            }),
          { q, expected },
        ),
      ),
    )
  }
  // The search request alone, as the table sends it (its first page).
  const searchApiMs = []
  for (const q of queries.filter(Boolean)) {
    searchApiMs.push(
      await page.evaluate(async (filter) => {
        const t0 = performance.now()
        await (
          await fetch('/api/tracks.query', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ filter, limit: 200 }),
          })
        ).json()
        return performance.now() - t0
      }, q),
    )
  }
  const debounceMs = Number(
    /FILTER_DEBOUNCE_MS = (\d+)/.exec(readFileSync(join(REPO, 'src/renderer/src/stores/library.ts'), 'utf8'))?.[1] ??
      NaN,
  )

  // Scroll fast through the table: 150 frames, 3000 px per frame.
  const frames = await step(
    'the table scroll',
    page.evaluate(
      () =>
        new Promise((resolve) => {
          const body = document.querySelector('[data-testid="track-table"]')
          const deltas = []
          let last = performance.now()
          let i = 0
          const step = () => {
            const t = performance.now()
            deltas.push(t - last)
            last = t
            body.scrollTop += 3000
            if (++i < 150) requestAnimationFrame(step)
            else resolve(deltas.slice(1))
          }
          requestAnimationFrame(step)
        }),
    ),
  )

  // After the fast scroll: until every row in view has its data (the table asks for the pages it shows).
  const settleMs = await step(
    'the rows after the scroll',
    page.evaluate(
      () =>
        new Promise((resolve) => {
          const t0 = performance.now()
          const check = () => {
            if (!document.querySelector('[data-testid="track-table"] .row-loading')) resolve(performance.now() - t0)
            else requestAnimationFrame(check)
          }
          check()
        }),
    ),
  )

  // Albums view: from the click on its tab to the first album tile.
  const albumsMs = await step(
    'the albums view',
    page.evaluate(
      () =>
        new Promise((resolve) => {
          const t0 = performance.now()
          document.querySelector('[data-testid="view-albums"]').click()
          const check = () => {
            if (document.querySelector('[data-testid="album-tile"]')) resolve(performance.now() - t0)
            else requestAnimationFrame(check)
          }
          requestAnimationFrame(check)
        }),
    ),
  )

  // Sonic map: from the click to a drawn canvas (map.get included).
  const mapMs = await step(
    'the sonic map',
    page.evaluate(
      () =>
        new Promise((resolve) => {
          const t0 = performance.now()
          document.querySelector('[data-testid="nav-map"]').click()
          const check = () => {
            const c = document.querySelector('[data-testid="sonic-map"]')
            if (c?.getAttribute('data-ready') === 'true') resolve(performance.now() - t0)
            else requestAnimationFrame(check)
          }
          requestAnimationFrame(check)
        }),
    ),
  )
  // map.get on its own: a colour not asked for yet (computed), then the same again (cached by the core).
  const api = await page.evaluate(async () => {
    const get = async () => {
      const t0 = performance.now()
      const res = await fetch('/api/map.get', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"colorBy":"tempo_bpm"}',
      })
      const text = await res.text()
      const t1 = performance.now()
      JSON.parse(text)
      return { ms: t1 - t0, parseMs: performance.now() - t1, bytes: text.length }
    }
    const computed = await get()
    const cached = await get()
    return { ms: computed.ms, cachedMs: cached.ms, parseMs: cached.parseMs, bytes: cached.bytes }
  })
  const canvas = page.locator('[data-testid="sonic-map"]')
  const points = Number(await canvas.getAttribute('data-points'))
  const drawMs = Number(await canvas.getAttribute('data-draw-ms'))
  await page.close()
  if (errors.length) console.log(`  page errors: ${errors.join('; ')}`)
  return {
    firstRowMs,
    domContentLoadedMs,
    filterMedianMs: median(filterMs),
    filterMaxMs: Math.max(...filterMs),
    searchApiMs: median(searchApiMs),
    searchApiMaxMs: Math.max(...searchApiMs),
    debounceMs,
    albumsMs,
    frameMedianMs: median(frames),
    frameP95Ms: pct(frames, 0.95),
    settleMs,
    mapApiMs: api.ms,
    mapApiCachedMs: api.cachedMs,
    mapParseMs: api.parseMs,
    mapBytes: api.bytes,
    mapScreenMs: mapMs,
    mapDrawMs: drawMs,
    points,
  }
}

const fmt = (ms) => `${ms.toFixed(0)} ms`
const dir = mkdtempSync(join(tmpdir(), 'soundprint-bench-ui-'))
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
})
const results = new Map()
try {
  for (const n of SIZES) {
    const t0 = performance.now()
    const dbPath = await makeLibrary(dir, n)
    const makeMs = performance.now() - t0
    const serve = await startServe(dbPath)
    try {
      const m = await measure(browser, serve.url, n)
      m.serveStartMs = serve.startMs
      results.set(n, m)
      console.log(`\n${n.toLocaleString('en')} tracks (synthetic library written in ${fmt(makeMs)})`)
      console.log(`  serve start-up (open library, similarity index) ${fmt(m.serveStartMs)}`)
      console.log(
        `  first table render                              ${fmt(m.firstRowMs)} after navigation (DOMContentLoaded ${fmt(m.domContentLoadedMs)})`,
      )
      console.log(
        `  search: typed → table updated                   median ${fmt(m.filterMedianMs)}, max ${fmt(m.filterMaxMs)} (includes the ${m.debounceMs} ms typing debounce)`,
      )
      console.log(
        `  search request (tracks.query, first page)       median ${fmt(m.searchApiMs)}, max ${fmt(m.searchApiMaxMs)}`,
      )
      console.log(
        `  table scroll frame interval                     median ${m.frameMedianMs.toFixed(1)} ms, p95 ${m.frameP95Ms.toFixed(1)} ms`,
      )
      console.log(`  rows filled in after the fast scroll            ${fmt(m.settleMs)}`)
      console.log(`  albums view: click → first tile                 ${fmt(m.albumsMs)}`)
      console.log(
        `  sonic map: click → drawn                        ${fmt(m.mapScreenMs)} for ${m.points.toLocaleString('en')} points (points redraw ${m.mapDrawMs.toFixed(1)} ms)`,
      )
      console.log(
        `  map.get (a new colour / cached)                 ${fmt(m.mapApiMs)} / ${fmt(m.mapApiCachedMs)}, ${(m.mapBytes / 1e6).toFixed(1)} MB JSON, parse ${fmt(m.mapParseMs)}`,
      )
    } finally {
      await serve.stop()
    }
  }
  const sizes = [...results.keys()].sort((a, b) => a - b)
  if (sizes.length >= 2) {
    const [a, b] = [sizes[0], sizes[sizes.length - 1]]
    const ra = results.get(a)
    const rb = results.get(b)
    // A ratio over a time too small to measure (< 5 ms) says nothing.
    const ratio = (k) =>
      ra[k] >= 5 ? `${(rb[k] / ra[k]).toFixed(2)}×` : `n/a (${ra[k].toFixed(0)} → ${rb[k].toFixed(0)} ms)`
    console.log(`\nratios ${b.toLocaleString('en')} / ${a.toLocaleString('en')} tracks (same run; ${b / a}× the data):`)
    console.log(
      `  first table render ${ratio('firstRowMs')}, search typed→table ${ratio('filterMedianMs')}, search request ${ratio('searchApiMs')}, scroll frame p95 ${ratio('frameP95Ms')}, rows filled ${ratio('settleMs')}, albums view ${ratio('albumsMs')}, map click→drawn ${ratio('mapScreenMs')}, points redraw ${ratio('mapDrawMs')}, map.get ${ratio('mapApiMs')}`,
    )
  }
} finally {
  await browser.close()
  if (process.argv.includes('--keep')) console.log(`\nlibraries kept in ${dir}`)
  else rmSync(dir, { recursive: true, force: true })
}
