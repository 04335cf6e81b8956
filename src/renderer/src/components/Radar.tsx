/**
 * Radar chart of the fingerprint's dimensions (SVG): the interactive container. Axes are grouped into
 * seven coloured sectors and labelled (radar/RadarShapes.tsx); hovering an axis or moving along them
 * with the arrow keys (the chart is focusable) shows the raw value with its unit, its percentile in
 * this library, and the compared track's value (radar/AxisTooltip.tsx). A second fingerprint
 * (`compare`) is overlaid dashed.
 */
import { memo, useMemo, useState } from 'react'
import type { LibraryStats } from '../../../shared/api'
import { DIMENSION_COUNT, type Fingerprint } from '../../../shared/dimensions'
import { axisAfterKey, groupSectors, hitAxis, layoutLabels, radarAxes, radarPoints, tooltipCorner } from '../lib/radar'
import { type DisplayMode, scaleValue } from '../lib/scale'
import { TID } from '../testids'
import { AxisTooltip, RadarLegend } from './radar/AxisTooltip'
import { type RadarGeometry, RadarShapes } from './radar/RadarShapes'

// Full-size chart geometry (viewBox units).
const W = 640
const H = 460
const AXES = radarAxes()
const GEOMETRY: RadarGeometry = {
  axes: AXES,
  sectors: groupSectors(AXES),
  cx: W / 2,
  cy: H / 2,
  r: 165,
  inner: 14,
  labels: layoutLabels(
    AXES,
    AXES.map((a) => a.label),
    W / 2,
    H / 2,
    165 + 12,
  ),
}

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
  const { cx, cy, r, inner, labels } = GEOMETRY

  const main = useMemo(() => scaled(fingerprint, mode, stats), [fingerprint, mode, stats])
  const other = useMemo(() => (compare ? scaled(compare, mode, stats) : null), [compare, mode, stats])
  const points = radarPoints(AXES, main, cx, cy, r, inner)
  const comparePoints = other ? radarPoints(AXES, other, cx, cy, r, inner) : null

  const modeText = mode === 'percentile' ? 'percentile within this library' : 'fixed display ranges'
  const label = `Radar chart of the ${DIMENSION_COUNT} fingerprint dimensions of ${title}${compareTitle ? `, compared with ${compareTitle}` : ''}, scaled by ${modeText}. Focus it and use the arrow keys to read each value.`

  const onKeyDown = (e: React.KeyboardEvent) => {
    const next = axisAfterKey(active, e.key, AXES.length)
    if (next === undefined) return
    setActive(next)
    e.preventDefault()
  }

  const activeAxis = active == null ? null : AXES[active]!
  const corner = active == null ? null : tooltipCorner(labels[active]!, cx, cy)

  // One hit test for the whole chart (labels first, then the nearest axis inside the chart), so a
  // label pushed into a neighbour's slice still shows its own axis.
  const onPointerMove = (e: React.PointerEvent<SVGSVGElement>) => {
    const ctm = e.currentTarget.getScreenCTM()
    if (!ctm) return
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse())
    setActive(hitAxis(AXES, labels, cx, cy, r + 8, p.x, p.y))
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
        <RadarShapes geometry={GEOMETRY} points={points} comparePoints={comparePoints} active={active} />
      </svg>
      <RadarLegend compareTitle={compare ? (compareTitle ?? 'Compared track') : null} />
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
