/**
 * A uniform-grid spatial index over 2-D points for hit-testing the sonic map: points are bucketed
 * into cells by a counting sort (two Int32Arrays, no per-cell allocation), and a nearest-point query
 * only looks at the cells within the search radius. Building 100 000 points takes a few ms.
 */
export interface SpatialGrid {
  minX: number
  minY: number
  cellW: number
  cellH: number
  cols: number
  rows: number
  /** cellStart[c]..cellStart[c+1] index into `items` for cell c. */
  cellStart: Int32Array
  items: Int32Array
  xs: Float32Array
  ys: Float32Array
}

export function buildGrid(xs: Float32Array, ys: Float32Array, cellsPerSide = 0): SpatialGrid {
  const n = xs.length
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i++) {
    const x = xs[i]!
    const y = ys[i]!
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  if (n === 0) minX = minY = maxX = maxY = 0
  // About 4 points per cell on average, capped.
  const side = cellsPerSide > 0 ? cellsPerSide : Math.max(1, Math.min(512, Math.ceil(Math.sqrt(n / 4))))
  const cols = side
  const rows = side
  const cellW = Math.max((maxX - minX) / cols, 1e-12)
  const cellH = Math.max((maxY - minY) / rows, 1e-12)
  const cellOf = new Int32Array(n)
  const counts = new Int32Array(cols * rows + 1)
  for (let i = 0; i < n; i++) {
    const cx = Math.min(cols - 1, Math.floor((xs[i]! - minX) / cellW))
    const cy = Math.min(rows - 1, Math.floor((ys[i]! - minY) / cellH))
    const c = cy * cols + cx
    cellOf[i] = c
    counts[c + 1]!++
  }
  for (let c = 0; c < cols * rows; c++) counts[c + 1]! += counts[c]!
  const cellStart = counts
  const fill = cellStart.slice(0, cols * rows)
  const items = new Int32Array(n)
  for (let i = 0; i < n; i++) items[fill[cellOf[i]!]!++] = i
  return { minX, minY, cellW, cellH, cols, rows, cellStart, items, xs, ys }
}

/**
 * Index of the point nearest (x, y) within `radius` (data units; `aspect` = scale of y relative to x
 * on screen, so distance is measured as it looks), or −1.
 */
export function nearest(g: SpatialGrid, x: number, y: number, radius: number, aspect = 1): number {
  if (g.items.length === 0) return -1
  const ry = radius / aspect
  const c0 = Math.max(0, Math.floor((x - radius - g.minX) / g.cellW))
  const c1 = Math.min(g.cols - 1, Math.floor((x + radius - g.minX) / g.cellW))
  const r0 = Math.max(0, Math.floor((y - ry - g.minY) / g.cellH))
  const r1 = Math.min(g.rows - 1, Math.floor((y + ry - g.minY) / g.cellH))
  let best = -1
  let bestD = radius * radius
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const cell = r * g.cols + c
      for (let k = g.cellStart[cell]!; k < g.cellStart[cell + 1]!; k++) {
        const i = g.items[k]!
        const dx = g.xs[i]! - x
        const dy = (g.ys[i]! - y) * aspect
        const d = dx * dx + dy * dy
        if (d <= bestD) {
          bestD = d
          best = i
        }
      }
    }
  }
  return best
}
