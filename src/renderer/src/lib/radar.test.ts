import { describe, expect, it } from 'vitest'
import type { LibraryStats } from '../../../shared/api'
import { DIMENSION_KEYS, DIMENSIONS, GROUPS } from '../../../shared/dimensions'
import {
  axisAfterKey,
  groupSectors,
  hitAxis,
  labelAnchor,
  layoutLabels,
  radarAxes,
  radarPoints,
  tooltipCorner,
} from './radar'
import { fixedScale, outOfRange, percentileOf, scaleValue } from './scale'

describe('radar geometry', () => {
  const axes = radarAxes()

  it('has 25 axes in canonical order, the first pointing up, clockwise and within one turn', () => {
    expect(axes).toHaveLength(25)
    expect(axes.map((a) => a.key)).toEqual([...DIMENSION_KEYS])
    for (let i = 1; i < axes.length; i++) expect(axes[i]!.angle).toBeGreaterThan(axes[i - 1]!.angle)
    expect(axes.at(-1)!.angle - axes[0]!.angle).toBeLessThan(2 * Math.PI)
    // The first axis sits just after 12 o'clock (half a group gap in).
    expect(axes[0]!.angle).toBeGreaterThan(-Math.PI / 2)
    expect(axes[0]!.angle).toBeLessThan(-Math.PI / 2 + 0.2)
  })

  it('groups the axes: a wider gap between groups than within one, and the group colours', () => {
    const steps = axes.slice(1).map((a, i) => a.angle - axes[i]!.angle)
    const within = Math.min(...steps)
    for (let i = 1; i < axes.length; i++) {
      const step = axes[i]!.angle - axes[i - 1]!.angle
      if (axes[i]!.group === axes[i - 1]!.group) expect(step).toBeCloseTo(within, 9)
      else expect(step).toBeGreaterThan(within * 1.5)
    }
    for (const a of axes) expect(a.color).toBe(GROUPS.find((g) => g.key === a.group)!.color)
    const sectors = groupSectors(axes)
    expect(sectors.map((s) => s.group)).toEqual(GROUPS.map((g) => g.key))
    for (let i = 1; i < sectors.length; i++) expect(sectors[i]!.start).toBeGreaterThan(sectors[i - 1]!.end)
  })

  it('places vertices at the scaled radius and clamps values outside 0..1', () => {
    const scaled = DIMENSIONS.map((_, i) => (i === 0 ? 2 : i === 1 ? -1 : i === 2 ? Number.NaN : 0.5))
    const pts = radarPoints(axes, scaled, 100, 100, 80)
    const r = (i: number) => Math.hypot(pts[i]!.x - 100, pts[i]!.y - 100)
    expect(r(0)).toBeCloseTo(80)
    expect(r(1)).toBeCloseTo(0)
    expect(r(2)).toBeCloseTo(0)
    expect(r(3)).toBeCloseTo(40)
    // First axis points (almost) straight up.
    expect(pts[0]!.y).toBeLessThan(100 - 75)
    const withInner = radarPoints(axes, scaled, 0, 0, 80, 10)
    expect(Math.hypot(withInner[1]!.x, withInner[1]!.y)).toBeCloseTo(10)
  })

  it('lays the 25 labels out without overlaps, each near its axis', () => {
    const labels = axes.map((a) => a.label)
    const pos = layoutLabels(axes, labels, 320, 230, 177, 11.5)
    const charW = 11.5 * 0.56
    const lineH = 11.5 * 1.25
    const box = (i: number) => {
      const w = labels[i]!.length * charW
      const p = pos[i]!
      const x0 = p.anchor === 'start' ? p.x : p.anchor === 'end' ? p.x - w : p.x - w / 2
      return { x0, x1: x0 + w, y: p.y }
    }
    for (let i = 0; i < pos.length; i++) {
      for (let j = i + 1; j < pos.length; j++) {
        const a = box(i)
        const b = box(j)
        const overlapX = a.x0 < b.x1 && b.x0 < a.x1
        if (overlapX) expect(Math.abs(a.y - b.y)).toBeGreaterThanOrEqual(lineH - 0.01)
      }
      // Never dragged far from its axis.
      const natural = 230 + 177 * Math.sin(axes[i]!.angle)
      expect(Math.abs(pos[i]!.y - natural)).toBeLessThan(30)
    }
  })

  it('anchors labels on each side outward', () => {
    expect(labelAnchor(0)).toBe('start')
    expect(labelAnchor(Math.PI)).toBe('end')
    expect(labelAnchor(-Math.PI / 2)).toBe('middle')
  })
})

describe('display scaling', () => {
  it('clamps to the fixed display ranges', () => {
    expect(fixedScale('lufs', -40)).toBe(0)
    expect(fixedScale('lufs', -5)).toBe(1)
    expect(fixedScale('lufs', -22.5)).toBeCloseTo(0.5)
    expect(fixedScale('lufs', 3)).toBe(1)
    expect(fixedScale('tempo_bpm', 10)).toBe(0)
    expect(fixedScale('phase_correlation', 0)).toBeCloseTo(0.5)
    expect(fixedScale('bass', Number.NaN)).toBe(0)
    expect(outOfRange('lufs', 3)).toBe(true)
    expect(outOfRange('lufs', -10)).toBe(false)
  })

  it('computes the percentile from 101 quantiles, interpolating between them', () => {
    const q = Array.from({ length: 101 }, (_, i) => i * 2) // uniform on 0..200
    expect(percentileOf(q, -5)).toBe(0)
    expect(percentileOf(q, 500)).toBe(1)
    expect(percentileOf(q, 0)).toBe(0)
    expect(percentileOf(q, 200)).toBe(1)
    expect(percentileOf(q, 100)).toBeCloseTo(0.5)
    expect(percentileOf(q, 101)).toBeCloseTo(0.505)
    expect(percentileOf(q, 37)).toBeCloseTo(0.185)
  })

  it('puts ties in the middle of their run and is monotonic', () => {
    // 60 % of the library is exactly 0 (e.g. silence ratio), the rest spreads to 1.
    const q = Array.from({ length: 101 }, (_, i) => (i <= 60 ? 0 : (i - 60) / 40))
    expect(percentileOf(q, 0)).toBeCloseTo(0.3)
    let prev = -1
    for (let v = -0.1; v <= 1.1; v += 0.01) {
      const p = percentileOf(q, v)
      expect(p).toBeGreaterThanOrEqual(prev - 1e-12)
      prev = p
    }
  })

  it('falls back to fixed ranges without library statistics', () => {
    expect(scaleValue('percentile', 'lufs', -22.5, null)).toBeCloseTo(0.5)
    const stats = {
      count: 10,
      quantiles: Object.fromEntries(
        DIMENSION_KEYS.map((k) => [k, Array.from({ length: 101 }, (_, i) => -30 + i * 0.2)]),
      ),
    } as LibraryStats
    expect(scaleValue('percentile', 'lufs', -20, stats)).toBeCloseTo(0.5)
    expect(scaleValue('fixed', 'lufs', -20, stats)).toBeCloseTo(20 / 35)
  })
})

describe('radar hit testing', () => {
  const axes = radarAxes()
  const W = 640
  const H = 460
  const R = 165
  const labels = layoutLabels(
    axes,
    axes.map((a) => a.label),
    W / 2,
    H / 2,
    R + 12,
  )

  it('hovering any point of a label means that label’s own axis (every one of the 25)', () => {
    for (let i = 0; i < axes.length; i++) {
      const b = labels[i]!.box
      for (const [fx, fy] of [
        [0.5, 0.5],
        [0.1, 0.5],
        [0.9, 0.5],
        [0.5, 0.2],
        [0.5, 0.8],
      ] as const) {
        const x = b.x0 + (b.x1 - b.x0) * fx
        const y = b.y0 + (b.y1 - b.y0) * fy
        expect(hitAxis(axes, labels, W / 2, H / 2, R + 8, x, y), `${axes[i]!.label} at ${fx},${fy}`).toBe(i)
      }
    }
  })

  it('inside the chart the nearest axis by angle wins; far outside nothing', () => {
    for (const a of axes) {
      const r = R * 0.6
      expect(
        hitAxis(axes, labels, W / 2, H / 2, R + 8, W / 2 + r * Math.cos(a.angle), H / 2 + r * Math.sin(a.angle)),
      ).toBe(a.index)
    }
    expect(hitAxis(axes, labels, W / 2, H / 2, R + 8, 2, H - 2)).toBeNull()
  })

  it('puts the tooltip in the corner opposite the hovered label', () => {
    const topLeft = axes.findIndex((a) => Math.cos(a.angle) < -0.3 && Math.sin(a.angle) < -0.3)
    expect(tooltipCorner(labels[topLeft]!, W / 2, H / 2)).toEqual({ right: true, bottom: true })
    const bottomRight = axes.findIndex((a) => Math.cos(a.angle) > 0.3 && Math.sin(a.angle) > 0.3)
    expect(tooltipCorner(labels[bottomRight]!, W / 2, H / 2)).toEqual({ right: false, bottom: false })
  })

  it('steps the focused axis with the arrow keys (wrapping), jumps with Home/End, clears with Escape', () => {
    const n = 25
    expect(axisAfterKey(null, 'ArrowRight', n)).toBe(0)
    expect(axisAfterKey(24, 'ArrowDown', n)).toBe(0)
    expect(axisAfterKey(null, 'ArrowLeft', n)).toBe(24)
    expect(axisAfterKey(3, 'ArrowUp', n)).toBe(2)
    expect(axisAfterKey(7, 'Home', n)).toBe(0)
    expect(axisAfterKey(7, 'End', n)).toBe(24)
    expect(axisAfterKey(7, 'Escape', n)).toBeNull()
    // Not the chart's keys: left to the page (Escape with nothing focused closes what is around it).
    expect(axisAfterKey(null, 'Escape', n)).toBeUndefined()
    expect(axisAfterKey(7, 'Enter', n)).toBeUndefined()
  })
})
