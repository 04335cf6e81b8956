/**
 * Radar chart of the 25 dimensions (SVG). Axes are grouped into seven coloured sectors and labelled;
 * hovering an axis or moving along them with the arrow keys (the chart is focusable) shows the raw
 * value with its unit, its percentile in this library, and the compared track's value. A second
 * fingerprint (`compare`) is overlaid dashed.
 */
import { memo, useMemo, useState } from 'react'
import type { LibraryStats } from '../../../shared/api'
import {
  DIMENSION_BY_KEY,
  DIMENSION_COUNT,
  type DIMENSIONS,
  type Fingerprint,
  GROUPS,
} from '../../../shared/dimensions'
import { formatDimension, ordinal } from '../lib/format'
import {
  groupSectors,
  hitAxis,
  layoutLabels,
  pointsAttr,
  polar,
  radarAxes,
  radarPoints,
  sectorPath,
  tooltipCorner,
} from '../lib/radar'
import { type DisplayMode, outOfRange, percentileOf, scaleValue } from '../lib/scale'
import { TID } from '../testids'

const AXES = radarAxes()
const SECTORS = groupSectors(AXES)
const RINGS = [0.25, 0.5, 0.75, 1]
// Full-size chart geometry (viewBox units).
const FULL = { W: 640, H: 460, R: 165 }
const LABELS = layoutLabels(
  AXES,
  AXES.map((a) => a.label),
  FULL.W / 2,
  FULL.H / 2,
  FULL.R + 12,
)

interface RadarProps {
  fingerprint: Fingerprint
  compare?: Fingerprint | null
  mode: DisplayMode
  stats: LibraryStats | null
  /** Accessible name, e.g. the track title. */
  title: string
  compareTitle?: string
}

function scaled(fp: Fingerprint, mode: DisplayMode, stats: LibraryStats | null): number[] {
  return AXES.map((a) => scaleValue(mode, a.key, fp[a.key], stats))
}

export const Radar = memo(function Radar({ fingerprint, compare, mode, stats, title, compareTitle }: RadarProps) {
  const [active, setActive] = useState<number | null>(null)
  const { W, H, R } = FULL
  const cx = W / 2
  const cy = H / 2
  const inner = 14

  const main = useMemo(() => scaled(fingerprint, mode, stats), [fingerprint, mode, stats])
  const other = useMemo(() => (compare ? scaled(compare, mode, stats) : null), [compare, mode, stats])
  const pts = radarPoints(AXES, main, cx, cy, R, inner)
  const otherPts = other ? radarPoints(AXES, other, cx, cy, R, inner) : null

  const modeText = mode === 'percentile' ? 'percentile within this library' : 'fixed display ranges'
  const label = `Radar chart of the ${DIMENSION_COUNT} fingerprint dimensions of ${title}${compareTitle ? `, compared with ${compareTitle}` : ''}, scaled by ${modeText}. Focus it and use the arrow keys to read each value.`

  const onKeyDown = (e: React.KeyboardEvent) => {
    const n = AXES.length
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') setActive((a) => ((a ?? -1) + 1) % n)
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') setActive((a) => ((a ?? 0) - 1 + n) % n)
    else if (e.key === 'Home') setActive(0)
    else if (e.key === 'End') setActive(n - 1)
    else if (e.key === 'Escape' && active != null) setActive(null)
    else return
    e.preventDefault()
  }

  const activeAxis = active == null ? null : AXES[active]!
  const corner = active == null ? null : tooltipCorner(LABELS[active]!, cx, cy)

  // One hit test for the whole chart (labels first, then the nearest axis inside the chart), so a
  // label pushed into a neighbour's slice still shows its own axis.
  const onPointerMove = (e: React.PointerEvent<SVGSVGElement>) => {
    const ctm = e.currentTarget.getScreenCTM()
    if (!ctm) return
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse())
    setActive(hitAxis(AXES, LABELS, cx, cy, R + 8, p.x, p.y))
  }

  return (
    <div className="radar-wrap">
      <svg
        className="radar"
        data-testid={TID.radar}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={label}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can step through the axes with the arrow keys
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={() => setActive((a) => a ?? 0)}
        onBlur={() => setActive(null)}
        onPointerMove={onPointerMove}
        onPointerLeave={() => setActive(null)}
      >
        {SECTORS.map((s) => (
          <path
            key={s.group}
            d={sectorPath(cx, cy, inner, R, s.start, s.end)}
            fill={s.color}
            className="radar-sector"
          />
        ))}
        {RINGS.map((r) => (
          <circle key={r} cx={cx} cy={cy} r={inner + r * (R - inner)} className="radar-ring" />
        ))}
        {AXES.map((a) => {
          const o = polar(cx, cy, R, a.angle)
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
        {otherPts && <polygon points={pointsAttr(otherPts)} className="radar-shape-compare" />}
        <polygon points={pointsAttr(pts)} className="radar-shape" />
        {pts.map((p, i) => (
          <circle
            key={AXES[i]!.key}
            cx={p.x}
            cy={p.y}
            r={i === active ? 5.5 : 3.5}
            fill={AXES[i]!.color}
            className="radar-vertex"
          />
        ))}
        {AXES.map((a, i) => {
          const p = LABELS[i]!
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
      </svg>
      <div className="radar-legend" aria-hidden="true">
        {GROUPS.map((g) => (
          <span key={g.key} className="legend-item">
            <span className="swatch" style={{ background: g.color }} />
            {g.label}
          </span>
        ))}
        {compare && (
          <span className="legend-item">
            <span className="swatch swatch-compare" />
            {compareTitle ?? 'Compared track'}
          </span>
        )}
      </div>
      <div
        className={`radar-tooltip${corner?.right ? ' at-right' : ''}${corner?.bottom ? ' at-bottom' : ''}`}
        role="status"
        aria-live="polite"
        hidden={!activeAxis}
        data-key={activeAxis?.key}
      >
        {activeAxis && (
          <AxisTooltip
            fp={fingerprint}
            compare={compare ?? null}
            compareTitle={compareTitle}
            axisKey={activeAxis.key}
            stats={stats}
          />
        )}
      </div>
    </div>
  )
})

function AxisTooltip({
  fp,
  compare,
  compareTitle,
  axisKey,
  stats,
}: {
  fp: Fingerprint
  compare: Fingerprint | null
  compareTitle?: string
  axisKey: (typeof DIMENSIONS)[number]['key']
  stats: LibraryStats | null
}) {
  const d = DIMENSION_BY_KEY[axisKey]
  const group = GROUPS.find((g) => g.key === d.group)!
  const v = fp[axisKey]
  const q = stats && stats.count > 0 ? stats.quantiles[axisKey] : null
  const pct = q ? Math.round(percentileOf(q, v) * 100) : null
  return (
    <>
      <div className="tt-title">
        <span className="swatch" style={{ background: group.color }} /> {d.label}
        <span className="tt-group"> · {group.label}</span>
      </div>
      <div className="tt-value">
        {formatDimension(axisKey, v)}
        {pct != null && <span className="tt-pct"> · {ordinal(pct)} percentile</span>}
      </div>
      {compare && (
        <div className="tt-compare">
          {compareTitle ?? 'Compared'}: {formatDimension(axisKey, compare[axisKey])}
        </div>
      )}
      <div className="tt-desc">{d.description}</div>
      {outOfRange(axisKey, v) && (
        <div className="tt-note">
          Outside the chart range {d.range[0]}…{d.range[1]}
          {d.unit ? ` ${d.unit}` : ''}: drawn at the edge.
        </div>
      )}
    </>
  )
}
