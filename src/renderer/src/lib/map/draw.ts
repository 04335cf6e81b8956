/**
 * Drawing the sonic map on two stacked canvases. The points layer holds every point and is redrawn only
 * when the view, the size, the data or the selection changes: above SMALL_MAP points straight into an
 * ImageData (lib/mapView's rasteriser: one pass over typed arrays, no per-point canvas call or
 * allocation), below it as round dots that are easy to see and hit. The overlay holds what changes
 * often and is cheap to draw — the open track and its similar tracks, the hovered point, the sonic path,
 * the playing track, the lasso being drawn — so hovering never redraws 100 000 points.
 */
import { drawPathLine, drawPlayingRing, type OverlayColors } from '../../components/player/mapOverlay'
import type { MapData } from '../../stores/map'
import { rasterise, toScreen, type View } from '../mapView'
import { categoryPalette, OTHER_SHADE, type Palette, rampPalette } from './palette'

/** Up to this many points are drawn as canvas circles; beyond, through ImageData. */
const SMALL_MAP = 5000

interface Canvas2D {
  ctx: CanvasRenderingContext2D
  /** Size in device pixels, and device pixels per CSS pixel. */
  w: number
  h: number
  dpr: number
}

const paletteOf = (data: MapData): Palette => (data.categorical ? categoryPalette() : rampPalette())

/** Radius (device px) of a small map's dots. */
function dotRadius(n: number, dpr: number): number {
  return (n <= 200 ? 6 : n <= 1000 ? 4.5 : 3) * dpr
}

/**
 * Each point's drawing layer, lowest first: 0/1 outside the selection (drawn dimmed), 2/3 inside it (or
 * every point without a selection); odd = a named colour, even = "other" (drawn beneath the categories).
 */
export function pointLayers(data: MapData, selected: Uint8Array | null): Uint8Array {
  const n = data.ids.length
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++)
    out[i] = (selected && !selected[i] ? 0 : 2) + (data.categorical && data.shade[i] === OTHER_SHADE ? 0 : 1)
  return out
}

/**
 * Draws every point, layer by layer (`pointLayers`); `dim` when there is a selection. `image` is reused
 * between draws of the same size. Returns the ImageData to reuse.
 */
export function drawPoints(
  c: Canvas2D,
  image: ImageData | null,
  data: MapData,
  v: View,
  layers: Uint8Array,
  dim: boolean,
): ImageData | null {
  const { ctx, w, h, dpr } = c
  const n = data.ids.length
  const pal = paletteOf(data)
  const order = dim ? [0, 1, 2, 3] : [2, 3]
  if (n > SMALL_MAP) {
    const img = image && image.width === w && image.height === h ? image : ctx.createImageData(w, h)
    const buf = new Uint32Array(img.data.buffer)
    buf.fill(0)
    const dot = Math.max(2, Math.round((n > 20_000 ? 2 : 3) * dpr))
    for (const layer of order)
      rasterise(buf, w, h, v, data.x, data.y, data.shade, layer < 2 ? pal.dimmed : pal.lut, dot, layers, layer)
    ctx.putImageData(img, 0, 0)
    return img
  }
  ctx.clearRect(0, 0, w, h)
  const r = dotRadius(n, dpr)
  for (const layer of order) {
    ctx.globalAlpha = layer < 2 ? 0.2 : 1
    let style = -1
    for (let i = 0; i < n; i++) {
      if (layers[i] !== layer) continue
      const [px, py] = toScreen(v, w, h, data.x[i]!, data.y[i]!)
      if (px < -r || py < -r || px > w + r || py > h + r) continue
      const s = data.shade[i]!
      if (s !== style) {
        ctx.fillStyle = pal.css[s]!
        style = s
      }
      ctx.beginPath()
      ctx.arc(px, py, r, 0, Math.PI * 2)
      ctx.fill()
    }
  }
  ctx.globalAlpha = 1
  return null
}

/** What the overlay shows; point indices of the data, −1 for none. */
export interface OverlayState {
  open: number
  neighbours: readonly number[]
  hover: number
  /** The sonic path's points, in order. */
  path: readonly number[]
  playing: number
  /** The lasso being drawn: [x0, y0, x1, y1, …] in device pixels. */
  lasso: readonly number[]
}

/** The theme's colours, read from the canvas's CSS custom properties. */
export function themeColors(el: Element): OverlayColors {
  const css = getComputedStyle(el)
  const get = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback
  return {
    accent: get('--accent', '#ff3d7f'),
    text: get('--text', '#000'),
    surface: get('--surface', '#fff'),
    ok: get('--ok', '#2b8a3e'),
  }
}

export function drawOverlay(c: Canvas2D, data: MapData, v: View, s: OverlayState, colors: OverlayColors): void {
  const { ctx, w, h, dpr } = c
  ctx.clearRect(0, 0, w, h)
  const at = (i: number) => toScreen(v, w, h, data.x[i]!, data.y[i]!)
  const ring = (i: number, r: number, stroke: string, width: number) => {
    const [px, py] = at(i)
    ctx.beginPath()
    ctx.arc(px, py, r * dpr, 0, Math.PI * 2)
    ctx.lineWidth = width * dpr
    ctx.strokeStyle = stroke
    ctx.stroke()
  }
  for (const i of s.neighbours) {
    ring(i, 6, colors.surface, 4)
    ring(i, 6, colors.accent, 2)
  }
  if (s.open >= 0) {
    ring(s.open, 10, colors.surface, 5)
    ring(s.open, 10, colors.text, 2.5)
    ring(s.open, 4, colors.accent, 3)
  }
  drawPathLine(ctx, s.path.map(at), colors, dpr)
  if (s.playing >= 0) drawPlayingRing(ctx, ...at(s.playing), colors, dpr)
  if (s.hover >= 0) {
    ring(s.hover, 7, colors.surface, 4)
    ring(s.hover, 7, colors.text, 2)
  }
  if (s.lasso.length >= 4) {
    ctx.beginPath()
    ctx.moveTo(s.lasso[0]!, s.lasso[1]!)
    for (let k = 2; k + 1 < s.lasso.length; k += 2) ctx.lineTo(s.lasso[k]!, s.lasso[k + 1]!)
    ctx.closePath()
    ctx.globalAlpha = 0.12
    ctx.fillStyle = colors.accent
    ctx.fill()
    ctx.globalAlpha = 1
    ctx.setLineDash([6 * dpr, 4 * dpr])
    ctx.lineWidth = 3 * dpr
    ctx.strokeStyle = colors.surface
    ctx.stroke()
    ctx.lineWidth = 1.5 * dpr
    ctx.strokeStyle = colors.text
    ctx.stroke()
    ctx.setLineDash([])
  }
}
