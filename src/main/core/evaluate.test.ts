import { describe, expect, it } from 'vitest'
import { evaluateRankings, hubness, matrixRanker } from './evaluate'

/** Ranks the other items by |position difference|: a 1-D line where neighbours are next to each other. */
const lineRanker = (n: number) => (q: number) =>
  Array.from({ length: n }, (_, i) => i)
    .filter((i) => i !== q)
    .sort((a, b) => Math.abs(a - q) - Math.abs(b - q) || a - b)

describe('evaluateRankings', () => {
  it('gives 1 for rankings that put every label together, and counts labels too small to query', () => {
    const labels = ['a', 'a', 'a', 'b', 'b', 'b', 'c']
    const r = evaluateRankings(labels, lineRanker(labels.length), { k: 2 })
    expect(r.queries).toBe(6)
    expect(r.skippedQueries).toBe(1)
    expect(r.skippedLabels).toBe(1)
    expect(r.labels).toBe(2)
    // Items 2, 3 and 5 have one neighbour of another label among their two nearest (3, 2 and 6).
    expect(r.figures.precisionAtK).toBeCloseTo((1 + 1 + 0.5 + 0.5 + 1 + 0.5) / 6, 10)
    // Ties go to the lower index: item 3's nearest is item 2 ('a').
    expect(r.figures.nnAccuracy).toBeCloseTo(5 / 6, 10)
    expect(r.perLabel.map((l) => l.label)).toEqual(['a', 'b'])
    expect(r.perLabel[0]!.chancePrecision).toBeCloseTo(2 / 6, 10)
  })

  it('computes average precision over the full ranking', () => {
    // Query 0 ('x'): ranking 2 (x), 1 (y), 3 (x) → AP = (1/1 + 2/3) / 2.
    const labels = ['x', 'y', 'x', 'x']
    const ranking: Record<number, number[]> = { 0: [2, 1, 3], 1: [0, 2, 3], 2: [0, 3, 1], 3: [0, 2, 1] }
    const r = evaluateRankings(labels, (q) => ranking[q]!, { k: 1 })
    const ap0 = (1 + 2 / 3) / 2
    expect(r.queries).toBe(3)
    expect(r.figures.map).toBeCloseTo((ap0 + 1 + 1) / 3, 10)
  })

  it('scores chance near the share of same-label tracks, and a perfect ranker far above it', () => {
    const labels = Array.from({ length: 60 }, (_, i) => `l${Math.floor(i / 10)}`)
    const r = evaluateRankings(labels, lineRanker(60), { k: 5, chanceRounds: 20 })
    expect(r.chance.precisionAtK).toBeGreaterThan(9 / 59 - 0.03)
    expect(r.chance.precisionAtK).toBeLessThan(9 / 59 + 0.03)
    expect(r.figures.precisionAtK).toBeGreaterThan(0.8)
    // Same seed, same chance figures.
    expect(evaluateRankings(labels, lineRanker(60), { k: 5, chanceRounds: 20 }).chance).toEqual(r.chance)
  })

  it('measures hubness: one track in everybody’s top k is a hub', () => {
    const n = 20
    // Everyone's nearest is item 0; the rest in line order.
    const ranker = (q: number) => {
      const rest = lineRanker(n)(q).filter((i) => i !== 0)
      return q === 0 ? rest : [0, ...rest]
    }
    const labels = Array.from({ length: n }, (_, i) => String(i % 4))
    const r = evaluateRankings(labels, ranker, { k: 3 })
    expect(r.figures.hubness.maxCount).toBe(n - 1)
    expect(r.figures.hubness.skewness).toBeGreaterThan(2)
    expect(r.chance.hubness.skewness).toBeLessThan(r.figures.hubness.skewness)
  })
})

describe('hubness', () => {
  it('is 0 skew for equal counts, and counts the never-chosen', () => {
    expect(hubness([2, 2, 2, 2])).toEqual({ skewness: 0, neverShare: 0, maxCount: 2 })
    const h = hubness([0, 0, 0, 1, 9])
    expect(h.neverShare).toBeCloseTo(0.6, 10)
    expect(h.maxCount).toBe(9)
    expect(h.skewness).toBeGreaterThan(1)
  })
})

describe('matrixRanker', () => {
  it('orders by the distance row, nearest first, never the query itself', () => {
    const d = Float64Array.from([0, 3, 1, 3, 0, 2, 1, 2, 0])
    expect(matrixRanker(d, 3)(0)).toEqual([2, 1])
    expect(matrixRanker(d, 3)(1)).toEqual([2, 0])
  })
})
