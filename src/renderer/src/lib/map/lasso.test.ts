import { describe, expect, it } from 'vitest'
import { fitView, toScreen, zoomAt } from '../mapView'
import { buildGrid } from '../spatialGrid'
import { extendPath, pointInPolygon, pointsInPolygon, polygonArea, polygonToData } from './lasso'

/** A deterministic uniform generator (an LCG): the same points every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

describe('lasso geometry', () => {
  it('tests points against a concave polygon by the even–odd rule', () => {
    // A "C" shape: the notch on the right is outside.
    const c = [0, 0, 10, 0, 10, 3, 4, 3, 4, 7, 10, 7, 10, 10, 0, 10]
    expect(pointInPolygon(2, 5, c)).toBe(true)
    expect(pointInPolygon(7, 5, c)).toBe(false) // in the notch
    expect(pointInPolygon(7, 1, c)).toBe(true)
    expect(pointInPolygon(7, 8.5, c)).toBe(true)
    expect(pointInPolygon(-1, 5, c)).toBe(false)
    expect(pointInPolygon(11, 5, c)).toBe(false)
    // A self-crossing bow tie: both lobes are inside, the crossing's outside pieces are not.
    const bow = [0, 0, 10, 10, 10, 0, 0, 10]
    expect(pointInPolygon(1, 5, bow)).toBe(true)
    expect(pointInPolygon(9, 5, bow)).toBe(true)
    expect(pointInPolygon(5, 1, bow)).toBe(false)
    expect(polygonArea([0, 0, 4, 0, 4, 3, 0, 3])).toBe(12)
  })

  it('selects exactly the projected points inside a lasso drawn on screen, at any pan and zoom', () => {
    const r = lcg(3)
    const n = 20_000
    const xs = new Float32Array(n)
    const ys = new Float32Array(n)
    for (let i = 0; i < n; i++) {
      xs[i] = (r() - 0.5) * 20
      ys[i] = (r() - 0.5) * 12
    }
    const grid = buildGrid(xs, ys)
    const w = 1200
    const h = 800
    const views = [fitView(xs, ys, w, h), zoomAt(fitView(xs, ys, w, h), w, h, 300, 200, 3.7)]
    for (const v of views) {
      // A star-shaped lasso around the canvas centre, in canvas pixels.
      const lasso: number[] = []
      for (let k = 0; k < 40; k++) {
        const a = (k / 40) * 2 * Math.PI
        const rad = k % 2 ? 150 : 320
        lasso.push(w / 2 + rad * Math.cos(a), h / 2 + rad * Math.sin(a))
      }
      const got = pointsInPolygon(grid, polygonToData(v, w, h, lasso))
      // Brute force on screen: project every point, test it against the lasso as drawn.
      const want: number[] = []
      for (let i = 0; i < n; i++) {
        const [px, py] = toScreen(v, w, h, xs[i]!, ys[i]!)
        if (pointInPolygon(px, py, lasso)) want.push(i)
      }
      expect(want.length).toBeGreaterThan(100)
      expect(Array.from(got)).toEqual(want)
    }
  })

  it('selects nothing with fewer than three corners or an empty map', () => {
    const grid = buildGrid(new Float32Array([0, 1]), new Float32Array([0, 1]))
    expect(pointsInPolygon(grid, [0, 0, 1, 1])).toHaveLength(0)
    expect(pointsInPolygon(buildGrid(new Float32Array(0), new Float32Array(0)), [0, 0, 1, 0, 0, 1])).toHaveLength(0)
  })

  it('keeps a drawn path short: points closer than the minimum distance are dropped', () => {
    const path: number[] = []
    expect(extendPath(path, 0, 0, 3)).toBe(true)
    expect(extendPath(path, 1, 1, 3)).toBe(false)
    expect(extendPath(path, 3, 0, 3)).toBe(true)
    expect(path).toEqual([0, 0, 3, 0])
  })
})
