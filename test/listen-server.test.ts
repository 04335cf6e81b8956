/**
 * Issue #10's API over HTTP against a real import (generated music, real DSP workers, real SQLite):
 * the stored sample peak, radio and path with their 4xx errors, playlist CRUD with the
 * `playlists.changed` event, a playlist that survives its file being moved (re-linked by content on
 * rescan), and an M3U8 export/import round trip through non-ASCII folder names with spaces.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FixtureLibrary, makeFixtureLibrary } from '../e2e/fixture-library'
import { type Core, openCore } from '../src/main/core/service'
import { checkExportRequest, exportPlaylistWithDialog } from '../src/main/electron/save-file'
import { type RunningServer, startServer } from '../src/main/server/server'
import type { ApiEvents, PlaylistDetail, PlaylistSummary, ScoredTrack, TrackSummary } from '../src/shared/api'
import { makeTempDir } from './helpers/audio'

let tmp: ReturnType<typeof makeTempDir>
let fixture: FixtureLibrary
let core: Core
let server: RunningServer
let rows: TrackSummary[] = []
const byTitle = (title: string) => rows.find((r) => r.title === title) as TrackSummary

async function post(method: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

async function call<T>(method: string, body: unknown = {}): Promise<T> {
  const { status, json } = await post(method, body)
  if (status !== 200) throw new Error(`${method} → ${status} ${JSON.stringify(json)}`)
  return json as T
}

async function importDone(): Promise<void> {
  const t0 = Date.now()
  for (;;) {
    const s = await core.api['import.status']({})
    if ((s.phase === 'done' || s.phase === 'idle') && s.pending === 0 && s.current.length === 0) return
    if (Date.now() - t0 > 150_000) throw new Error('import did not finish')
    await new Promise((r) => setTimeout(r, 100))
  }
}

const refreshRows = async () => {
  rows = (await core.api['tracks.query']({ limit: 1000 })).rows
}

beforeAll(async () => {
  tmp = makeTempDir('soundprint-listen-')
  fixture = makeFixtureLibrary(tmp.dir)
  core = await openCore({ dbPath: join(tmp.dir, 'lib.db'), workers: 2 })
  server = await startServer({ core, port: 0, version: 'test', rendererDir: null })
  await core.api['library.addRoot']({ path: fixture.root })
  // addRoot starts the scan in the background: wait until it has begun, then until it is done.
  await new Promise((r) => setTimeout(r, 200))
  await importDone()
  await refreshRows()
}, 240_000)

afterAll(async () => {
  await server?.close()
  await core?.close()
  tmp?.cleanup()
})

/** The file's sample peak in dBFS as ffmpeg measures it (volumedetect's max_volume). */
function ffmpegPeakDb(path: string): number {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-nostats', '-i', path, '-af', 'volumedetect', '-f', 'null', '-'], {
    encoding: 'utf8',
  })
  const m = /max_volume:\s*(-?[\d.]+) dB/.exec(r.stderr)
  if (!m) throw new Error(`no max_volume from ffmpeg for ${path}`)
  return Number(m[1])
}

describe('sample peak', () => {
  it('stores each track’s sample peak in dBFS and lists it as peakDb (as ffmpeg measures it)', () => {
    for (const t of fixture.tracks) {
      const row = rows.find((r) => r.path === t.path)!
      expect(row.state).toBe('done')
      expect(row.peakDb, t.path).not.toBeNull()
      // volumedetect reports 0.1 dB steps of a 16-bit histogram.
      expect(row.peakDb!, t.path).toBeCloseTo(ffmpegPeakDb(t.path), 0)
    }
    expect(rows.find((r) => r.path === fixture.corrupt)?.peakDb).toBeNull()
  })

  it('is part of the track detail’s meta too', async () => {
    const detail = await core.api['tracks.get']({ id: byTitle('Low Drone').id })
    expect(detail.meta?.peakDbfs).toBe(detail.peakDb)
  })
})

describe('radio and path over HTTP', () => {
  it('radio.next answers analysed tracks only, never the seed', async () => {
    const seed = byTitle('Low Drone').id
    const { tracks } = await call<{ tracks: ScoredTrack[] }>('radio.next', { seeds: [seed], count: 20 })
    expect(tracks.length).toBeGreaterThan(3)
    for (const t of tracks) {
      expect(t.id).not.toBe(seed)
      expect(t.state).toBe('done')
    }
    expect(tracks.map((t) => t.path)).not.toContain(fixture.corrupt)
  })

  it('path.find answers steps + 2 tracks from FROM to TO', async () => {
    const from = byTitle('Low Drone').id
    const to = byTitle('Fast Ticks').id
    const res = await call<{ tracks: ScoredTrack[] }>('path.find', { from, to, steps: 2 })
    expect(res.tracks.map((t) => t.id)).toHaveLength(4)
    expect(res.tracks[0]!.id).toBe(from)
    expect(res.tracks[3]!.id).toBe(to)
  })

  it('answers 4xx with one clear message for every bad request', async () => {
    const a = byTitle('Low Drone').id
    const b = byTitle('Fast Ticks').id
    const failed = rows.find((r) => r.path === fixture.corrupt)!.id
    const cases: [string, unknown, number, RegExp][] = [
      ['path.find', { from: a, to: a }, 400, /same track/],
      ['path.find', { from: a, to: 987654 }, 404, /TO: no track with id 987654/],
      ['path.find', { from: failed, to: b }, 404, /FROM: track \d+ .*has no fingerprint yet \(state: failed/],
      ['path.find', { from: a, to: b, steps: 30 }, 400, /too small for this path: 30 steps need 32 analysed tracks/],
      ['path.find', { from: a, to: b, steps: 1 }, 400, /steps: must be between 2 and 30/],
      ['radio.next', { seeds: [987654] }, 404, /seed: no track with id 987654/],
      ['radio.next', { seeds: [failed] }, 404, /has no fingerprint yet/],
      ['radio.next', { seeds: [] }, 400, /seeds: needs at least 1 item/],
      ['radio.next', { seeds: [a], count: 101 }, 400, /count: must be between 1 and 100/],
      ['radio.next', { seeds: [a], feedback: [{ id: b, kind: 'meh' }] }, 400, /feedback\[0\]\.kind/],
      ['playlists.get', { id: 987654 }, 404, /no playlist with id 987654/],
      ['playlists.create', { name: '', trackIds: [] }, 400, /name: must not be empty/],
      ['playlists.create', { name: 'x', trackIds: [987654] }, 404, /no track with id 987654/],
      ['playlists.rename', { id: 987654, name: 'x' }, 404, /no playlist/],
    ]
    for (const [method, body, status, message] of cases) {
      const res = await post(method, body)
      expect(res.status, `${method} ${JSON.stringify(body)}`).toBe(status)
      expect(res.json.error).toMatch(message)
      expect(String(res.json.error)).not.toMatch(/\n\s+at /)
    }
  })
})

describe('playlists', () => {
  it('create, rename, reorder, list and delete, each announced by playlists.changed', async () => {
    const events: ApiEvents['playlists.changed'][] = []
    const off = core.on('playlists.changed', (e) => events.push(e))
    try {
      const ids = [byTitle('Low Drone').id, byTitle('Pink Rain').id, byTitle('High Bells').id]
      const p = await call<PlaylistSummary>('playlists.create', { name: 'Evening', trackIds: ids })
      expect(p).toMatchObject({ name: 'Evening', trackCount: 3 })
      expect(p.durationSec).toBeCloseTo(18, 0)
      await call('playlists.rename', { id: p.id, name: 'Late evening' })
      await call('playlists.setTracks', { id: p.id, trackIds: [ids[2], ids[0], ids[2]] })
      const detail = await call<PlaylistDetail>('playlists.get', { id: p.id })
      expect(detail.name).toBe('Late evening')
      expect(detail.tracks.map((t) => t.id)).toEqual([ids[2], ids[0], ids[2]])
      const list = await call<PlaylistSummary[]>('playlists.list')
      expect(list.map((x) => x.name)).toContain('Late evening')
      await call('playlists.delete', { id: p.id })
      expect((await post('playlists.get', { id: p.id })).status).toBe(404)
      expect(events).toEqual([{ ids: [p.id] }, { ids: [p.id] }, { ids: [p.id] }, { ids: [p.id] }])
    } finally {
      off()
    }
  })

  it('keeps working when its file moves (re-linked on rescan), and round-trips through M3U8 with non-ASCII paths', async () => {
    const moved = byTitle('Mid Organ')
    const other = byTitle('Saw Chords')
    const p = await call<PlaylistSummary>('playlists.create', { name: 'Müde Straße', trackIds: [moved.id, other.id] })

    const dest = join(fixture.root, 'Ünïcødé ♫ dir', 'mid organ moved.ogg')
    mkdirSync(dirname(dest), { recursive: true })
    renameSync(moved.path, dest)
    await call('library.rescan', {})
    await new Promise((r) => setTimeout(r, 200))
    await importDone()

    const detail = await call<PlaylistDetail>('playlists.get', { id: p.id })
    expect(detail.tracks.map((t) => t.id)).toEqual([moved.id, other.id])
    expect(detail.tracks[0]).toMatchObject({ path: dest, state: 'done', title: 'Mid Organ' })

    // Export relative to a playlist folder beside the music, import it back from there.
    const playlistDir = join(tmp.dir, 'playlists dir')
    const exported = await call<{ fileName: string; m3u: string }>('playlists.export', {
      id: p.id,
      relativeTo: playlistDir,
    })
    expect(exported.fileName).toBe('Müde Straße.m3u8')
    const lines = exported.m3u.split('\n')
    expect(lines[0]).toBe('#EXTM3U')
    expect(lines[1]).toBe('#EXTINF:6,Fixture Band - Mid Organ')
    expect(lines[2]).toBe('../library/Ünïcødé ♫ dir/mid organ moved.ogg')
    const back = await call<{ playlist: PlaylistSummary; missing: string[] }>('playlists.import', {
      m3u: `${exported.m3u}../library/gone.mp3\nhttp://example.com/stream.mp3\n`,
      name: 'Round trip',
      baseDir: playlistDir,
    })
    expect(back.missing).toEqual(['../library/gone.mp3', 'http://example.com/stream.mp3'])
    const again = await call<PlaylistDetail>('playlists.get', { id: back.playlist.id })
    expect(again.tracks.map((t) => t.id)).toEqual([moved.id, other.id])

    // Absolute export imports without a base folder.
    const abs = await call<{ m3u: string }>('playlists.export', { id: p.id })
    expect(abs.m3u.split('\n')[2]).toBe(dest)
    const absBack = await call<{ playlist: PlaylistSummary; missing: string[] }>('playlists.import', { m3u: abs.m3u })
    expect(absBack).toMatchObject({ missing: [], playlist: { name: 'Imported playlist', trackCount: 2 } })
  })
})

describe('desktop playlist export (the save dialog, IPC.exportPlaylist)', () => {
  it('writes paths relative to the folder the user chose, absolute ones otherwise, nothing on cancel', async () => {
    await refreshRows()
    const a = byTitle('Low Drone')
    const b = byTitle('Pink Rain')
    const p = await call<PlaylistSummary>('playlists.create', { name: 'Desk mix', trackIds: [a.id, b.id] })
    const exporter = core.api['playlists.export']
    const chosen = join(tmp.dir, 'exports', 'sub dir', 'Desk mix.m3u8')
    mkdirSync(dirname(chosen), { recursive: true })
    const proposed: string[] = []
    const dialog = {
      ask: async (defaultPath: string) => {
        proposed.push(defaultPath)
        return chosen
      },
    }

    expect(await exportPlaylistWithDialog(exporter, { id: p.id, relative: true }, '/home/u/Music', dialog)).toBe(
      'Desk mix.m3u8',
    )
    expect(proposed).toEqual(['/home/u/Music/Desk mix.m3u8'])
    const entries = readFileSync(chosen, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
    expect(entries).toHaveLength(2)
    for (const e of entries) expect(e.startsWith('/')).toBe(false)
    expect(entries.map((e) => resolve(dirname(chosen), e))).toEqual([a.path, b.path])

    await exportPlaylistWithDialog(exporter, { id: p.id, relative: false }, '/x', dialog)
    expect(
      readFileSync(chosen, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#')),
    ).toEqual([a.path, b.path])

    const never = join(tmp.dir, 'exports', 'never.m3u8')
    expect(
      await exportPlaylistWithDialog(exporter, { id: p.id, relative: true }, '/x', { ask: async () => null }),
    ).toBe(null)
    expect(existsSync(never)).toBe(false)
  })

  it('refuses arguments that are not a playlist id and a flag', () => {
    expect(checkExportRequest(3, true)).toEqual({ id: 3, relative: true })
    for (const [id, rel] of [
      ['3', true],
      [0, false],
      [1.5, false],
      [3, 'yes'],
    ] as const)
      expect(checkExportRequest(id, rel)).toBeNull()
  })
})
