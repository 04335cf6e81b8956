/**
 * A perceptually ordered colour ramp (viridis): an RGB colour or a CSS string at 0..1 (the sonic
 * map's lookup tables are built from it in lib/map/palette).
 */
// Viridis control points (every 1/8).
const STOPS: readonly [number, number, number][] = [
  [68, 1, 84],
  [70, 50, 127],
  [54, 92, 141],
  [39, 127, 142],
  [31, 161, 135],
  [74, 194, 109],
  [159, 218, 58],
  [253, 231, 37],
]

export function rampColor(t: number): [number, number, number] {
  const x = (Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0) * (STOPS.length - 1)
  const i = Math.min(STOPS.length - 2, Math.floor(x))
  const f = x - i
  const a = STOPS[i]!
  const b = STOPS[i + 1]!
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ]
}

export function rampCss(t: number): string {
  const [r, g, b] = rampColor(t)
  return `rgb(${r} ${g} ${b})`
}
