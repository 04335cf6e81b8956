/**
 * Sonic radio (`radio.next`) and sonic path (`path.find`) through the core's handlers over a real SQLite
 * library filled with known fingerprints (test/helpers/synthetic-library.ts).
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../src/main/core/library'
import { type Core, openCore } from '../src/main/core/service'
import type { ScoredTrack } from '../src/shared/api'
import { makeTempDir } from './helpers/audio'
import { addTrack, fingerprintAt, randomPoints } from './helpers/synthetic-library'

const tmp = makeTempDir('soundprint-radio-')
const db = join(tmp.dir, 'library.db')
const music = join(tmp.dir, 'music')
let core: Core

/** Track ids by role. */
const ids = {
  seed: 0,
  seed2: 0,
  pending: 0,
  nearA: [] as number[],
  nearB: [] as number[],
  nearC: [] as number[],
  short: [] as number[],
  excludedFolder: [] as number[],
  cluster2: [] as number[],
  random: [] as number[],
  lineStart: 0,
  lineEnd: 0,
}

/** A point of the unit cube: every coordinate `base` plus small per-dimension offsets from `jitter`. */
const point = (base: number, jitter: number[] = []) => Array.from({ length: 25 }, (_, i) => base + (jitter[i] ?? 0))

beforeAll(async () => {
  const lib = Library.open(db)
  const root = lib.addRoot(music)
  const gen = lib.nextGeneration()
  let n = 0
  const add = (at: number[], o: { artist?: string | null; folder?: string; durationSec?: number } = {}) =>
    addTrack(lib, root.id, gen, {
      path: join(music, o.folder ?? 'misc', `t${n++}.wav`),
      fingerprint: fingerprintAt(at),
      artist: o.artist === undefined ? `Artist ${n}` : o.artist,
      title: `Track ${n}`,
      durationSec: o.durationSec ?? 200,
    })
  // Seed at 0.3; around it three artists' tracks at increasing distance, interleaved so that an
  // unconstrained ranking would put long runs of one artist first.
  ids.seed = add(point(0.3), { artist: 'Seed Artist' })
  for (let i = 0; i < 6; i++) {
    ids.nearA.push(add(point(0.3 + 0.004 * (i + 1), [0.01]), { artist: 'Alpha' }))
    ids.nearB.push(add(point(0.3 + 0.004 * (i + 1) + 0.03, [0, 0.01]), { artist: 'Beta' }))
    ids.nearC.push(add(point(0.3 + 0.004 * (i + 1) + 0.06, [0, 0, 0.01]), { artist: null, folder: 'untagged' }))
  }
  for (let i = 0; i < 3; i++) ids.short.push(add(point(0.3 + 0.001 * (i + 1)), { durationSec: 20 }))
  for (let i = 0; i < 3; i++) ids.excludedFolder.push(add(point(0.3 + 0.0015 * (i + 1)), { folder: 'skip me' }))
  // A second cluster far away, with its own seed.
  ids.seed2 = add(point(0.75), { artist: 'Seed Two' })
  for (let i = 0; i < 8; i++) ids.cluster2.push(add(point(0.75 - 0.004 * (i + 1), [0, 0, 0, 0.01 * (i % 3)])))
  // Spread of random tracks.
  for (const p of randomPoints(200, 7)) ids.random.push(add(p))
  // A line of tracks from 0.2 to 0.8 along one diagonal, for paths.
  ids.lineStart = add(point(0.2, [0.1]))
  ids.lineEnd = add(point(0.8, [-0.1]))
  for (let i = 1; i < 20; i++) add(point(0.2 + (0.6 * i) / 20, [0.1 - (0.2 * i) / 20]))
  // A track without a fingerprint yet.
  ids.pending = addTrack(lib, root.id, gen, { path: join(music, 'pending.wav') })
  lib.close()
  core = await openCore({ dbPath: db, autoResume: false })
})

afterAll(async () => {
  await core?.close()
  tmp.cleanup()
})

const artistOf = (t: ScoredTrack) => t.artist ?? t.path.slice(0, t.path.lastIndexOf('/'))
const radio = (req: Parameters<Core['api']['radio.next']>[0]) => core.api['radio.next'](req).then((r) => r.tracks)

describe('radio.next', () => {
  it('never repeats a track, never plays a seed or an excluded track, only analysed tracks', async () => {
    const tracks = await radio({ seeds: [ids.seed], count: 40, exclude: [ids.nearA[0]!] })
    expect(tracks).toHaveLength(40)
    const got = tracks.map((t) => t.id)
    expect(new Set(got).size).toBe(40)
    expect(got).not.toContain(ids.seed)
    expect(got).not.toContain(ids.nearA[0])
    expect(got).not.toContain(ids.pending)
    for (const t of tracks) {
      expect(t.state).toBe('done')
      expect(t.score).toBeGreaterThan(0)
      expect(t.score).toBeLessThanOrEqual(1)
    }
  })

  it('continues a radio: what the client sends back as played is never picked again', async () => {
    const first = await radio({ seeds: [ids.seed], count: 10 })
    const second = await radio({ seeds: [ids.seed], count: 10, exclude: first.map((t) => t.id) })
    expect(second).toHaveLength(10)
    for (const t of second) expect(first.map((x) => x.id)).not.toContain(t.id)
  })

  it('allows at most maxArtistRun tracks in a row by one artist (folder when untagged), also across calls', async () => {
    for (const maxArtistRun of [1, 2]) {
      const tracks = await radio({ seeds: [ids.seed], count: 24, rules: { maxArtistRun, minDurationSec: 60 } })
      let run = 1
      for (let i = 1; i < tracks.length; i++) {
        run = artistOf(tracks[i]!) === artistOf(tracks[i - 1]!) ? run + 1 : 1
        expect(run).toBeLessThanOrEqual(maxArtistRun)
      }
    }
    // Without the rule the ranking has longer runs: the rule is what breaks them.
    const free = await radio({ seeds: [ids.seed], count: 24, rules: { maxArtistRun: 100 } })
    const longest = free.reduce(
      (acc, t, i) => {
        const run = i > 0 && artistOf(t) === artistOf(free[i - 1]!) ? acc.run + 1 : 1
        return { run, max: Math.max(acc.max, run) }
      },
      { run: 0, max: 0 },
    )
    expect(longest.max).toBeGreaterThan(2)
    // Two Alpha tracks were just played: the next pick is not Alpha.
    const next = await radio({
      seeds: [ids.seed],
      count: 1,
      recent: ids.nearA.slice(0, 2),
      exclude: ids.nearA.slice(0, 2),
      rules: { minDurationSec: 60, excludeFolders: [join(music, 'skip me')] },
    })
    expect(next[0]!.artist).not.toBe('Alpha')
  })

  it('excludes tracks shorter than minDurationSec and tracks inside excluded folders', async () => {
    const all = await radio({ seeds: [ids.seed], count: 30, rules: { maxArtistRun: 100 } })
    const got = all.map((t) => t.id)
    expect(got.filter((id) => ids.short.includes(id)).length).toBeGreaterThan(0)
    expect(got.filter((id) => ids.excludedFolder.includes(id)).length).toBeGreaterThan(0)
    const ruled = await radio({
      seeds: [ids.seed],
      count: 30,
      rules: { maxArtistRun: 100, minDurationSec: 60, excludeFolders: [join(music, 'skip me')] },
    })
    for (const t of ruled) {
      expect(ids.short).not.toContain(t.id)
      expect(ids.excludedFolder).not.toContain(t.id)
      expect(t.durationSec).toBeGreaterThanOrEqual(60)
    }
  })

  it('"less like this" steers the next picks away from a track, "more like this" pulls towards it', async () => {
    const rules = { maxArtistRun: 100, minDurationSec: 60, excludeFolders: [join(music, 'skip me')] }
    const base = await radio({ seeds: [ids.seed], count: 10, rules })
    const skipped = base[0]!
    const without = await radio({ seeds: [ids.seed], count: 10, rules, exclude: [skipped.id] })
    const after = await radio({
      seeds: [ids.seed],
      count: 10,
      rules,
      exclude: [skipped.id],
      feedback: [{ id: skipped.id, kind: 'less' }],
    })
    expect(after.map((t) => t.id)).not.toEqual(without.map((t) => t.id))
    const sims = (await core.api['similar.query']({ id: skipped.id, k: 1000 })).results
    const meanSim = (ts: ScoredTrack[]) =>
      ts.reduce((a, t) => a + (sims.find((r) => r.id === t.id)?.score ?? 0), 0) / ts.length
    const meanScore = (ts: ScoredTrack[]) => ts.reduce((a, t) => a + t.score, 0) / ts.length
    // The picks move away from the skipped track…
    expect(meanSim(after)).toBeLessThan(meanSim(without))
    // …yet stay close to the seed: the radio does not wander off.
    expect(meanScore(after)).toBeGreaterThan(0.9 * meanScore(without))

    // "More like" a cluster-2 track brings cluster 2 into a radio seeded in cluster 1.
    const plain = await radio({ seeds: [ids.seed], count: 40, rules })
    const pulled = await radio({
      seeds: [ids.seed],
      count: 40,
      rules,
      feedback: [{ id: ids.cluster2[0]!, kind: 'more' }],
    })
    const inCluster2 = (ts: ScoredTrack[]) => ts.filter((t) => ids.cluster2.includes(t.id)).length
    expect(inCluster2(plain)).toBe(0)
    expect(inCluster2(pulled)).toBeGreaterThan(3)
  })

  it('a multi-seed radio stays close to every seed, not only to their average', async () => {
    const tracks = await radio({ seeds: [ids.seed, ids.seed2], count: 20 })
    const cluster1 = [...ids.nearA, ...ids.nearB, ...ids.nearC, ...ids.short, ...ids.excludedFolder]
    expect(tracks.filter((t) => cluster1.includes(t.id)).length).toBeGreaterThan(3)
    expect(tracks.filter((t) => ids.cluster2.includes(t.id)).length).toBeGreaterThan(3)
    for (const t of tracks) expect([ids.seed, ids.seed2]).not.toContain(t.id)
  })

  it('uses the request group weights', async () => {
    const plain = await radio({ seeds: [ids.random[0]!], count: 10 })
    const weighted = await radio({
      seeds: [ids.random[0]!],
      count: 10,
      weights: { frequency: 0, dynamics: 0, spectral: 0, harmony: 0, variation: 0, stereo: 0, rhythm: 1 },
    })
    expect(weighted.map((t) => t.id)).not.toEqual(plain.map((t) => t.id))
  })

  it('answers one clear error for an unknown seed and for a seed without a fingerprint', async () => {
    await expect(radio({ seeds: [999_999] })).rejects.toMatchObject({
      code: 'not_found',
      message: /no track with id 999999/,
    })
    await expect(radio({ seeds: [ids.pending] })).rejects.toMatchObject({
      code: 'not_found',
      message: /has no fingerprint yet \(state: pending/,
    })
  })
})

describe('path.find', () => {
  it('goes from FROM to TO in steps + 2 distinct analysed tracks, each hop at least as similar as FROM to TO', async () => {
    for (const steps of [2, 8, 30]) {
      const res = await core.api['path.find']({ from: ids.lineStart, to: ids.lineEnd, steps })
      expect(res.tracks).toHaveLength(steps + 2)
      expect(res.tracks[0]!.id).toBe(ids.lineStart)
      expect(res.tracks.at(-1)!.id).toBe(ids.lineEnd)
      expect(new Set(res.tracks.map((t) => t.id)).size).toBe(steps + 2)
      expect(res.smooth).toBe(true)
      for (const t of res.tracks.slice(1)) {
        expect(t.state).toBe('done')
        expect(t.score).toBeGreaterThanOrEqual(res.directScore)
      }
    }
  })

  it('scores each step by its similarity to the step before (the first scores 1)', async () => {
    const res = await core.api['path.find']({ from: ids.random[0]!, to: ids.random[1]! })
    expect(res.tracks).toHaveLength(10)
    expect(res.tracks[0]!.score).toBe(1)
    for (let i = 1; i < res.tracks.length; i++) {
      const sim = await core.api['similar.query']({ id: res.tracks[i - 1]!.id, k: 1000 })
      const hop = sim.results.find((r) => r.id === res.tracks[i]!.id)
      expect(res.tracks[i]!.score).toBeCloseTo(hop!.score, 5)
    }
    expect(res.smooth).toBe(res.tracks.slice(1).every((t) => t.score >= res.directScore - 1e-9))
  })

  it('answers one clear error for FROM = TO, unknown and unanalysed tracks, and a library too small', async () => {
    await expect(core.api['path.find']({ from: ids.seed, to: ids.seed })).rejects.toMatchObject({
      code: 'invalid_request',
      message: /same track/,
    })
    await expect(core.api['path.find']({ from: ids.seed, to: 999_999 })).rejects.toMatchObject({
      code: 'not_found',
      message: /TO: no track with id 999999/,
    })
    await expect(core.api['path.find']({ from: ids.pending, to: ids.seed })).rejects.toMatchObject({
      code: 'not_found',
      message: /FROM: .*has no fingerprint yet/,
    })
  })
})

describe('a library too small', () => {
  it('is one clear error for a path and for a radio', async () => {
    const small = makeTempDir('soundprint-radio-small-')
    const path = join(small.dir, 'library.db')
    const lib = Library.open(path)
    const root = lib.addRoot(join(small.dir, 'm'))
    const gen = lib.nextGeneration()
    const a = addTrack(lib, root.id, gen, {
      path: join(small.dir, 'm', 'a.wav'),
      fingerprint: fingerprintAt(point(0.3)),
    })
    const b = addTrack(lib, root.id, gen, {
      path: join(small.dir, 'm', 'b.wav'),
      fingerprint: fingerprintAt(point(0.6)),
    })
    lib.close()
    const c = await openCore({ dbPath: path, autoResume: false })
    try {
      await expect(c.api['path.find']({ from: a, to: b, steps: 2 })).rejects.toMatchObject({
        code: 'invalid_request',
        message: /too small for this path: 2 steps need 4 analysed tracks, it has 2/,
      })
      await expect(c.api['radio.next']({ seeds: [a, b] })).rejects.toMatchObject({
        code: 'invalid_request',
        message: /too small for a radio/,
      })
      expect((await c.api['radio.next']({ seeds: [a] })).tracks.map((t) => t.id)).toEqual([b])
    } finally {
      await c.close()
      small.cleanup()
    }
  })
})
