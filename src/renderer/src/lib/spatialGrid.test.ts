import { describe, expect, it } from 'vitest'
import { rampColor } from './colormap'
import { rampPalette } from './map/palette'
import { buildGrid, nearest } from './spatialGrid'

function randomPoints(n: number, seed = 1) {
  let s = seed
  const rnd = () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
  const xs = new Float32Array(n)
  const ys = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    xs[i] = rnd() * 10 - 5
    ys[i] = rnd() * 4 - 2
  }
  return { xs, ys, rnd }
}

function bruteNearest(xs: Float32Array, ys: Float32Array, x: number, y: number, r: number, aspect = 1) {
  let best = -1
  let bestD = r * r
  for (let i = 0; i < xs.length; i++) {
    const d = (xs[i]! - x) ** 2 + ((ys[i]! - y) * aspect) ** 2
    if (d <= bestD) {
      bestD = d
      best = i
    }
  }
  return best
}

describe('spatial grid hit-testing', () => {
  it('finds the same nearest point as a brute-force scan', () => {
    const { xs, ys, rnd } = randomPoints(20_000)
    const g = buildGrid(xs, ys)
    for (let q = 0; q < 500; q++) {
      const x = rnd() * 12 - 6
      const y = rnd() * 6 - 3
      const r = 0.01 + rnd() * 0.2
      const aspect = q % 2 ? 1 : 2.5
      const got = nearest(g, x, y, r, aspect)
      const want = bruteNearest(xs, ys, x, y, r, aspect)
      if (want === -1) expect(got).toBe(-1)
      else {
        // Equal distance ties may pick another index; compare distances.
        const d = (i: number) => (xs[i]! - x) ** 2 + ((ys[i]! - y) * aspect) ** 2
        expect(d(got)).toBeCloseTo(d(want), 10)
      }
    }
  })

  it('indexes every point exactly once and copes with degenerate input', () => {
    const { xs, ys } = randomPoints(1000, 7)
    const g = buildGrid(xs, ys)
    const seen = new Set(g.items)
    expect(seen.size).toBe(1000)
    expect(g.cellStart[g.cols * g.rows]).toBe(1000)
    const empty = buildGrid(new Float32Array(0), new Float32Array(0))
    expect(nearest(empty, 0, 0, 1)).toBe(-1)
    const same = buildGrid(new Float32Array([1, 1, 1]), new Float32Array([2, 2, 2]))
    expect(nearest(same, 1, 2, 0.1)).toBeGreaterThanOrEqual(0)
    expect(nearest(same, 3, 2, 0.1)).toBe(-1)
  })

  it('builds 100 000 points into a compact index', () => {
    const { xs, ys } = randomPoints(100_000, 3)
    const g = buildGrid(xs, ys)
    expect(g.items.length).toBe(100_000)
    expect(g.cols * g.rows).toBeLessThanOrEqual(512 * 512)
  })
})

describe('colour ramp', () => {
  it('runs from dark purple to yellow and packs RGBA little-endian', () => {
    expect(rampColor(0)).toEqual([68, 1, 84])
    expect(rampColor(1)).toEqual([253, 231, 37])
    expect(rampColor(-3)).toEqual([68, 1, 84])
    const { lut } = rampPalette()
    expect(lut[0]! & 0xff).toBe(68)
    expect(lut[255]! & 0xff).toBe(253)
    expect(lut[255]! >>> 24).toBe(235)
  })
})
