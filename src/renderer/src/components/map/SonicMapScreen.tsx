/**
 * The sonic map screen: every fingerprinted track as a point of a 2-D projection, coloured by a
 * dimension, a group or a category (album, artist, folder, genre), with its legend, the lasso toggle
 * and what the lasso selected. The canvas and its interactions: MapCanvas.
 */
import { useEffect } from 'react'
import { MAP_CATEGORY_KEYS } from '../../../../shared/api'
import { DIMENSIONS, GROUPS } from '../../../../shared/dimensions'
import { formatCount } from '../../lib/format'
import { CATEGORY_LABELS } from '../../lib/map/legend'
import { isColorBy, useMap } from '../../stores/map'
import { TID } from '../../testids'
import { MapCanvas } from './MapCanvas'
import { MapLegend } from './MapLegend'
import { MapSelectionBar } from './MapSelectionBar'

export function SonicMapScreen() {
  const data = useMap((s) => s.data)
  const loading = useMap((s) => s.loading)
  const error = useMap((s) => s.error)
  const stale = useMap((s) => s.stale)
  const colorBy = useMap((s) => s.colorBy)
  const lassoMode = useMap((s) => s.lassoMode)

  useEffect(() => {
    const s = useMap.getState()
    if (!s.data || s.stale) void s.load()
  }, [])

  return (
    <section className="screen map" aria-label="Sonic map">
      <div className="toolbar">
        <label htmlFor="color-by">Colour by</label>
        <select
          id="color-by"
          data-testid={TID.mapColorBy}
          value={colorBy}
          onChange={(e) => {
            if (isColorBy(e.target.value)) void useMap.getState().load(e.target.value)
          }}
        >
          <optgroup label="Groups">
            {GROUPS.map((g) => (
              <option key={g.key} value={g.key}>
                {g.label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Dimensions">
            {DIMENSIONS.map((d) => (
              <option key={d.key} value={d.key}>
                {d.label}
                {d.unit ? ` (${d.unit})` : ''}
              </option>
            ))}
          </optgroup>
          <optgroup label="Tags and folders">
            {MAP_CATEGORY_KEYS.map((k) => (
              <option key={k} value={k}>
                {CATEGORY_LABELS[k]}
              </option>
            ))}
          </optgroup>
        </select>
        <button
          type="button"
          aria-pressed={lassoMode}
          className={lassoMode ? 'toggle on' : 'toggle'}
          onClick={() => useMap.getState().setLassoMode(!lassoMode)}
          data-testid={TID.mapLasso}
          title="Drag on the map to select tracks (L; Shift+drag selects without it)"
        >
          <span aria-hidden="true">◌</span> Lasso
        </button>
        {data && (
          <span className="muted small">
            {formatCount(data.ids.length)} tracks · axes explain{' '}
            {Math.round((data.explained[0] + data.explained[1]) * 100)} % of the variation
          </span>
        )}
        {stale && !loading && (
          <button type="button" onClick={() => useMap.getState().load()}>
            Update map
          </button>
        )}
        {loading && <span className="muted small">Loading…</span>}
      </div>
      {error ? (
        <div className="state-message error" role="alert">
          <h2>Could not draw the map</h2>
          <p>{error}</p>
          <button type="button" className="primary" onClick={() => useMap.getState().load()}>
            Try again
          </button>
        </div>
      ) : data && data.ids.length === 0 ? (
        <div className="state-message">
          <h2>No fingerprints yet</h2>
          <p>The map places every analysed track by how it sounds. Add a music folder and wait for the analysis.</p>
        </div>
      ) : data ? (
        <div className="map-area">
          <MapCanvas data={data} />
          <MapLegend data={data} />
          <MapSelectionBar />
        </div>
      ) : (
        <div className="state-message">
          <p className="muted">Loading the map…</p>
        </div>
      )}
    </section>
  )
}
