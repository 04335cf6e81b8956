/**
 * Import with real files, a real SQLite library and real worker processes (the DSP pool over the built
 * worker): counts and states, incremental rescans, moves, copies, deletions, changes, old analysis versions,
 * interrupted work and the priority queue.
 */
import { copyFileSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Importer, type ImportSummary } from '../src/main/core/importer'
import { Library } from '../src/main/core/library'
import { createNodeSpawner } from '../src/main/core/node-spawner'
import type { ImportProgress } from '../src/shared/api'
import { makeTempDir } from './helpers/audio'
import { type LibraryFixture, makeLibraryFixture, makeTone, readTracks } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-import-')
const dbPath = join(tmp.dir, 'library.db')
let fx: LibraryFixture
let lib: Library

beforeAll(() => {
  fx = makeLibraryFixture(join(tmp.dir, 'music'))
  lib = Library.open(dbPath)
})
afterAll(() => {
  lib?.close()
  tmp.cleanup()
})

const spawner = createNodeSpawner()

async function scan(opts: { workers?: number; progress?: ImportProgress[] } = {}): Promise<ImportSummary> {
  const importer = new Importer({
    library: lib,
    spawner,
    workers: opts.workers ?? 2,
    onProgress: (p) => opts.progress?.push(p),
  })
  const root = lib.addRoot(fx.root)
  try {
    return await importer.scan([root.id])
  } finally {
    await importer.close()
  }
}

const byPath = () => new Map(readTracks(dbPath).map((t) => [t.path, t]))

describe('import', () => {
  let first: ImportSummary
  it('imports a folder: every audio file found, good ones done, broken ones failed with a reason', async () => {
    const progress: ImportProgress[] = []
    first = await scan({ progress })
    expect(first.error).toBeNull()
    const all = fx.good.length + fx.bad.length
    expect(first).toMatchObject({ tracks: all, found: all, analysed: fx.good.length, failed: fx.bad.length })
    const tracks = byPath()
    expect(tracks.size).toBe(all)
    for (const f of fx.good) expect(tracks.get(f), f).toMatchObject({ state: 'done', has_fp: 1, error: null })
    for (const f of fx.bad) {
      const t = tracks.get(f)!
      expect(t.state, f).toBe('failed')
      expect(t.error, f).toMatch(/\w/)
    }
    for (const f of fx.ignored) expect(tracks.has(f)).toBe(false)
    expect(first.failures.map((x) => x.path).sort()).toEqual([...fx.bad].sort())

    // Progress: throttled to ≤ 10 a second, ends with done and consistent counts.
    const last = progress[progress.length - 1]!
    expect(last.phase).toBe('done')
    expect(last).toMatchObject({ found: all, analysed: fx.good.length, failed: fx.bad.length, pending: 0 })
    const phases = new Set(progress.map((p) => p.phase))
    expect(phases.has('analysing')).toBe(true)
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(first.elapsedSec * 10) + 2)
  })

  it('rescans incrementally: nothing is analysed again', async () => {
    const before = byPath()
    const again = await scan()
    expect(again).toMatchObject({
      tracks: before.size,
      analysed: 0,
      failed: 0,
      found: before.size,
      skipped: before.size,
    })
    const after = byPath()
    for (const [p, t] of before) expect(after.get(p)).toEqual(t)
  })

  it('re-links a moved and renamed file to its track and fingerprint without re-analysis', async () => {
    const src = fx.good[0]!
    const dest = join(fx.root, 'nested', 'renamed.wav')
    const before = byPath().get(src)!
    renameSync(src, dest)
    const r = await scan()
    expect(r).toMatchObject({ analysed: 0, failed: 0, tracks: fx.good.length + fx.bad.length, missing: 0 })
    const moved = byPath().get(dest)!
    expect(moved).toMatchObject({ id: before.id, state: 'done', analysed_at: before.analysed_at, has_fp: 1 })
    expect(byPath().has(src)).toBe(false)
    renameSync(dest, src)
    expect((await scan()).analysed).toBe(0)
    expect(byPath().get(src)!.id).toBe(before.id)
  })

  it('analyses the same audio once: a copy gets the fingerprint of the original', async () => {
    const orig = fx.good[2]!
    const copy = join(fx.root, 'nested', 'copy of c.mp3')
    copyFileSync(orig, copy)
    const r = await scan()
    expect(r).toMatchObject({ analysed: 0, tracks: fx.good.length + fx.bad.length + 1 })
    const t = byPath().get(copy)!
    expect(t).toMatchObject({ state: 'done', has_fp: 1 })
    const a = lib.get(t.id)!.fingerprint
    const b = lib.get(byPath().get(orig)!.id)!.fingerprint
    expect(a).toEqual(b)
    rmSync(copy)
  })

  it('two identical new files in one scan are analysed once', async () => {
    const a = join(fx.root, 'twin-a.wav')
    const b = join(fx.root, 'twin-b.wav')
    makeTone(a, 777)
    copyFileSync(a, b)
    const r = await scan()
    expect(r.analysed).toBe(1)
    const tracks = byPath()
    expect(tracks.get(a)).toMatchObject({ state: 'done', has_fp: 1 })
    expect(tracks.get(b)).toMatchObject({ state: 'done', has_fp: 1 })
    rmSync(a)
    rmSync(b)
  })

  it('marks a vanished file missing, keeps its fingerprint, and restores it when it returns', async () => {
    const f = fx.good[3]!
    renameSync(f, join(tmp.dir, 'away.ogg'))
    let r = await scan()
    const gone = byPath().get(f)!
    expect(gone).toMatchObject({ state: 'missing', has_fp: 1 })
    expect(r.missing).toBeGreaterThanOrEqual(1)
    expect(r.newlyMissing).toBeGreaterThanOrEqual(1)
    renameSync(join(tmp.dir, 'away.ogg'), f)
    r = await scan()
    expect(r.analysed).toBe(0)
    expect(byPath().get(f)).toMatchObject({ id: gone.id, state: 'done', has_fp: 1 })
  })

  it('re-analyses a changed file', async () => {
    const f = fx.good[1]!
    const before = byPath().get(f)!
    makeTone(f, 5000, 2)
    const r = await scan()
    expect(r.analysed).toBe(1)
    const after = byPath().get(f)!
    expect(after.id).toBe(before.id)
    expect(after.state).toBe('done')
    expect(after.content_hash).not.toBe(before.content_hash)
  })

  it('re-queues fingerprints of an older analysis version', async () => {
    const f = fx.good[4]!
    const id = byPath().get(f)!.id
    lib.db.prepare('UPDATE fingerprints SET analysis_version = 0 WHERE track_id = ?').run(id)
    const r = await scan()
    expect(r.analysed).toBe(1)
    expect(lib.get(id)!.meta!.analysisVersion).toBeGreaterThanOrEqual(1)
  })

  it('picks up interrupted and pending work without duplicates', async () => {
    const ids = fx.good.slice(0, 3).map((f) => byPath().get(f)!.id)
    lib.db.prepare(`UPDATE tracks SET state = 'analysing' WHERE id = ?`).run(ids[0])
    lib.db.prepare(`UPDATE tracks SET state = 'pending' WHERE id IN (?, ?)`).run(ids[1], ids[2])
    const count = lib.countTracks()
    const importer = new Importer({ library: lib, spawner, workers: 2 })
    const r = await importer.drain()
    await importer.close()
    expect(r.analysed).toBe(3)
    expect(lib.countTracks()).toBe(count)
    for (const id of ids) expect(lib.get(id)!.state).toBe('done')
    expect(lib.countByState()).toMatchObject({ pending: 0, analysing: 0 })
  })

  it('analyses a prioritised track first', async () => {
    const dir = join(fx.root, 'queue')
    const files = Array.from({ length: 5 }, (_, i) => join(dir, `q${i}.wav`))
    mkdirSync(dir, { recursive: true })
    for (const [i, f] of files.entries()) makeTone(f, 400 + 37 * i, 0.5)
    const importer = new Importer({ library: lib, spawner, workers: 1, prefetch: 0 })
    importer.pause()
    const root = lib.addRoot(fx.root)
    const done = importer.scan([root.id])
    // Wait until the walk has recorded the files (nothing is tagged or analysed while paused).
    for (let i = 0; i < 200 && lib.trackIdByPath(files[4]!) === null; i++) await new Promise((r) => setTimeout(r, 50))
    expect(importer.status().phase).toBe('paused')
    expect(lib.countByState().done).toBeLessThan(lib.countTracks())
    const last = lib.trackIdByPath(files[4]!)!
    importer.prioritize(last)
    importer.resume()
    const r = await done
    await importer.close()
    expect(r.analysed).toBe(5)
    const order = readTracks(dbPath)
      .filter((t) => files.includes(t.path))
      .sort((a, b) => a.analysed_at! - b.analysed_at! || a.id - b.id)
    expect(order[0]!.id).toBe(last)
  })

  it('cancels mid-import: claimed tracks go back to pending, and the next run finishes them', async () => {
    const dir = join(fx.root, 'cancel')
    mkdirSync(dir, { recursive: true })
    const files = Array.from({ length: 6 }, (_, i) => join(dir, `c${i}.wav`))
    for (const [i, f] of files.entries()) makeTone(f, 900 + 41 * i, 1)
    let cancelled: Promise<void> | null = null
    const importer = new Importer({
      library: lib,
      spawner,
      workers: 1,
      onProgress: (p) => {
        if (!cancelled && p.analysed >= 1) cancelled = importer.cancel()
      },
    })
    const r = await importer.scan([lib.addRoot(fx.root).id])
    await cancelled
    await importer.close()
    expect(r.cancelled).toBe(true)
    expect(r.analysed).toBeGreaterThanOrEqual(1)
    expect(r.analysed).toBeLessThan(files.length)
    expect(importer.status().phase).toBe('cancelled')
    expect(lib.countByState().analysing).toBe(0)
    expect(lib.countPending()).toBeGreaterThan(0)
    const pendingBefore = lib.countPending()
    const again = new Importer({ library: lib, spawner, workers: 2 })
    const rest = await again.drain()
    await again.close()
    expect(rest.analysed + rest.failed).toBe(pendingBefore)
    for (const f of files) expect(byPath().get(f)).toMatchObject({ state: 'done', has_fp: 1 })
  })
})
