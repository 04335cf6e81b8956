import { describe, expect, it } from 'vitest'
import { rng } from '../../../test/helpers/signals'
import { DIMENSION_COUNT, DIMENSION_INDEX } from '../../shared/dimensions'
import { categoryMap, colorMap, type MapEntry, projectMap, quantileSelect, sonicMap, topCategories } from './sonic-map'

/** A standard normal from a uniform PRNG (Box–Muller). */
function normal(r: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())
}

function corr(a: number[], b: number[]): number {
  const n = a.length
  const ma = a.reduce((s, v) => s + v, 0) / n
  const mb = b.reduce((s, v) => s + v, 0) / n
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += ((a[i] as number) - ma) * ((b[i] as number) - mb)
    saa += ((a[i] as number) - ma) ** 2
    sbb += ((b[i] as number) - mb) ** 2
  }
  return sab / Math.sqrt(saa * sbb)
}

/**
 * A library with known structure: latent `a` drives five dimensions (the main axis), latent `b`
 * three others (the second axis), every other dimension is independent noise. Each dimension has
 * its own offset and unit so unscaled PCA would follow the biggest unit instead.
 */
function structured(n: number, seed = 1): { entries: MapEntry[]; a: number[]; b: number[] } {
  const g = normal(rng(seed))
  const aDims = [0, 1, 2, 3, 4]
  const bDims = [10, 11, 12]
  const entries: MapEntry[] = []
  const as: number[] = []
  const bs: number[] = []
  for (let i = 0; i < n; i++) {
    const a = g()
    const b = g()
    const values = new Float32Array(DIMENSION_COUNT)
    for (let d = 0; d < DIMENSION_COUNT; d++) {
      const unit = 10 ** ((d % 5) - 2) // 0.01 … 100
      const signal = aDims.includes(d) ? a : bDims.includes(d) ? b : 0
      const noise = aDims.includes(d) || bDims.includes(d) ? 0.1 * g() : g()
      values[d] = 50 * (d % 3) + unit * (signal * (d === 2 ? -1 : 1) + noise)
    }
    entries.push({ id: i + 1, values })
    as.push(a)
    bs.push(b)
  }
  return { entries, a: as, b: bs }
}

describe('sonicMap', () => {
  it('colours one projection many ways: the same maps as computing each from scratch', () => {
    const { entries } = structured(500, 4)
    const projection = projectMap(entries)
    for (const color of ['lufs', 'rhythm', 'frequency'] as const) {
      const reused = colorMap(projection, color)
      expect(reused).toEqual(sonicMap(entries, color))
      expect(reused.x).toBe(projection.x)
    }
  })

  it('finds the known axes of a structured library, whatever the units', () => {
    const { entries, a, b } = structured(4000)
    const map = sonicMap(entries, 'tempo_bpm')
    expect(map.ids).toEqual(entries.map((e) => e.id))
    expect(map.x).toHaveLength(4000)
    // The first axis is latent a (5 correlated dimensions), the second latent b (3 dimensions).
    expect(Math.abs(corr(map.x, a))).toBeGreaterThan(0.98)
    expect(Math.abs(corr(map.y, b))).toBeGreaterThan(0.98)
    expect(Math.abs(corr(map.x, b))).toBeLessThan(0.1)
    // Eigenvalues of the scaled covariance are ≈ 5 and ≈ 3 in units of one independent dimension's
    // variance: of the 25 (5 + 3 + 17) total, 5/25 and 3/25.
    expect(map.explained[0]).toBeGreaterThan(0.17)
    expect(map.explained[0]).toBeLessThan(0.23)
    expect(map.explained[1]).toBeGreaterThan(0.1)
    expect(map.explained[1]).toBeLessThan(0.14)
    expect(map.explained[0]).toBeGreaterThan(map.explained[1])
  })

  it('draws the same library the same way round every time (deterministic signs)', () => {
    const { entries } = structured(1000, 7)
    const m1 = sonicMap(entries, 'lufs')
    const m2 = sonicMap([...entries].reverse(), 'lufs')
    const byId2 = new Map(m2.ids.map((id, i) => [id, [m2.x[i], m2.y[i]]]))
    for (let i = 0; i < m1.ids.length; i += 97) {
      const [x2, y2] = byId2.get(m1.ids[i] as number) as [number, number]
      expect(x2).toBeCloseTo(m1.x[i] as number, 3)
      expect(y2).toBeCloseTo(m1.y[i] as number, 3)
    }
  })

  it('colours by a dimension as its percentile and by a group as the mean of its dimensions', () => {
    const values = (tempo: number, lufs: number, crest: number) => {
      const v = new Float32Array(DIMENSION_COUNT).fill(0.5)
      v[DIMENSION_INDEX.tempo_bpm] = tempo
      v[DIMENSION_INDEX.lufs] = lufs
      v[DIMENSION_INDEX.crest_db] = crest
      v[DIMENSION_INDEX.bass_mid_ratio_db] = 0
      return v
    }
    const entries: MapEntry[] = [
      { id: 10, values: values(80, -20, 10) },
      { id: 11, values: values(120, -10, 12) },
      { id: 12, values: values(100, -30, 14) },
      { id: 13, values: values(100, -15, 16) },
      { id: 14, values: values(180, -25, 18) },
    ]
    const tempo = sonicMap(entries, 'tempo_bpm')
    expect(tempo.colorBy).toBe('tempo_bpm')
    // Sorted tempi 80, 100, 100, 120, 180 → ranks 0, 1.5 (tie), 3, 4 of 4.
    expect(tempo.color).toEqual([0, 0.75, 0.375, 0.375, 1])
    const dynamics = sonicMap(entries, 'dynamics')
    // Robust z of lufs (median −20, IQR 10) and crest (median 14, IQR 4); bass_mid_ratio is constant (z 0).
    // Means ∝ [0 − 1, 1 − 0.5, −1 + 0, 0.5 + 0.5, −0.5 + 1] = [−1, 0.5, −1, 1, 0.5] → ranks 0.5, 2.5, 0.5, 4, 2.5 of 4.
    expect(dynamics.color).toEqual([0.125, 0.625, 0.125, 1, 0.625])
  })

  it('colours the frequency group by tilt: brighter tracks high, bass-heavy ones low', () => {
    const shares = (bass: number, air: number) => {
      const v = new Float32Array(DIMENSION_COUNT).fill(0.5)
      for (const k of ['sub_bass', 'low_mid', 'mid', 'upper_mid', 'presence'] as const) v[DIMENSION_INDEX[k]] = 0.1
      v[DIMENSION_INDEX.bass] = bass
      v[DIMENSION_INDEX.air] = air
      return v
    }
    const entries: MapEntry[] = [
      { id: 1, values: shares(0.4, 0.1) }, // bass-heavy
      { id: 2, values: shares(0.25, 0.25) },
      { id: 3, values: shares(0.1, 0.4) }, // bright
      { id: 4, values: shares(0.3, 0.2) },
    ]
    // A plain mean of the bands' z would rank every track alike (bass and air move against each other).
    expect(sonicMap(entries, 'frequency').color).toEqual([0, 0.6667, 1, 0.3333])
  })

  it('handles an empty library, a single track, constant dimensions and missing values', () => {
    expect(sonicMap([], 'air')).toEqual({ ids: [], x: [], y: [], color: [], colorBy: 'air', explained: [0, 0] })
    const one = sonicMap([{ id: 5, values: new Float32Array(DIMENSION_COUNT).fill(1) }], 'rhythm')
    expect(one).toMatchObject({ ids: [5], x: [0], y: [0], color: [0.5], explained: [0, 0] })
    const { entries } = structured(300, 3)
    for (const e of entries.slice(0, 20)) e.values[5] = Number.NaN
    for (const e of entries) e.values[20] = 7 // constant
    const map = sonicMap(entries, 'presence')
    for (const arr of [map.x, map.y, map.color]) for (const v of arr) expect(Number.isFinite(v)).toBe(true)
    expect(map.color.slice(0, 20)).toEqual(new Array(20).fill(0.5))
  })

  it('rejects an unknown colour key', () => {
    expect(() => sonicMap([], 'nope' as 'air')).toThrow(/unknown colorBy/)
  })

  it('projects 100 000 tracks in time linear in the library size', () => {
    const { entries, a } = structured(100_000, 11)
    const small = entries.slice(0, 10_000)
    sonicMap(small, 'frequency') // warm up the JIT
    const t0 = performance.now()
    sonicMap(small, 'frequency')
    const t1 = performance.now()
    const map = sonicMap(entries, 'frequency')
    const t2 = performance.now()
    console.log(
      `sonicMap, colour by a 7-dimension group: 10 000 points ${(t1 - t0).toFixed(0)} ms, ` +
        `100 000 points ${(t2 - t1).toFixed(0)} ms (ratio ${((t2 - t1) / (t1 - t0)).toFixed(1)}; linear = 10)`,
    )
    expect(map.ids).toHaveLength(100_000)
    expect(Math.abs(corr(map.x, a))).toBeGreaterThan(0.98)
    // A complexity guard measured as a ratio in one run (a quadratic step would give ≈ 100).
    expect((t2 - t1) / (t1 - t0)).toBeLessThan(30)
  })
})

describe('quantileSelect', () => {
  it('matches the sorted (type 7) quantile', () => {
    const r = rng(5)
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const data = Array.from({ length: n }, () => Math.round(r() * 50))
      const sorted = [...data].sort((x, y) => x - y)
      for (const q of [0, 0.25, 0.5, 0.75, 1]) {
        const pos = q * (n - 1)
        const lo = Math.floor(pos)
        const want =
          (sorted[lo] as number) + ((sorted[Math.min(lo + 1, n - 1)] as number) - (sorted[lo] as number)) * (pos - lo)
        expect(quantileSelect(Float64Array.from(data), q)).toBeCloseTo(want, 10)
      }
    }
  })
})

describe('colour by category', () => {
  it('keeps the top N categories, most common first (ties in key order), the rest and the untagged as −1', () => {
    const keys = ['b', 'a', 'c', 'a', null, 'b', 'd', 'a', 'c', 'b', null, 'e']
    const r = topCategories(keys, 3)
    // a ×3, b ×3 (tie: a first), c ×2; d and e are "other", two points have no tag.
    expect(r.top).toEqual([
      { key: 'a', count: 3 },
      { key: 'b', count: 3 },
      { key: 'c', count: 2 },
    ])
    expect(r.index).toEqual([1, 0, 2, 0, -1, 1, -1, 0, 2, 1, -1, -1])
    expect(r.otherCount).toBe(2)
    expect(r.missingCount).toBe(2)
    // Fewer categories than N: all of them, no "other".
    expect(topCategories(['x', 'y', 'x'], 10)).toEqual({
      top: [
        { key: 'x', count: 2 },
        { key: 'y', count: 1 },
      ],
      index: [0, 1, 0],
      otherCount: 0,
      missingCount: 0,
    })
    expect(topCategories([], 10)).toEqual({ top: [], index: [], otherCount: 0, missingCount: 0 })
  })

  it('colours a projection by category with labels, keeping its positions', () => {
    const { entries } = structured(40, 9)
    const projection = projectMap(entries)
    const keys = entries.map((e) => (e.id % 5 === 0 ? null : `k${e.id % 3}`))
    const map = categoryMap(projection, 'genre', keys, (k) => `Genre ${k}`, 2)
    expect(map.x).toBe(projection.x)
    expect(map.colorBy).toBe('genre')
    expect(map.categories!.map((c) => c.label)).toHaveLength(2)
    for (const [i, c] of map.color.entries()) {
      const key = keys[i]
      if (c >= 0) expect(map.categories![c]!.label).toBe(`Genre ${key}`)
      else expect(key === null || !map.categories!.some((x) => x.label === `Genre ${key}`)).toBe(true)
    }
    expect(map.categories!.reduce((s, c) => s + c.count, 0) + map.otherCount! + map.missingCount!).toBe(40)
    expect(map.missingCount).toBe(8)
  })

  it("gives a dimension's colour scale as its raw minimum, quartiles and maximum", () => {
    const { entries } = structured(401, 2)
    const map = sonicMap(entries, 'lufs')
    const sorted = entries.map((e) => e.values[DIMENSION_INDEX.lufs] as number).sort((a, b) => a - b)
    const want = [0, 100, 200, 300, 400].map((i) => sorted[i] as number)
    expect(map.valueScale).toHaveLength(5)
    for (const [i, v] of map.valueScale!.entries()) expect(v).toBeCloseTo(want[i]!, 3)
    // A group has no single unit: no value scale.
    expect(sonicMap(entries, 'dynamics').valueScale).toBeUndefined()
  })
})
