/**
 * Radar-chart geometry for the 25 dimensions: one axis per dimension in canonical order (which is
 * grouped), clockwise from 12 o'clock, with a small gap between the seven groups so each group reads
 * as one sector. Pure maths — the React component only draws what this returns.
 */
import { DIMENSIONS, type DimensionKey, GROUPS, type GroupKey } from '../../../shared/dimensions'
import { clamp01 } from './scale'

export interface RadarAxis {
  index: number
  key: DimensionKey
  label: string
  group: GroupKey
  color: string
  /** Radians, 0 = 3 o'clock, clockwise on screen (y down); the first axis points up (−π/2). */
  angle: number
}

export interface GroupSector {
  group: GroupKey
  label: string
  color: string
  /** First and last axis angle of the group (radians). */
  start: number
  end: number
}

/** Gap between groups, in units of the spacing between two neighbouring axes. */
const GROUP_GAP = 0.6

const GROUP_INDEX: Record<GroupKey, number> = Object.fromEntries(GROUPS.map((g, i) => [g.key, i])) as Record<
  GroupKey,
  number
>

/** The 25 axes with their angles. */
export function radarAxes(gap = GROUP_GAP): RadarAxis[] {
  const slots = DIMENSIONS.length + GROUPS.length * gap
  return DIMENSIONS.map((d, i) => {
    const g = GROUP_INDEX[d.group]
    const slot = i + g * gap + gap / 2
    const group = GROUPS[g]!
    return {
      index: i,
      key: d.key,
      label: d.label,
      group: d.group,
      color: group.color,
      angle: -Math.PI / 2 + (2 * Math.PI * slot) / slots,
    }
  })
}

/** Angular extent of each group, for coloured background sectors and group labels. */
export function groupSectors(axes: readonly RadarAxis[], gap = GROUP_GAP): GroupSector[] {
  const half = (Math.PI * gap) / (DIMENSIONS.length + GROUPS.length * gap) // half a gap in radians
  return GROUPS.map((g) => {
    const mine = axes.filter((a) => a.group === g.key)
    return {
      group: g.key,
      label: g.label,
      color: g.color,
      start: mine[0]!.angle - half * 0.8,
      end: mine[mine.length - 1]!.angle + half * 0.8,
    }
  })
}

export interface Point {
  x: number
  y: number
}

export function polar(cx: number, cy: number, r: number, angle: number): Point {
  return { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) }
}

/** Vertex positions for scaled values (0..1, clamped; non-finite → 0) on the given axes. */
export function radarPoints(
  axes: readonly RadarAxis[],
  scaled: readonly number[],
  cx: number,
  cy: number,
  radius: number,
  /** Inner radius where 0 sits, so a zero still shows as a vertex rather than collapsing to the centre. */
  inner = 0,
): Point[] {
  return axes.map((a, i) => {
    const v = scaled[i]
    const t = v == null || !Number.isFinite(v) ? 0 : clamp01(v)
    return polar(cx, cy, inner + t * (radius - inner), a.angle)
  })
}

export function pointsAttr(points: readonly Point[]): string {
  return points.map((p) => `${p.x.toFixed(2)},${p.y.toFixed(2)}`).join(' ')
}

/** SVG path of an annular sector (for the group bands). */
export function sectorPath(cx: number, cy: number, r0: number, r1: number, start: number, end: number): string {
  const large = end - start > Math.PI ? 1 : 0
  const a = polar(cx, cy, r1, start)
  const b = polar(cx, cy, r1, end)
  const c = polar(cx, cy, r0, end)
  const d = polar(cx, cy, r0, start)
  const f = (n: number) => n.toFixed(2)
  return `M${f(a.x)},${f(a.y)} A${r1},${r1} 0 ${large} 1 ${f(b.x)},${f(b.y)} L${f(c.x)},${f(c.y)} A${r0},${r0} 0 ${large} 0 ${f(d.x)},${f(d.y)} Z`
}

/** Text anchor for a label at `angle`, so labels on the left grow leftwards. */
export function labelAnchor(angle: number): 'start' | 'middle' | 'end' {
  const c = Math.cos(angle)
  if (Math.abs(c) < 0.2) return 'middle'
  return c > 0 ? 'start' : 'end'
}

export interface LabelPlacement {
  x: number
  y: number
  anchor: 'start' | 'middle' | 'end'
  /** The label's estimated text box (viewBox units): what the pointer hovers. */
  box: { x0: number; x1: number; y0: number; y1: number }
}

/**
 * Axis-label positions that do not overlap: each label starts just outside its axis, anchored away
 * from the centre, then overlapping labels (estimated text boxes) are pushed apart vertically until
 * none overlap. Deterministic and cheap (25 labels).
 */
export function layoutLabels(
  axes: readonly RadarAxis[],
  labels: readonly string[],
  cx: number,
  cy: number,
  r: number,
  fontSize = 11.5,
): LabelPlacement[] {
  const charW = fontSize * 0.56
  const lineH = fontSize * 1.25
  const boxes = axes.map((a, i) => {
    const p = polar(cx, cy, r, a.angle)
    const anchor = labelAnchor(a.angle)
    const w = (labels[i] ?? '').length * charW
    const x0 = anchor === 'start' ? p.x : anchor === 'end' ? p.x - w : p.x - w / 2
    // Labels above/below the chart sit a little further out so they clear the vertex ring.
    const y = p.y + Math.sin(a.angle) * (anchor === 'middle' ? lineH * 0.35 : 0)
    return { x: p.x, y, anchor, x0, x1: x0 + w }
  })
  for (let iter = 0; iter < 60; iter++) {
    let moved = false
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!
        const b = boxes[j]!
        if (a.x1 <= b.x0 || b.x1 <= a.x0) continue
        const overlap = lineH - Math.abs(a.y - b.y)
        if (overlap <= 0) continue
        const push = overlap / 2 + 0.1
        if (a.y <= b.y) {
          a.y -= push
          b.y += push
        } else {
          a.y += push
          b.y -= push
        }
        moved = true
      }
    }
    if (!moved) break
  }
  return boxes.map(({ x, y, anchor, x0, x1 }) => ({
    x,
    y,
    anchor,
    box: { x0: x0 - 2, x1: x1 + 2, y0: y - lineH / 2, y1: y + lineH / 2 },
  }))
}

/**
 * Which axis the pointer at (x, y) means: the axis whose label box it is over (labels are pushed
 * apart, so a label can sit in a neighbour's angular slice), else, inside the chart, the axis nearest
 * by angle. Null outside both.
 */
export function hitAxis(
  axes: readonly RadarAxis[],
  labels: readonly LabelPlacement[],
  cx: number,
  cy: number,
  radius: number,
  x: number,
  y: number,
): number | null {
  for (let i = 0; i < labels.length; i++) {
    const b = labels[i]!.box
    if (x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1) return i
  }
  const dx = x - cx
  const dy = y - cy
  if (dx * dx + dy * dy > radius * radius) return null
  const angle = Math.atan2(dy, dx)
  let best: number | null = null
  let bestDist = Number.POSITIVE_INFINITY
  for (const a of axes) {
    const d = Math.abs(Math.atan2(Math.sin(angle - a.angle), Math.cos(angle - a.angle)))
    if (d < bestDist) {
      bestDist = d
      best = a.index
    }
  }
  return best
}

/** The tooltip goes in the corner diagonally opposite the hovered label, so it never covers it. */
export function tooltipCorner(
  label: { x: number; y: number },
  cx: number,
  cy: number,
): { right: boolean; bottom: boolean } {
  return { right: label.x < cx, bottom: label.y < cy }
}

/**
 * The axis a key moves the chart's focus to among `n` axes (arrows step and wrap, Home/End jump,
 * Escape clears), or undefined when the key is not the chart's.
 */
export function axisAfterKey(active: number | null, key: string, n: number): number | null | undefined {
  if (key === 'ArrowRight' || key === 'ArrowDown') return ((active ?? -1) + 1) % n
  if (key === 'ArrowLeft' || key === 'ArrowUp') return ((active ?? 0) - 1 + n) % n
  if (key === 'Home') return 0
  if (key === 'End') return n - 1
  if (key === 'Escape' && active != null) return null
  return undefined
}
