/**
 * The sonic map's colours as lookup tables (packed little-endian RGBA, 0xAABBGGRR, for ImageData) and
 * CSS strings (for the legend and the small-map circles): the viridis ramp for a dimension or a group,
 * and a categorical palette for album, artist, folder or genre — ten hues of mid lightness that read on
 * the light and the dark surface alike, and a muted grey for every other category.
 */
import { rampColor } from '../colormap'

/** Ten categorical colours (Tableau 10, its grey swapped for cyan: grey means "other"). */
export const CATEGORY_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#17becf',
] as const

/** "Other" and "no tag": a neutral grey, drawn fainter than the named categories. */
export const OTHER_COLOR = '#8a8f98'
const OTHER_ALPHA = 150
/** LUT slot of "other" in a categorical table. */
export const OTHER_SHADE = 255

const POINT_ALPHA = 235
/** Points outside the selection while there is one. */
const DIMMED_ALPHA = 45

export interface Palette {
  /** 256 packed colours, indexed by a point's shade. */
  lut: Uint32Array
  /** The same colours with a low alpha: points outside the selection. */
  dimmed: Uint32Array
  /** CSS colour of each shade. */
  css: string[]
}

const pack = (r: number, g: number, b: number, a: number) => ((a << 24) | (b << 16) | (g << 8) | r) >>> 0

function hexRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16)
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255]
}

function build(rgbAt: (i: number) => [number, number, number], alphaAt: (i: number) => number): Palette {
  const lut = new Uint32Array(256)
  const dimmed = new Uint32Array(256)
  const css: string[] = []
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = rgbAt(i)
    const a = alphaAt(i)
    lut[i] = pack(r, g, b, a)
    dimmed[i] = pack(r, g, b, DIMMED_ALPHA)
    css.push(`rgb(${r} ${g} ${b} / ${(a / 255).toFixed(2)})`)
  }
  return { lut, dimmed, css }
}

let ramp: Palette | null = null
let categorical: Palette | null = null

/** The viridis ramp: shade i is the colour at i/255. */
export function rampPalette(): Palette {
  ramp ??= build(
    (i) => rampColor(i / 255),
    () => POINT_ALPHA,
  )
  return ramp
}

/** Shade k < CATEGORY_COLORS.length is category k; every other shade is "other". */
export function categoryPalette(): Palette {
  categorical ??= build(
    (i) => hexRgb(CATEGORY_COLORS[i] ?? OTHER_COLOR),
    (i) => (i < CATEGORY_COLORS.length ? POINT_ALPHA : OTHER_ALPHA),
  )
  return categorical
}

/**
 * Each point's shade (LUT index) from map.get's `color`: a 0..1 value → 0..255 on the ramp; a category
 * index → its slot, −1 (or an index beyond the palette) → OTHER_SHADE.
 */
export function shadesOf(color: ArrayLike<number>, categorical: boolean): Uint8Array {
  const n = color.length
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const c = color[i] as number
    if (categorical) out[i] = c >= 0 && c < CATEGORY_COLORS.length ? c : OTHER_SHADE
    else out[i] = c >= 1 ? 255 : c > 0 ? (c * 255 + 0.5) | 0 : 0
  }
  return out
}
