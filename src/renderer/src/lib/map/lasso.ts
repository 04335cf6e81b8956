/**
 * Lasso geometry for the sonic map: the lasso is a polygon drawn in canvas pixels, turned into data
 * coordinates (pan and zoom are a similarity transform, so a point is inside on screen exactly when it
 * is inside in data space), and the points inside it are found through the spatial grid: only cells
 * that meet the polygon's bounding box are visited, then each candidate is tested by the even–odd rule.
 */

import { toData, type View } from '../mapView'
import type { SpatialGrid } from '../spatialGrid'

/** Whether (x, y) lies inside the polygon [x0, y0, x1, y1, …] (even–odd rule; closed implicitly). */
export function pointInPolygon(x: number, y: number, poly: ArrayLike<number>): boolean {
  const n = poly.length >> 1
  let inside = false
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = poly[2 * i] as number
    const yi = poly[2 * i + 1] as number
    const xj = poly[2 * j] as number
    const yj = poly[2 * j + 1] as number
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** A polygon in canvas pixels as data coordinates under view `v` of a w×h canvas. */
export function polygonToData(v: View, w: number, h: number, screen: ArrayLike<number>): Float64Array {
  const out = new Float64Array(screen.length)
  for (let i = 0; i + 1 < screen.length; i += 2) {
    const [x, y] = toData(v, w, h, screen[i] as number, screen[i + 1] as number)
    out[i] = x
    out[i + 1] = y
  }
  return out
}

/** Area of a polygon (shoelace formula, absolute value). */
export function polygonArea(poly: ArrayLike<number>): number {
  const n = poly.length >> 1
  let s = 0
  for (let i = 0, j = n - 1; i < n; j = i++)
    s += (poly[2 * j] as number) * (poly[2 * i + 1] as number) - (poly[2 * i] as number) * (poly[2 * j + 1] as number)
  return Math.abs(s) / 2
}

/** Indices (ascending) of the grid's points inside `poly` (data coordinates). */
export function pointsInPolygon(g: SpatialGrid, poly: ArrayLike<number>): Int32Array {
  const n = poly.length >> 1
  if (n < 3 || g.items.length === 0) return new Int32Array(0)
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i++) {
    const x = poly[2 * i] as number
    const y = poly[2 * i + 1] as number
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  const c0 = Math.max(0, Math.floor((minX - g.minX) / g.cellW))
  const c1 = Math.min(g.cols - 1, Math.floor((maxX - g.minX) / g.cellW))
  const r0 = Math.max(0, Math.floor((minY - g.minY) / g.cellH))
  const r1 = Math.min(g.rows - 1, Math.floor((maxY - g.minY) / g.cellH))
  const found: number[] = []
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const cell = r * g.cols + c
      for (let k = g.cellStart[cell]!; k < g.cellStart[cell + 1]!; k++) {
        const i = g.items[k]!
        const x = g.xs[i]!
        const y = g.ys[i]!
        if (x < minX || x > maxX || y < minY || y > maxY) continue
        if (pointInPolygon(x, y, poly)) found.push(i)
      }
    }
  }
  return Int32Array.from(found).sort()
}

/** Appends (x, y) to a lasso path unless it is within `minDist` of the last point (keeps paths short). */
export function extendPath(path: number[], x: number, y: number, minDist: number): boolean {
  const n = path.length
  if (n >= 2) {
    const dx = x - (path[n - 2] as number)
    const dy = y - (path[n - 1] as number)
    if (dx * dx + dy * dy < minDist * minDist) return false
  }
  path.push(x, y)
  return true
}
