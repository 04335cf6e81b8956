/**
 * The API contract over HTTP against a real library: a generated folder of music is added through
 * `POST /api/library.addRoot`, its progress arrives over the SSE stream until the import is done,
 * then the tracks, a track's fingerprint, similar tracks, the sonic map and ranged audio are read
 * back through the same routes a browser uses. Real SQLite file, real DSP worker processes.
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FixtureLibrary, makeFixtureLibrary } from '../e2e/fixture-library'
import { type Core, openCore } from '../src/main/core/service'
import { type RunningServer, startServer } from '../src/main/server/server'
import type {
  ImportProgress,
  LibraryRoot,
  SimilarResult,
  SonicMap,
  TrackDetail,
  TrackPage,
  TrackSummary,
} from '../src/shared/api'
import { DIMENSION_KEYS } from '../src/shared/dimensions'
import { makeTempDir } from './helpers/audio'

let tmp: ReturnType<typeof makeTempDir>
let fixture: FixtureLibrary
let core: Core
let server: RunningServer

/** Reads server-sent events from a fetch response, one parsed `{event, data}` at a time. */
async function* sse(res: Response): AsyncGenerator<{ event: string; data: unknown }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += decoder.decode(value, { stream: true })
    let end = buffer.indexOf('\n\n')
    while (end >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      end = buffer.indexOf('\n\n')
      let event = 'message'
      let data: string | null = null
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7)
        else if (line.startsWith('data: ')) data = line.slice(6)
      }
      if (data !== null) yield { event, data: JSON.parse(data) }
    }
  }
}

async function call<T>(method: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${server.url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  const json = (await res.json()) as T
  if (res.status !== 200) throw new Error(`${method} → ${res.status} ${JSON.stringify(json)}`)
  return json
}

const progressEvents: ImportProgress[] = []
let rows: TrackSummary[] = []
const rowByTitle = (title: string) => rows.find((r) => r.title === title) as TrackSummary

beforeAll(async () => {
  tmp = makeTempDir('soundprint-server-api-')
  fixture = makeFixtureLibrary(tmp.dir)
  core = await openCore({ dbPath: join(tmp.dir, 'lib.db'), workers: 2 })
  server = await startServer({ core, port: 0, version: 'test', rendererDir: null })

  // Subscribe first, then add the folder: every progress event of the import must arrive.
  const ac = new AbortController()
  const events = await fetch(`${server.url}/api/events`, { signal: ac.signal })
  expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/)
  const stream = sse(events)
  const first = await stream.next()
  expect(first.value?.event).toBe('import.progress') // the snapshot every new stream starts with
  const root = await call<LibraryRoot>('library.addRoot', { path: fixture.root })
  expect(root.path).toBe(fixture.root)
  const deadline = setTimeout(() => ac.abort(), 150_000)
  try {
    for await (const { event, data } of stream) {
      if (event !== 'import.progress') continue
      const p = data as ImportProgress
      progressEvents.push(p)
      if (p.phase === 'done' && p.pending === 0 && p.current.length === 0) break
    }
  } finally {
    clearTimeout(deadline)
    ac.abort()
  }
  rows = (await call<TrackPage>('tracks.query', { limit: 1000, sort: 'title' })).rows
}, 240_000)

afterAll(async () => {
  await server?.close()
  await core?.close()
  tmp?.cleanup()
})

describe('import over HTTP', () => {
  it('streams import.progress over SSE until the import is done', () => {
    const phases = new Set(progressEvents.map((p) => p.phase))
    expect(phases.has('analysing') || phases.has('discovering')).toBe(true)
    const last = progressEvents.at(-1) as ImportProgress
    expect(last.phase).toBe('done')
    expect(last.found).toBe(fixture.tracks.length + 1)
    expect(last.analysed + last.failed + last.skipped).toBeGreaterThanOrEqual(fixture.tracks.length + 1)
    expect(last.failed).toBeGreaterThanOrEqual(1)
  })

  it('lists every file with its state; the corrupt one failed with a reason', () => {
    expect(rows).toHaveLength(fixture.tracks.length + 1)
    for (const t of fixture.tracks) {
      const row = rows.find((r) => r.path === t.path)
      expect(row?.state, t.path).toBe('done')
    }
    const broken = rows.find((r) => r.path === fixture.corrupt) as TrackSummary
    expect(broken.state).toBe('failed')
    expect(broken.error).toMatch(/\w{4,}/)
  })

  it('filters and sorts through tracks.query', async () => {
    const page = await call<TrackPage>('tracks.query', { filter: 'noise unit', sort: 'title', desc: true })
    expect(page.total).toBe(4)
    expect(page.rows.map((r) => r.title)).toEqual(['Saw Chords (copy)', 'Saw Chords', 'Pink Rain', 'Fast Ticks'])
    const failed = await call<TrackPage>('tracks.query', { state: 'failed' })
    expect(failed.rows.map((r) => r.path)).toEqual([fixture.corrupt])
  })

  it('returns a track with its 25-value fingerprint; an unknown id is a 404', async () => {
    const detail = await call<TrackDetail>('tracks.get', { id: rowByTitle('Low Drone').id })
    expect(Object.keys(detail.fingerprint ?? {}).sort()).toEqual([...DIMENSION_KEYS].sort())
    expect(detail.meta?.durationSec).toBeCloseTo(6, 0)
    const missing = await fetch(`${server.url}/api/tracks.get`, { method: 'POST', body: '{"id":987654}' })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: expect.stringMatching(/987654/), code: 'not_found' })
  })

  it('finds the re-encoded copy as the nearest neighbour, best first', async () => {
    const original = rows.find((r) => r.path === fixture.duplicate.of) as TrackSummary
    const res = await call<SimilarResult>('similar.query', { id: original.id, k: 5 })
    expect(res.query.id).toBe(original.id)
    expect(res.results[0]?.path).toBe(fixture.duplicate.path)
    // Same recording: near-identical in every group, far above the next track.
    expect(res.results[0]?.score).toBeGreaterThan(0.95)
    expect((res.results[0]?.score as number) - (res.results[1]?.score as number)).toBeGreaterThan(0.1)
    const scores = res.results.map((r) => r.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(res.results.map((r) => r.id)).not.toContain(original.id)
  })

  it('draws the sonic map of every fingerprinted track', async () => {
    const map = await call<SonicMap>('map.get', { colorBy: 'rhythm' })
    expect(new Set(map.ids)).toEqual(new Set(rows.filter((r) => r.state === 'done').map((r) => r.id)))
    expect(map.x).toHaveLength(map.ids.length)
    expect(map.colorBy).toBe('rhythm')
    expect(map.explained[0]).toBeGreaterThan(0)
    for (const c of map.color) expect(c >= 0 && c <= 1).toBe(true)
  })
})

describe('GET /api/audio/<id>', () => {
  const audioUrl = (id: number | string) => `${server.url}/api/audio/${id}`

  it('serves the whole file with its MIME type and Accept-Ranges', async () => {
    const wav = rowByTitle('Saw Chords')
    const bytes = readFileSync(wav.path)
    const res = await fetch(audioUrl(wav.id))
    expect(res.status).toBe(200)
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(res.headers.get('content-type')).toMatch(/^audio\/(wav|x-wav|wave)/)
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length)
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
  })

  it('answers ranges with 206 and exactly the requested bytes', async () => {
    const t = rowByTitle('Square Pulse')
    const bytes = readFileSync(t.path)
    const size = statSync(t.path).size
    const cases: [string, number, number][] = [
      ['bytes=0-0', 0, 0],
      ['Bytes=0-9', 0, 9],
      ['bytes=100-1099', 100, 1099],
      ['bytes=1000-', 1000, size - 1],
      ['bytes=-500', size - 500, size - 1],
      [`bytes=${size - 10}-${size + 1000}`, size - 10, size - 1],
    ]
    for (const [range, start, end] of cases) {
      const res = await fetch(audioUrl(t.id), { headers: { Range: range } })
      expect(res.status, range).toBe(206)
      expect(res.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/${size}`)
      expect(Number(res.headers.get('content-length')), range).toBe(end - start + 1)
      const body = Buffer.from(await res.arrayBuffer())
      expect(body.equals(bytes.subarray(start, end + 1)), range).toBe(true)
    }
  })

  it('answers an unsatisfiable range with 416 and the size', async () => {
    const t = rowByTitle('Square Pulse')
    const size = statSync(t.path).size
    const res = await fetch(audioUrl(t.id), { headers: { Range: `bytes=${size}-` } })
    expect(res.status).toBe(416)
    expect(res.headers.get('content-range')).toBe(`bytes */${size}`)
  })

  it('serves the whole file when If-Range names an older version', async () => {
    const t = rowByTitle('Pink Rain')
    const res = await fetch(audioUrl(t.id), { headers: { Range: 'bytes=0-9', 'If-Range': '"stale"' } })
    expect(res.status).toBe(200)
    await res.arrayBuffer()
    const etag = (await fetch(audioUrl(t.id), { method: 'HEAD' })).headers.get('etag') as string
    const fresh = await fetch(audioUrl(t.id), { headers: { Range: 'bytes=0-9', 'If-Range': etag } })
    expect(fresh.status).toBe(206)
    await fresh.arrayBuffer()
  })

  it('streams by id only: unknown ids are 404, anything else 400', async () => {
    expect((await fetch(audioUrl(987654))).status).toBe(404)
    for (const bad of ['abc', '0', '-1', '1.5', '%2Fetc%2Fpasswd', '1e3']) {
      const res = await fetch(audioUrl(bad))
      expect(res.status, bad).toBe(400)
    }
  })
})

describe('browsing over HTTP', () => {
  it('answers 409 naming the library folder when a folder is already in the library', async () => {
    for (const path of [fixture.root, join(fixture.root, 'Ambient')]) {
      const res = await fetch(`${server.url}/api/library.addRoot`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ path }),
      })
      expect(res.status).toBe(409)
      const body = (await res.json()) as { error: string; code: string }
      expect(body.code).toBe('already_in_library')
      expect(body.error).toContain(fixture.root)
    }
  })

  it('serves the folder tree, genres, artists and settings', async () => {
    const roots = await call<{ path: string; trackCount: number; hasChildren: boolean }[]>('folders.children', {})
    expect(roots).toEqual([
      { path: fixture.root, name: expect.any(String), trackCount: fixture.tracks.length + 1, hasChildren: true },
    ])
    const children = await call<{ name: string }[]>('folders.children', { path: fixture.root })
    expect(children.map((c) => c.name)).toContain('Ambient')
    const artists = await call<{ rows: { name: string }[] }>('artists.query', {})
    expect(artists.rows.map((a) => a.name)).toContain('Fixture Band')
    expect(await call('genres.query', {})).toEqual(expect.any(Array))
    expect(await call('settings.get', {})).toEqual({ watchFolders: true })
    expect(await call('settings.set', { watchFolders: true })).toEqual({ watchFolders: true })
  })
})
