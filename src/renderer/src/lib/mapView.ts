/**
 * The sonic map's view transform (pan/zoom) between data coordinates and canvas pixels, and the
 * point rasteriser: every point is written straight into an ImageData buffer (a square of pixels
 * from a colour lookup table), so 100 000 points cost one pass over typed arrays and one
 * putImageData — no per-point canvas calls and no per-point allocation.
 */

export interface View {
  /** Data coordinates at the canvas centre. */
  cx: number
  cy: number
  /** Pixels per data unit. */
  scale: number
}

/**
 * The view showing every point with a margin; `topInset` pixels at the top are kept free (where the
 * legend and the selection bar float).
 */
export function fitView(
  xs: Float32Array,
  ys: Float32Array,
  width: number,
  height: number,
  margin = 0.06,
  topInset = 0,
): View {
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!
    const y = ys[i]!
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  if (!Number.isFinite(minX)) return { cx: 0, cy: 0, scale: 1 }
  const spanX = Math.max(maxX - minX, 1e-9)
  const spanY = Math.max(maxY - minY, 1e-9)
  const inset = Math.min(Math.max(0, topInset), height / 2)
  const fitted = Math.min(width / spanX, (height - inset) / spanY) * (1 - 2 * margin)
  const scale = Number.isFinite(fitted) && fitted > 0 ? fitted : 1
  // The data's centre at the centre of the free area below the inset.
  return { cx: (minX + maxX) / 2, cy: (minY + maxY) / 2 + inset / 2 / scale, scale }
}

export function toScreen(v: View, w: number, h: number, x: number, y: number): [number, number] {
  return [(x - v.cx) * v.scale + w / 2, h / 2 - (y - v.cy) * v.scale]
}

export function toData(v: View, w: number, h: number, px: number, py: number): [number, number] {
  return [(px - w / 2) / v.scale + v.cx, (h / 2 - py) / v.scale + v.cy]
}

/** Zoom by `factor` keeping the data point under (px, py) in place. */
export function zoomAt(v: View, w: number, h: number, px: number, py: number, factor: number): View {
  const [dx, dy] = toData(v, w, h, px, py)
  const scale = v.scale * factor
  return { scale, cx: dx - (px - w / 2) / scale, cy: dy - (h / 2 - py) / scale }
}

/**
 * Rasterise points into `buf` (width×height packed RGBA, little-endian), each a size×size square
 * coloured lut[shade[i]], over what is there. With `mask`, only the points whose mask byte equals
 * `want` (a selection drawn in two passes: the rest dimmed, then the selected on top). Returns how many
 * points landed on the canvas.
 */
export function rasterise(
  buf: Uint32Array,
  width: number,
  height: number,
  v: View,
  xs: Float32Array,
  ys: Float32Array,
  shade: Uint8Array,
  lut: Uint32Array,
  size: number,
  mask: Uint8Array | null = null,
  want = 1,
): number {
  const half = size >> 1
  const ox = width / 2 - v.cx * v.scale
  const oy = height / 2 + v.cy * v.scale
  let drawn = 0
  for (let i = 0; i < xs.length; i++) {
    if (mask && mask[i] !== want) continue
    const px = Math.round(xs[i]! * v.scale + ox) - half
    const py = Math.round(oy - ys[i]! * v.scale) - half
    if (px + size <= 0 || py + size <= 0 || px >= width || py >= height) continue
    const rgba = lut[shade[i]!]!
    const x0 = Math.max(0, px)
    const y0 = Math.max(0, py)
    const x1 = Math.min(width, px + size)
    const y1 = Math.min(height, py + size)
    for (let y = y0; y < y1; y++) {
      const row = y * width
      for (let x = x0; x < x1; x++) buf[row + x] = rgba
    }
    drawn++
  }
  return drawn
}
