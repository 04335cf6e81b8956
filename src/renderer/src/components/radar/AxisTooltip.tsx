/**
 * What the radar shows for one axis: the dimension and its group, the value with its unit and its
 * percentile in this library, the compared track's value, the meaning, and a note when the value lies
 * outside the chart's range. Plus the legend of group colours below the chart.
 */
import type { LibraryStats } from '../../../../shared/api'
import { DIMENSION_BY_KEY, type DimensionKey, type Fingerprint, GROUPS } from '../../../../shared/dimensions'
import { formatDimension, ordinal } from '../../lib/format'
import { outOfRange, percentileOf } from '../../lib/scale'

export function AxisTooltip({
  fp,
  compare,
  compareTitle,
  axisKey,
  stats,
}: {
  fp: Fingerprint
  compare: Fingerprint | null
  compareTitle?: string
  axisKey: DimensionKey
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

/** The group colours, and the compared track's dashed swatch when there is one. */
export function RadarLegend({ compareTitle }: { compareTitle: string | null }) {
  return (
    <div className="radar-legend" aria-hidden="true">
      {GROUPS.map((g) => (
        <span key={g.key} className="legend-item">
          <span className="swatch" style={{ background: g.color }} />
          {g.label}
        </span>
      ))}
      {compareTitle != null && (
        <span className="legend-item">
          <span className="swatch swatch-compare" />
          {compareTitle}
        </span>
      )}
    </div>
  )
}
