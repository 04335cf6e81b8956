/**
 * The sonic map's data and selection: map.get as typed arrays (positions, each point's colour shade),
 * a spatial grid for hit-testing and the lasso, and the lasso selection (track ids, in map order from
 * left to right) with what can be done with it — play, queue, a radio from it, save it as a playlist.
 * The canvas reads the data directly, outside React's rendering path.
 */
import { create } from 'zustand'
import {
  MAP_COLOR_KEYS,
  MAP_FIRST_COLOR,
  type MapCategory,
  type MapColorKey,
  type SonicMap,
  type TrackSummary,
} from '../../../shared/api'
import { errorMessage, getApi } from '../api'
import { MAX_LISTEN_TRACKS } from '../lib/listen'
import { colorKind } from '../lib/map/legend'
import { OTHER_SHADE, shadesOf } from '../lib/map/palette'
import { buildGrid, type SpatialGrid } from '../lib/spatialGrid'
import { loadPref, savePref } from './storage'

export interface MapData {
  ids: Int32Array
  x: Float32Array
  y: Float32Array
  /** Each point's colour: an index into the palette of its kind (lib/map/palette). */
  shade: Uint8Array
  colorBy: MapColorKey
  categorical: boolean
  explained: [number, number]
  grid: SpatialGrid
  /** id → point index. */
  indexOf: Map<number, number>
  valueScale?: number[]
  categories?: MapCategory[]
  otherCount?: number
  missingCount?: number
}

function toMapData(m: SonicMap): MapData {
  const n = Math.min(m.ids.length, m.x.length, m.y.length)
  const ids = Int32Array.from(m.ids.slice(0, n))
  const x = Float32Array.from(m.x.slice(0, n))
  const y = Float32Array.from(m.y.slice(0, n))
  const categorical = colorKind(m.colorBy) === 'category'
  // A colour missing for a point (a malformed answer) shows as the ramp's low end or "other".
  const shade = new Uint8Array(n).fill(categorical ? OTHER_SHADE : 0)
  shade.set(shadesOf(m.color, categorical).subarray(0, n))
  const indexOf = new Map<number, number>()
  for (let i = 0; i < n; i++) indexOf.set(ids[i]!, i)
  return {
    ids,
    x,
    y,
    shade,
    colorBy: m.colorBy,
    categorical,
    explained: m.explained,
    grid: buildGrid(x, y),
    indexOf,
    ...(m.valueScale ? { valueScale: m.valueScale } : {}),
    ...(m.categories
      ? { categories: m.categories, otherCount: m.otherCount ?? 0, missingCount: m.missingCount ?? 0 }
      : {}),
  }
}

type ColorBy = MapColorKey

export const isColorBy = (v: unknown): v is ColorBy => (MAP_COLOR_KEYS as readonly unknown[]).includes(v)

interface MapState {
  colorBy: ColorBy
  data: MapData | null
  loading: boolean
  error: string | null
  /** The library changed since the map was fetched. */
  stale: boolean
  /** Dragging draws a lasso instead of panning. */
  lassoMode: boolean
  /** The lasso's tracks, in map order (left to right); null: nothing selected. */
  selection: number[] | null
  /** What the last selection action did, or why it failed. */
  selectionMessage: string | null
  load(colorBy?: ColorBy): Promise<void>
  markStale(): void
  setLassoMode(on: boolean): void
  /** Selects the points with these indices of the current data (ordered left to right). */
  select(indices: ArrayLike<number>): void
  clearSelection(): void
  /** The selection's first MAX_LISTEN_TRACKS tracks, in map order. */
  selectionTracks(): Promise<TrackSummary[]>
}

let seq = 0

export const useMap = create<MapState>()((set, get) => ({
  colorBy: loadPref('mapColorBy', MAP_FIRST_COLOR, isColorBy),
  data: null,
  loading: false,
  error: null,
  stale: false,
  lassoMode: false,
  selection: null,
  selectionMessage: null,

  async load(colorBy) {
    const by = colorBy ?? get().colorBy
    if (colorBy) savePref('mapColorBy', colorBy)
    const my = ++seq
    set({ colorBy: by, loading: true, error: null })
    try {
      const m = await getApi().call('map.get', { colorBy: by })
      if (my !== seq) return
      const data = toMapData(m)
      // The selection survives a new colouring; tracks no longer on the map leave it.
      const sel = get().selection
      const kept = sel?.filter((id) => data.indexOf.has(id)) ?? null
      set({ data, loading: false, stale: false, selection: kept && kept.length > 0 ? kept : null })
    } catch (err) {
      if (my !== seq) return
      set({ loading: false, error: errorMessage(err) })
    }
  },

  markStale: () => set({ stale: true }),

  setLassoMode: (on) => set({ lassoMode: on }),

  select(indices) {
    const d = get().data
    if (!d || indices.length === 0) {
      set({ selection: null, selectionMessage: null })
      return
    }
    const order = Array.from(indices).sort((a, b) => d.x[a]! - d.x[b]! || a - b)
    set({ selection: order.map((i) => d.ids[i]!), selectionMessage: null })
  },

  clearSelection: () => set({ selection: null, selectionMessage: null }),

  async selectionTracks() {
    const ids = (get().selection ?? []).slice(0, MAX_LISTEN_TRACKS)
    if (ids.length === 0) return []
    try {
      const page = await getApi().call('tracks.query', { ids, limit: MAX_LISTEN_TRACKS })
      const byId = new Map(page.rows.map((t) => [t.id, t]))
      return ids.flatMap((id) => byId.get(id) ?? [])
    } catch (err) {
      set({ selectionMessage: errorMessage(err) })
      return []
    }
  },
}))
