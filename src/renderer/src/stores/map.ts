/**
 * The sonic map's data: map.get as typed arrays plus a spatial grid for hit-testing. Kept out of
 * React's rendering path: the canvas reads it directly.
 */
import { create } from 'zustand'
import type { SonicMap } from '../../../shared/api'
import { COLOR_KEYS, type ColorKey } from '../../../shared/dimensions'
import { errorMessage, getApi } from '../api'
import { buildGrid, type SpatialGrid } from '../lib/spatialGrid'
import { loadPref, savePref } from './storage'

export interface MapData {
  ids: Int32Array
  x: Float32Array
  y: Float32Array
  color: Float32Array
  colorBy: ColorKey
  explained: [number, number]
  grid: SpatialGrid
  /** id → point index. */
  indexOf: Map<number, number>
}

export function toMapData(m: SonicMap): MapData {
  const n = Math.min(m.ids.length, m.x.length, m.y.length)
  const ids = Int32Array.from(m.ids.slice(0, n))
  const x = Float32Array.from(m.x.slice(0, n))
  const y = Float32Array.from(m.y.slice(0, n))
  const color = new Float32Array(n)
  for (let i = 0; i < n; i++) color[i] = m.color[i] ?? 0
  const indexOf = new Map<number, number>()
  for (let i = 0; i < n; i++) indexOf.set(ids[i]!, i)
  return { ids, x, y, color, colorBy: m.colorBy, explained: m.explained, grid: buildGrid(x, y), indexOf }
}

export type ColorBy = ColorKey

export const isColorBy = (v: unknown): v is ColorBy => (COLOR_KEYS as readonly unknown[]).includes(v)

interface MapState {
  colorBy: ColorKey
  data: MapData | null
  loading: boolean
  error: string | null
  /** The library changed since the map was fetched. */
  stale: boolean
  load(colorBy?: ColorKey): Promise<void>
  markStale(): void
}

let seq = 0

export const useMap = create<MapState>()((set, get) => ({
  colorBy: loadPref('mapColorBy', 'frequency' as ColorKey, isColorBy),
  data: null,
  loading: false,
  error: null,
  stale: false,

  async load(colorBy) {
    const by = colorBy ?? get().colorBy
    if (colorBy) savePref('mapColorBy', colorBy)
    const my = ++seq
    set({ colorBy: by, loading: true, error: null })
    try {
      const m = await getApi().call('map.get', { colorBy: by })
      if (my !== seq) return
      set({ data: toMapData(m), loading: false, stale: false })
    } catch (err) {
      if (my !== seq) return
      set({ loading: false, error: errorMessage(err) })
    }
  },

  markStale: () => set({ stale: true }),
}))
