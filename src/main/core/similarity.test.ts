import { describe, expect, it } from 'vitest'
import { rng } from '../../../test/helpers/signals'
import {
  DIMENSION_COUNT,
  DIMENSION_INDEX,
  DIMENSION_KEYS,
  DIMENSIONS,
  type DimensionKey,
  SIMILARITY_GROUPS,
} from '../../shared/dimensions'
import { covIndex, TIMBRE_LENGTH, TIMBRE_MFCC } from '../../shared/timbre'
import { SimilarityIndex } from './similarity'

/** A plausible random fingerprint: each value uniform in the middle half of its display range. */
function randomValues(r: () => number): Float32Array {
  const v = new Float32Array(DIMENSION_COUNT)
  DIMENSIONS.forEach((d, i) => {
    const [lo, hi] = d.range
    v[i] = lo + (hi - lo) * (0.25 + 0.5 * r())
  })
  return v
}

function withValues(base: Float32Array, changes: Partial<Record<DimensionKey, number>>): Float32Array {
  const v = base.slice()
  for (const [k, x] of Object.entries(changes)) v[DIMENSION_INDEX[k as DimensionKey]] = x as number
  return v
}

/** A library of `n` random tracks with ids 1000…, plus whatever the test adds. */
function library(n: number, seed = 7): SimilarityIndex {
  const r = rng(seed)
  const index = new SimilarityIndex()
  for (let i = 0; i < n; i++) index.upsert({ id: 1000 + i, contentHash: `h${i}`, values: randomValues(r) })
  return index
}

/** A plausible timbre descriptor: cepstral means around `centre`, standard deviations 2–6 dB. */
function randomTimbre(r: () => number, centre = 0): Float32Array {
  const t = new Float32Array(TIMBRE_LENGTH)
  for (let i = 0; i < TIMBRE_MFCC; i++) {
    t[i] = centre + 10 * (r() - 0.5)
    t[covIndex(i, i)] = (2 + 4 * r()) ** 2
  }
  return t
}

const base = randomValues(rng(99))
const GROUPS_WITHOUT_TIMBRE = SIMILARITY_GROUPS.map((g) => g.key).filter((g) => g !== 'timbre')
const ids = (rs: { id: number }[]) => rs.map((r) => r.id)

describe('SimilarityIndex', () => {
  it('excludes the query track, returns k results best first, scores in 0..1', () => {
    const index = library(200)
    index.upsert({ id: 1, contentHash: 'q', values: base })
    const rs = index.query(1, { k: 10 })
    expect(rs).toHaveLength(10)
    expect(ids(rs)).not.toContain(1)
    for (let i = 1; i < rs.length; i++) expect(rs[i - 1]!.score).toBeGreaterThanOrEqual(rs[i]!.score)
    for (const r of rs) {
      expect(r.score).toBeGreaterThan(0)
      expect(r.score).toBeLessThan(1)
      expect(Object.keys(r.groups).sort()).toEqual(SIMILARITY_GROUPS.map((g) => g.key).sort())
      for (const g of Object.values(r.groups)) expect(g).toBeGreaterThan(0)
    }
    // k larger than the library: everything but the query.
    expect(index.query(1, { k: 10_000 })).toHaveLength(200)
    expect(index.query(1, { k: 0 })).toEqual([])
  })

  it('finds the true nearest neighbour among random tracks, with an exhaustive check of the top 50', () => {
    const index = library(3000, 3)
    const rs = index.query(1000, { k: 50 })
    // Brute-force reference: scores of every other track, sorted.
    const all = index.query(1000, { k: 2999 })
    expect(all).toHaveLength(2999)
    expect(ids(rs)).toEqual(ids(all.slice(0, 50)))
  })

  it('scales each dimension by the library spread, so units do not dominate', () => {
    // Centroid varies by thousands of Hz across the library, the mid band by hundredths.
    const r = rng(5)
    const index = new SimilarityIndex()
    for (let i = 0; i < 300; i++) {
      index.upsert({
        id: 1000 + i,
        contentHash: null,
        values: withValues(base, { spectral_centroid_hz: 1000 + 4000 * r(), mid: 0.3 + 0.04 * r() }),
      })
    }
    const q = withValues(base, { spectral_centroid_hz: 3000, mid: 0.32 })
    index.upsert({ id: 1, contentHash: null, values: q })
    // 200 Hz away in centroid: small next to its library spread (~1000 Hz).
    index.upsert({ id: 2, contentHash: null, values: withValues(q, { spectral_centroid_hz: 3200 }) })
    // 0.03 away in the mid band: a raw difference 7000× smaller, but most of the library's spread.
    index.upsert({ id: 3, contentHash: null, values: withValues(q, { mid: 0.35 }) })
    const rs = index.query(1, { k: 400 })
    const pos = (id: number) => ids(rs).indexOf(id)
    expect(pos(2)).toBeLessThan(pos(3))
    const spectral = rs.find((x) => x.id === 2)!.groups
    const freq = rs.find((x) => x.id === 3)!.groups
    expect(spectral.spectral).toBeGreaterThan(0.9)
    expect(freq.frequency).toBeLessThan(spectral.frequency)
  })

  it('refreshes the scaling as the library grows', () => {
    const r = rng(11)
    const index = new SimilarityIndex()
    // At first the library agrees closely on bass…
    for (let i = 0; i < 100; i++) {
      index.upsert({ id: 1000 + i, contentHash: null, values: withValues(base, { bass: 0.3 + 0.02 * r() }) })
    }
    index.upsert({ id: 1, contentHash: null, values: withValues(base, { bass: 0.3 }) })
    index.upsert({ id: 2, contentHash: null, values: withValues(base, { bass: 0.33 }) })
    const before = index.query(1, { k: 200 }).find((x) => x.id === 2)!.groups.frequency
    // …then thousands of tracks with bass shares all over the place arrive: 0.03 is now a small difference.
    for (let i = 0; i < 2000; i++) {
      index.upsert({ id: 5000 + i, contentHash: null, values: withValues(base, { bass: 0.05 + 0.5 * r() }) })
    }
    const after = index.query(1, { k: 3000 }).find((x) => x.id === 2)!.groups.frequency
    expect(after).toBeGreaterThan(before + 0.1)
  })

  it('changes the ranking when group weights change, and ignores a group weighted 0', () => {
    const index = library(200)
    index.upsert({ id: 1, contentHash: null, values: base })
    // 2: different stereo image only. 3: different rhythm only.
    index.upsert({
      id: 2,
      contentHash: null,
      values: withValues(base, { stereo_width: 0.95, phase_correlation: -0.6 }),
    })
    index.upsert({
      id: 3,
      contentHash: null,
      values: withValues(base, { rhythm_stability: 0.05, transient_density: 9, silence_ratio: 0.9 }),
    })
    const rank = (weights?: Record<string, number>) => {
      const rs = index.query(1, { k: 300, weights })
      return [ids(rs).indexOf(2), ids(rs).indexOf(3), rs] as const
    }
    const [stereoIgnored2, stereoIgnored3, rs1] = rank({ stereo: 0 })
    expect(stereoIgnored2).toBe(0)
    expect(rs1[0]!.score).toBeCloseTo(1, 6) // nothing else differs
    expect(stereoIgnored3).toBeGreaterThan(0)
    const [rhythmIgnored2, rhythmIgnored3] = rank({ rhythm: 0 })
    expect(rhythmIgnored3).toBe(0)
    expect(rhythmIgnored2).toBeGreaterThan(0)
    // Raising a weight makes that group's difference cost more.
    const [, , plain] = rank()
    const [, , heavy] = rank({ stereo: 5 })
    const score = (rs: typeof plain, id: number) => rs.find((x) => x.id === id)!.score
    expect(score(heavy, 2)).toBeLessThan(score(plain, 2))
    // The per-group agreement does not depend on the weights.
    expect(heavy.find((x) => x.id === 2)!.groups).toEqual(plain.find((x) => x.id === 2)!.groups)
  })

  it('rejects invalid weights and unknown tracks with clear errors', () => {
    const index = library(20)
    expect(() => index.query(1000, { weights: { rhythm: -1 } })).toThrow(/rhythm/)
    expect(() => index.query(1000, { weights: { rhythm: Number.NaN } })).toThrow(/rhythm/)
    const zero = Object.fromEntries(SIMILARITY_GROUPS.map((g) => [g.key, 0]))
    expect(() => index.query(1000, { weights: zero })).toThrow(/greater than 0/)
    expect(() => index.query(4242)).toThrow(/4242/)
    const bad = base.slice()
    bad[3] = Number.NaN
    expect(() => index.upsert({ id: 1, contentHash: null, values: bad })).toThrow(/non-finite mid/)
    expect(() => index.upsert({ id: 1, contentHash: null, values: new Float32Array(3) })).toThrow(/25/)
  })

  it('treats tempo octave-aware: 60 and 240 BPM are close to 120, 85 BPM is not', () => {
    const index = library(300)
    const at = (bpm: number) => withValues(base, { tempo_bpm: bpm })
    index.upsert({ id: 1, contentHash: null, values: at(120) })
    index.upsert({ id: 2, contentHash: null, values: at(60) })
    index.upsert({ id: 3, contentHash: null, values: at(240) })
    index.upsert({ id: 4, contentHash: null, values: at(85) })
    index.upsert({ id: 5, contentHash: null, values: at(121) })
    index.upsert({ id: 6, contentHash: null, values: at(61) })
    const rs = index.query(1, { k: 400 })
    const rhythm = (id: number) => rs.find((x) => x.id === id)!.groups.rhythm
    const pos = (id: number) => ids(rs).indexOf(id)
    expect(rhythm(2)).toBeGreaterThan(0.8)
    expect(rhythm(3)).toBeGreaterThan(0.8)
    expect(rhythm(4)).toBeLessThan(rhythm(2) - 0.3)
    expect(pos(2)).toBeLessThan(pos(4))
    expect(pos(3)).toBeLessThan(pos(4))
    // The same tempo beats the octave (a small penalty per octave), 61 is nearly as good as 60.
    expect(rhythm(5)).toBeGreaterThan(rhythm(2))
    expect(Math.abs(rhythm(6) - rhythm(2))).toBeLessThan(0.1)
    // Symmetric: from 60 BPM, 120 is close too.
    expect(index.query(2, { k: 400 }).find((x) => x.id === 1)!.groups.rhythm).toBeCloseTo(rhythm(2), 5)
  })

  it('trusts a tempo as far as rhythm_stability says: beatless tracks are not told apart by it', () => {
    const index = library(300)
    const track = (bpm: number, stability: number) => withValues(base, { tempo_bpm: bpm, rhythm_stability: stability })
    // Two encodes of a drone: no pulse, so the estimates are noise (128 and 180 BPM).
    index.upsert({ id: 1, contentHash: null, values: track(128, 0.03) })
    index.upsert({ id: 2, contentHash: null, values: track(180, 0.04) })
    // The same two tempos with a steady beat are different music.
    index.upsert({ id: 3, contentHash: null, values: track(128, 0.6) })
    index.upsert({ id: 4, contentHash: null, values: track(180, 0.61) })
    const rhythm = (q: number, id: number) => index.query(q, { k: 400 }).find((x) => x.id === id)!.groups.rhythm
    expect(rhythm(1, 2)).toBeGreaterThan(0.95)
    expect(rhythm(3, 4)).toBeLessThan(0.7)
    // A steady beat and no pulse differ in rhythm whatever the tempo estimates say.
    expect(rhythm(3, 1)).toBeLessThan(0.7)
  })

  it('flags duplicates by content hash or practically identical fingerprint; without timbre, not near-identical re-encodes', () => {
    const index = library(200)
    index.upsert({ id: 1, contentHash: 'abc', values: base })
    index.upsert({ id: 2, contentHash: 'abc', values: withValues(base, { air: base[6]! * 0.8 }) }) // same hash
    index.upsert({ id: 3, contentHash: 'other', values: base.slice() }) // same decoded audio, other tags
    index.upsert({ id: 4, contentHash: null, values: withValues(base, { lufs: base[7]! - 0.7 }) }) // a re-encode
    const rs = index.query(1, { k: 300 })
    const dup = (id: number) => rs.find((x) => x.id === id)!.duplicate
    expect(dup(2)).toBe(true)
    expect(dup(3)).toBe(true)
    expect(dup(4)).toBe(false)
    expect(rs.filter((r) => r.duplicate).length).toBe(2)
    expect(rs.find((x) => x.id === 3)!.score).toBe(1)
    // A null hash never matches another null hash by itself.
    const rs4 = index.query(4, { k: 300 })
    expect(rs4.filter((r) => r.duplicate)).toEqual([])
  })

  it('flags a lossy re-encode as a duplicate when both carry timbre, never another piece that is merely close', () => {
    const r = rng(17)
    const index = new SimilarityIndex()
    for (let i = 0; i < 200; i++)
      index.upsert({ id: 1000 + i, contentHash: null, values: randomValues(r), timbre: randomTimbre(r) })
    const t = randomTimbre(r)
    index.upsert({ id: 1, contentHash: 'a', values: base, timbre: t })
    // The MP3: a little quieter, cepstra off by a few hundredths of a dB.
    const mp3 = t.map((v, i) => (i < TIMBRE_MFCC ? v + 0.03 * (r() - 0.5) : v * (1 + 0.01 * (r() - 0.5))))
    index.upsert({ id: 2, contentHash: 'b', values: withValues(base, { lufs: base[7]! - 0.7 }), timbre: mp3 })
    // Another piece: the same 25 values, another timbre.
    index.upsert({
      id: 3,
      contentHash: 'c',
      values: withValues(base, { lufs: base[7]! - 0.7 }),
      timbre: randomTimbre(r),
    })
    const rs = index.query(1, { k: 300 })
    expect(rs[0]).toMatchObject({ id: 2, duplicate: true })
    expect(rs.find((x) => x.id === 3)!.duplicate).toBe(false)
    expect(rs.filter((x) => x.duplicate)).toHaveLength(1)
  })

  it('removes and replaces tracks', () => {
    const index = library(50)
    expect(index.size).toBe(50)
    index.upsert({ id: 1, contentHash: null, values: base })
    index.upsert({ id: 2, contentHash: null, values: base.slice() })
    expect(index.query(1, { k: 1 })[0]!.id).toBe(2)
    index.remove(2)
    index.remove(2) // unknown now: a no-op
    expect(index.size).toBe(51)
    expect(ids(index.query(1, { k: 100 }))).not.toContain(2)
    // Removing from the middle moves the last track: it must still be found under its own id.
    index.remove(1010)
    expect(index.has(1049)).toBe(true)
    expect(ids(index.query(1049, { k: 100 }))).not.toContain(1049)
    expect(index.query(1049, { k: 100 })).toHaveLength(49)
    // Replacing a fingerprint moves the track.
    index.upsert({ id: 1049, contentHash: null, values: base.slice() })
    expect(index.query(1, { k: 1 })[0]).toMatchObject({ id: 1049, duplicate: true })
    expect(index.size).toBe(50)
  })

  it('reports 101 quantiles per dimension over the library', () => {
    const index = new SimilarityIndex()
    expect(index.stats().lufs).toEqual([])
    for (let i = 0; i <= 100; i++) {
      index.upsert({ id: i, contentHash: null, values: withValues(base, { lufs: i - 100, tempo_bpm: 100 + 2 * i }) })
    }
    const q = index.stats()
    expect(Object.keys(q)).toEqual([...DIMENSION_KEYS])
    for (const key of DIMENSION_KEYS) expect(q[key]).toHaveLength(101)
    expect(q.lufs[0]).toBe(-100)
    expect(q.lufs[50]).toBe(-50)
    expect(q.lufs[100]).toBe(0)
    expect(q.tempo_bpm[25]).toBe(150)
    expect(q.mid[0]).toBeCloseTo(base[3]!, 6)
    expect(q.mid[100]).toBeCloseTo(base[3]!, 6)
    // Refreshed after changes; interpolated between values.
    index.remove(100)
    expect(index.stats().lufs[100]).toBe(-1)
    expect(index.stats().lufs[0]).toBe(-100)
    expect(index.stats().lufs[50]).toBeCloseTo(-50.5, 5)
  })

  it('estimates quantiles of a large library closely', () => {
    const index = new SimilarityIndex()
    const r = rng(21)
    for (let i = 0; i < 60_000; i++) {
      index.upsert({ id: i, contentHash: null, values: withValues(base, { lufs: -40 + 30 * r() }) })
    }
    const q = index.stats().lufs
    for (const p of [1, 10, 25, 50, 75, 90, 99]) expect(q[p]).toBeCloseTo(-40 + 0.3 * p, 0)
  })

  it('keeps scores within a few points when an album of different music is added', () => {
    const r = rng(31)
    const index = new SimilarityIndex()
    for (let i = 0; i < 250; i++)
      index.upsert({ id: i + 1, contentHash: null, values: randomValues(r), timbre: randomTimbre(r) })
    const before = new Map<string, number>()
    for (let q = 1; q <= 20; q++) for (const m of index.query(q, { k: 10 })) before.set(`${q}-${m.id}`, m.score)
    // 12 tracks of one album, far from the library on every dimension and in timbre.
    const album = randomValues(r)
    DIMENSIONS.forEach((d, i) => {
      album[i] = d.range[1] - 0.05 * (d.range[1] - d.range[0])
    })
    for (let i = 0; i < 12; i++) {
      const v = album.map((x) => x * (1 + 0.01 * (r() - 0.5)))
      index.upsert({ id: 10_000 + i, contentHash: null, values: v, timbre: randomTimbre(r, 30) })
    }
    let worst = 0
    for (let q = 1; q <= 20; q++) {
      for (const m of index.query(q, { k: 300 })) {
        const was = before.get(`${q}-${m.id}`)
        if (was !== undefined) worst = Math.max(worst, Math.abs(m.score - was))
      }
    }
    expect(before.size).toBe(200)
    expect(worst).toBeGreaterThan(0) // the scaling is library-relative …
    expect(worst).toBeLessThan(0.05) // … but one album moves no score by more than a few points
  })

  it('uses the timbre descriptor as its own group, and a track without one sits at the median', () => {
    const r = rng(41)
    const index = new SimilarityIndex()
    for (let i = 0; i < 100; i++)
      index.upsert({ id: 1000 + i, contentHash: null, values: base.slice(), timbre: randomTimbre(r) })
    const t = randomTimbre(r)
    index.upsert({ id: 1, contentHash: null, values: base.slice(), timbre: t })
    const near = t.slice()
    for (let i = 1; i < TIMBRE_MFCC; i++) near[i] = (near[i] as number) + 0.1
    index.upsert({ id: 2, contentHash: null, values: base.slice(), timbre: near })
    index.upsert({ id: 3, contentHash: null, values: base.slice() }) // analysed before timbre existed
    const rs = index.query(1, { k: 101 })
    expect(rs[0]!.id).toBe(2)
    expect(rs[0]!.groups.timbre).toBeGreaterThan(0.99)
    // Every fingerprint group agrees fully: only timbre tells these tracks apart.
    for (const g of GROUPS_WITHOUT_TIMBRE) expect(rs[rs.length - 1]!.groups[g]).toBe(1)
    expect(rs[rs.length - 1]!.groups.timbre).toBeLessThan(0.9)
    // Weighting timbre 0 leaves nothing to tell them apart.
    for (const m of index.query(1, { k: 5, weights: { timbre: 0 } })) expect(m.score).toBeCloseTo(1, 6)
    expect(index.query(3, { k: 5 })).toHaveLength(5)
  })
})
