/** The hovered point's label: title and artist, and the track's value of what colours the map. */
import type { MapCategoryKey, MapColorKey, TrackDetail } from '../../../../shared/api'
import { DIMENSION_BY_KEY, type DimensionKey } from '../../../../shared/dimensions'
import { formatDimension } from '../../lib/format'
import { CATEGORY_LABELS, colorKind } from '../../lib/map/legend'
import { useDetails } from '../../stores/details'

/** A folder of a path (either separator). */
const folderOf = (path: string) => path.replace(/[\\/][^\\/]*$/, '') || path

function categoryOf(d: TrackDetail, kind: MapCategoryKey): string | null {
  switch (kind) {
    case 'album':
      return d.album
    case 'artist':
      return d.artist
    case 'genre':
      return d.genre
    case 'folder':
      return folderOf(d.path)
  }
}

function colourLine(d: TrackDetail, colorBy: MapColorKey): string | null {
  const kind = colorKind(colorBy)
  if (kind === 'category') {
    const k = colorBy as MapCategoryKey
    return `${CATEGORY_LABELS[k]}: ${categoryOf(d, k) ?? `no ${k} tag`}`
  }
  if (kind === 'dimension' && d.fingerprint) {
    const key = colorBy as DimensionKey
    return `${DIMENSION_BY_KEY[key].label}: ${formatDimension(key, d.fingerprint[key])}`
  }
  return null
}

export function MapTooltip({ id, colorBy, x, y }: { id: number; colorBy: MapColorKey; x: number; y: number }) {
  const d = useDetails((s) => s.entries[id])?.detail
  const line = d ? colourLine(d, colorBy) : null
  return (
    <div className="map-tooltip" style={{ left: x + 14, top: y + 14 }} role="status">
      {d ? (
        <>
          <strong>{d.title}</strong>
          <span className="muted small">{d.artist ?? 'Unknown artist'}</span>
          {line && <span className="small map-tooltip-value">{line}</span>}
        </>
      ) : (
        <span className="muted">Track {id}…</span>
      )}
    </div>
  )
}
