/**
 * The radar's drawing (SVG content): the seven coloured group sectors, the rings, one line and label per
 * axis, the fingerprint's polygon with its vertices, and the compared fingerprint's dashed polygon. The
 * axis at `active` is highlighted.
 */

import {
  type GroupSector,
  type LabelPlacement,
  type Point,
  pointsAttr,
  polar,
  type RadarAxis,
  sectorPath,
} from '../../lib/radar'
import { TID } from '../../testids'

const RINGS = [0.25, 0.5, 0.75, 1]

export interface RadarGeometry {
  axes: readonly RadarAxis[]
  sectors: readonly GroupSector[]
  labels: readonly LabelPlacement[]
  cx: number
  cy: number
  /** Outer radius, and the inner radius where every axis starts. */
  r: number
  inner: number
}

export function RadarShapes({
  geometry: { axes, sectors, labels, cx, cy, r, inner },
  points,
  comparePoints,
  active,
}: {
  geometry: RadarGeometry
  points: readonly Point[]
  comparePoints: readonly Point[] | null
  active: number | null
}) {
  return (
    <>
      {sectors.map((s) => (
        <path key={s.group} d={sectorPath(cx, cy, inner, r, s.start, s.end)} fill={s.color} className="radar-sector" />
      ))}
      {RINGS.map((ring) => (
        <circle key={ring} cx={cx} cy={cy} r={inner + ring * (r - inner)} className="radar-ring" />
      ))}
      {axes.map((a) => {
        const o = polar(cx, cy, r, a.angle)
        const i0 = polar(cx, cy, inner, a.angle)
        return (
          <line
            key={a.key}
            x1={i0.x}
            y1={i0.y}
            x2={o.x}
            y2={o.y}
            stroke={a.color}
            className={a.index === active ? 'radar-axis-line active' : 'radar-axis-line'}
          />
        )
      })}
      {comparePoints && <polygon points={pointsAttr(comparePoints)} className="radar-shape-compare" />}
      <polygon points={pointsAttr(points)} className="radar-shape" />
      {points.map((p, i) => (
        <circle
          key={axes[i]!.key}
          cx={p.x}
          cy={p.y}
          r={i === active ? 5.5 : 3.5}
          fill={axes[i]!.color}
          className="radar-vertex"
        />
      ))}
      {axes.map((a, i) => {
        const p = labels[i]!
        return (
          <text
            key={a.key}
            data-testid={TID.radarAxis}
            data-key={a.key}
            x={p.x}
            y={p.y}
            textAnchor={p.anchor}
            dominantBaseline="middle"
            className={a.index === active ? 'radar-label active' : 'radar-label'}
          >
            {a.label}
          </text>
        )
      })}
    </>
  )
}
