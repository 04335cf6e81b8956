/**
 * The core service (`openCore`) over a real library file and real workers: every API method except the
 * transports, progress events throttled to ≤ 10/s, errors with codes, and resuming interrupted work on open.
 */
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Core, openCore } from '../src/main/core/service'
import type { ImportProgress } from '../src/shared/api'
import { DIMENSION_KEYS } from '../src/shared/dimensions'
import { makeTempDir } from './helpers/audio'
import { type LibraryFixture, makeLibraryFixture } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-core-')
const dbPath = join(tmp.dir, 'library.db')
let fx: LibraryFixture
let core: Core
const progress: { t: number; p: ImportProgress }[] = []

beforeAll(async () => {
  fx = makeLibraryFixture(join(tmp.dir, 'music'))
  core = await openCore({ dbPath, workers: 2 })
  core.on('import.progress', (p) => progress.push({ t: Date.now(), p }))
})
afterAll(async () => {
  await core?.close()
  tmp.cleanup()
})

function until(pred: () => boolean, ms = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now()
    const tick = () => {
      if (pred()) return resolve()
      if (Date.now() - t0 > ms) return reject(new Error('timed out'))
      setTimeout(tick, 50)
    }
    tick()
  })
}

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (err) {
    return (err as { code?: string }).code
  }
  return 'resolved'
}

describe('openCore', () => {
  const all = () => fx.good.length + fx.bad.length

  it('adds a folder and imports it, with progress events at most 10 a second', async () => {
    const root = await core.api['library.addRoot']({ path: fx.root })
    expect(root.path).toBe(fx.root)
    await until(() => progress.at(-1)?.p.phase === 'done')
    const last = progress.at(-1)!.p
    expect(last).toMatchObject({ found: all(), analysed: fx.good.length, failed: fx.bad.length, pending: 0 })
    expect(last.recentFailures.length).toBe(fx.bad.length)
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.t - progress[i - 1]!.t).toBeGreaterThanOrEqual(90)
    const roots = await core.api['library.roots']({})
    expect(roots).toHaveLength(1)
    expect(roots[0]).toMatchObject({ id: root.id, trackCount: all() })
    expect(roots[0]!.lastScanAt).toBeGreaterThan(0)
    const done = await core.api['import.status']({})
    expect(done.phase).toBe('done')
    // A finished import's elapsed time stops when it finished (the UI keys a closed summary on it).
    await new Promise((r) => setTimeout(r, 1200))
    expect((await core.api['import.status']({})).elapsedSec).toBe(done.elapsedSec)
  })

  it('refuses a folder already in the library, naming its library folder, and bad folders, with codes', async () => {
    const roots = await core.api['library.roots']({})
    const sub = core.api['library.addRoot']({ path: join(fx.root, 'nested') })
    await expect(sub).rejects.toMatchObject({ code: 'already_in_library' })
    await expect(sub).rejects.toThrow(`inside the library folder ${fx.root}`)
    const same = core.api['library.addRoot']({ path: `${fx.root}/` })
    await expect(same).rejects.toMatchObject({ code: 'already_in_library' })
    await expect(same).rejects.toThrow(`${fx.root} is already a library folder`)
    expect(await core.api['library.roots']({})).toEqual(roots)
    expect(await code(core.api['library.addRoot']({ path: join(tmp.dir, 'nope') }))).toBe('not_found')
    expect(await code(core.api['library.addRoot']({ path: fx.good[0]! }))).toBe('not_a_folder')
    expect(await code(core.api['library.removeRoot']({ id: 9999 }))).toBe('not_found')
    await until(() => !progress.at(-1) || progress.at(-1)!.p.phase === 'done')
  })

  it('queries tracks: filter, state, sort, paging', async () => {
    const page = await core.api['tracks.query']({})
    expect(page.total).toBe(all())
    const titles = page.rows.map((r) => r.title)
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })))
    const failed = await core.api['tracks.query']({ state: 'failed' })
    expect(failed.total).toBe(fx.bad.length)
    for (const r of failed.rows) expect(r.error).toMatch(/\w/)
    const nested = await core.api['tracks.query']({ filter: 'nested' })
    expect(nested.total).toBe(4)
    const byTempo = await core.api['tracks.query']({ sort: 'tempoBpm', desc: true, limit: 3, offset: 1 })
    expect(byTempo.rows).toHaveLength(3)
    expect(byTempo.offset).toBe(1)
    const tempos = byTempo.rows.map((r) => r.tempoBpm!)
    expect(tempos).toEqual([...tempos].sort((a, b) => b - a))
    const pct = await core.api['tracks.query']({ filter: '100%_' })
    expect(pct.total).toBe(0)
  })

  it('returns track details with the fingerprint, similar tracks, stats and the map', async () => {
    const { rows } = await core.api['tracks.query']({ state: 'done' })
    const id = rows[0]!.id
    const t = await core.api['tracks.get']({ id })
    expect(Object.keys(t.fingerprint!)).toEqual([...DIMENSION_KEYS])
    expect(t.meta).toMatchObject({ analysisVersion: expect.any(Number), sampleRate: 44100, channels: 2 })
    expect(t.tags).toHaveProperty('albumArtist')
    expect(t.size).toBeGreaterThan(0)
    expect(await code(core.api['tracks.get']({ id: 99999 }))).toBe('not_found')

    const sim = await core.api['similar.query']({ id, k: 3 })
    expect(sim.query.id).toBe(id)
    expect(sim.results.length).toBe(3)
    for (const r of sim.results) {
      expect(r.id).not.toBe(id)
      expect(r.score).toBeGreaterThanOrEqual(0)
      expect(r.score).toBeLessThanOrEqual(1)
      // The stored timbre descriptor takes part as its own group.
      expect(r.groups.timbre).toBeGreaterThan(0)
      expect(r.groups.timbre).toBeLessThan(1)
    }
    const failedId = (await core.api['tracks.query']({ state: 'failed' })).rows[0]!.id
    expect(await code(core.api['similar.query']({ id: failedId }))).toBe('not_found')

    const stats = await core.api['library.stats']({})
    expect(stats.count).toBe(fx.good.length)
    expect(stats.quantiles.lufs).toHaveLength(101)
    const map = await core.api['map.get']({ colorBy: 'rhythm' })
    expect(map.ids.length).toBe(fx.good.length)
    expect(await code(core.api['map.get']({ colorBy: 'nonsense' as never }))).toBe('invalid_request')
    // #11: a dimension's colour scale in its unit (the minimum, quartiles and maximum of the mapped tracks).
    const byLufs = await core.api['map.get']({ colorBy: 'lufs' })
    const lufs = await Promise.all(
      byLufs.ids.map(async (i) => (await core.api['tracks.get']({ id: i })).fingerprint!.lufs),
    )
    expect(byLufs.valueScale).toHaveLength(5)
    expect(byLufs.valueScale![0]).toBeCloseTo(Math.min(...lufs), 3)
    expect(byLufs.valueScale![4]).toBeCloseTo(Math.max(...lufs), 3)
    expect(byLufs.valueScale).toEqual([...byLufs.valueScale!].sort((a, b) => a - b))
    // …and by folder: the same positions, each point's index naming its own folder.
    const byFolder = await core.api['map.get']({ colorBy: 'folder' })
    expect(byFolder.x).toEqual(map.x)
    expect(byFolder.valueScale).toBeUndefined()
    const cats = byFolder.categories!
    expect(cats.length).toBeGreaterThanOrEqual(2)
    expect(cats.reduce((s, c) => s + c.count, 0) + byFolder.otherCount! + byFolder.missingCount!).toBe(map.ids.length)
    for (const [i, tid] of byFolder.ids.entries()) {
      const path = (await core.api['tracks.get']({ id: tid })).path
      expect(cats[byFolder.color[i]!]!.label).toBe(dirname(path))
    }
    // A selection's tracks by id (the map's lasso).
    const pick = map.ids.slice(0, 3)
    const picked = await core.api['tracks.query']({ ids: pick, limit: 10 })
    expect(picked.total).toBe(3)
    expect(picked.rows.map((r) => r.id).sort()).toEqual([...pick].sort())

    expect(await core.audioFile(id)).toMatchObject({ ok: true, path: t.path, size: t.size })
    expect(await core.audioFile(-1)).toMatchObject({ ok: false, code: 'not_found' })
    expect(await core.audioFile(99999)).toMatchObject({ ok: false, code: 'not_found' })
    expect(await core.audioFile(failedId)).toMatchObject({ ok: false, code: 'not_audio' })
  })

  it('resumes pending and interrupted work when the core opens again', async () => {
    await core.close()
    const db = new Database(dbPath)
    const ids = (
      db.prepare(`SELECT id FROM tracks WHERE state = 'done' ORDER BY id LIMIT 2`).all() as { id: number }[]
    ).map((r) => r.id)
    db.prepare(`UPDATE tracks SET state = 'analysing' WHERE id = ?`).run(ids[0])
    db.prepare(`UPDATE tracks SET state = 'pending' WHERE id = ?`).run(ids[1])
    db.close()
    progress.length = 0
    core = await openCore({ dbPath, workers: 1 })
    core.on('import.progress', (p) => progress.push({ t: Date.now(), p }))
    await until(() => progress.at(-1)?.p.phase === 'done')
    expect(progress.at(-1)!.p.analysed).toBe(2)
    for (const id of ids) expect((await core.api['tracks.get']({ id })).state).toBe('done')
    expect((await core.api['tracks.query']({})).total).toBe(all())
  })

  it('removes a folder with its tracks', async () => {
    const [root] = await core.api['library.roots']({})
    await core.api['library.removeRoot']({ id: root!.id })
    expect(await core.api['library.roots']({})).toEqual([])
    expect((await core.api['tracks.query']({})).total).toBe(0)
    expect((await core.api['library.stats']({})).count).toBe(0)
  })
})
