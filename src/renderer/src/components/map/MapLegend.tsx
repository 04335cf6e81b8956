/**
 * The sonic map's legend. A dimension: the colour ramp with its values in the dimension's unit at the
 * minimum, quartiles and maximum of the mapped tracks (the colour is the track's percentile). A group:
 * the ramp from low to high and what high means in words. A category: the most common ones with their
 * colour and count, then "other" and "no tag". Below it, what the marks over the points are.
 */
import type { MapCategoryKey } from '../../../../shared/api'
import { DIMENSION_BY_KEY, type DimensionKey, type GroupKey } from '../../../../shared/dimensions'
import { rampCss } from '../../lib/colormap'
import { formatCount } from '../../lib/format'
import {
  CATEGORY_LABELS,
  colorByLabel,
  colorKind,
  formatValue,
  groupHighMeans,
  shortCategory,
} from '../../lib/map/legend'
import { CATEGORY_COLORS, OTHER_COLOR } from '../../lib/map/palette'
import type { MapData } from '../../stores/map'
import { useNav } from '../../stores/nav'
import { usePath } from '../../stores/path'
import { usePlayer } from '../../stores/player'
import { useSimilar } from '../../stores/similar'
import { TID } from '../../testids'

const RAMP = Array.from({ length: 9 }, (_, i) => `${rampCss(i / 8)} ${(i / 8) * 100}%`).join(', ')
const TICK_NAMES = ['minimum', 'lower quartile', 'median', 'upper quartile', 'maximum']

export function MapLegend({ data }: { data: MapData }) {
  const kind = colorKind(data.colorBy)
  return (
    <section className="map-legend" aria-label="Legend" data-testid={TID.mapLegend} data-kind={kind}>
      {kind === 'category' ? (
        <CategoryLegend data={data} />
      ) : kind === 'group' ? (
        <GroupLegend group={data.colorBy as GroupKey} />
      ) : (
        <DimensionLegend dim={data.colorBy as DimensionKey} ticks={data.valueScale ?? []} />
      )}
      <OverlayKey />
    </section>
  )
}

/** What the marks over the points are (only those on the map now); the path can be cleared. */
function OverlayKey() {
  const playing = usePlayer((s) => s.track?.title ?? null)
  const openId = useNav((s) => s.lastTrackId)
  const similar = useSimilar((s) => (s.queryId === openId ? s.results.length : 0))
  const path = usePath((s) => s.result?.tracks ?? null)
  if (!playing && openId == null && !path) return null
  return (
    <ul className="map-overlay-key" aria-label="Marks on the map" data-testid={TID.mapOverlayKey}>
      {playing && (
        <li>
          <span className="key-mark playing" aria-hidden="true" />
          Playing: {playing}
        </li>
      )}
      {openId != null && (
        <li>
          <span className="key-mark open" aria-hidden="true" />
          The track you opened last{similar > 0 && <>, and its {similar} most similar (pink rings)</>}
        </li>
      )}
      {path && (
        <li>
          <span className="key-mark path" aria-hidden="true" />
          Path A → B, {path.length} tracks{' '}
          <button type="button" className="link" onClick={() => usePath.getState().clear()}>
            Clear
          </button>
        </li>
      )}
    </ul>
  )
}

function DimensionLegend({ dim, ticks }: { dim: DimensionKey; ticks: number[] }) {
  const label = colorByLabel(dim)
  const unit = DIMENSION_BY_KEY[dim].unit
  const text = ticks.map((v, i) => `${TICK_NAMES[i]} ${formatValue(dim, v)}`).join(', ')
  const [min, q1, median, q3, max] = ticks
  return (
    <>
      <h3 className="map-legend-title">
        {label}
        {unit && <span className="muted"> · {unit}</span>}
      </h3>
      <span
        className="ramp"
        style={{ background: `linear-gradient(to right, ${RAMP})` }}
        role="img"
        aria-label={`Colour scale of ${label}: ${text || 'no values'}`}
      />
      {ticks.length === 5 && (
        <>
          <div className="map-legend-ticks" aria-hidden="true">
            {[min, median, max].map((v, i) => (
              <span key={TICK_NAMES[i * 2]} data-testid={TID.mapLegendTick} title={TICK_NAMES[i * 2]}>
                {formatValue(dim, v!)}
              </span>
            ))}
          </div>
          <p className="muted small map-legend-note">
            Colour: the track’s rank in this library. The middle half lies between {formatValue(dim, q1!)} and{' '}
            {formatValue(dim, q3!)}.
          </p>
        </>
      )}
    </>
  )
}

function GroupLegend({ group }: { group: GroupKey }) {
  return (
    <>
      <h3 className="map-legend-title">{colorByLabel(group)}</h3>
      <span className="map-legend-row">
        <span className="muted small">low</span>
        <span className="ramp" style={{ background: `linear-gradient(to right, ${RAMP})` }} aria-hidden="true" />
        <span className="muted small">high</span>
      </span>
      <p className="small map-legend-note">
        <strong>High:</strong> {groupHighMeans(group)}
      </p>
    </>
  )
}

function CategoryLegend({ data }: { data: MapData }) {
  const kind = data.colorBy as MapCategoryKey
  const cats = data.categories ?? []
  const other = data.otherCount ?? 0
  const missing = data.missingCount ?? 0
  return (
    <>
      <h3 className="map-legend-title">{CATEGORY_LABELS[kind]}</h3>
      <ul className="map-legend-categories">
        {cats.map((c, i) => (
          <li key={c.label} data-testid={TID.mapLegendCategory} data-index={i} title={c.label}>
            <span className="swatch" style={{ background: CATEGORY_COLORS[i] }} aria-hidden="true" />
            <span className="name">{shortCategory(kind, c.label)}</span>
            <span className="muted count">{formatCount(c.count)}</span>
          </li>
        ))}
        {(other > 0 || missing > 0) && (
          <li className="other" data-testid={TID.mapLegendCategory} data-index={-1}>
            <span className="swatch" style={{ background: OTHER_COLOR }} aria-hidden="true" />
            <span className="name">
              {other > 0 && missing > 0 ? `Other, or no ${kind} tag` : other > 0 ? `Other ${kind}s` : `No ${kind} tag`}
            </span>
            <span className="muted count">{formatCount(other + missing)}</span>
          </li>
        )}
      </ul>
    </>
  )
}
