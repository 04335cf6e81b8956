/**
 * The sonic map as the service serves it (`map.get`): the projection of the library's fingerprints
 * (sonic-map.ts) computed once per library state and reused for every colour, and each colour's map
 * cached until the library changes.
 *
 * The fingerprints are read a slice at a time with a turn of the event loop between slices, so other
 * requests are answered while the map is read. With `warm`, the projection (and the colours asked for
 * recently) are computed ahead: shortly after the library opens and after it stops changing, so that
 * opening the map finds it ready.
 */
import type { MapColorKey, SonicMap } from '../../shared/api'
import { MAP_CATEGORY_KEYS, type MapCategoryKey } from '../../shared/api'
import { type ColorKey, DIMENSION_COUNT } from '../../shared/dimensions'
import type { Library } from './library'
import { categoryMap, colorMap, type MapColumns, type MapProjection, projectColumns } from './sonic-map'

/** Rows read per slice. */
const SLICE = 5000
/** Warm-up delay after the library opened, and after its last change. */
const WARM_AFTER_OPEN_MS = 1500
const WARM_AFTER_CHANGE_MS = 3000
/** How many recently asked colours a warm-up recomputes. */
const RECENT_COLORS = 3

const isCategory = (c: MapColorKey): c is MapCategoryKey => (MAP_CATEGORY_KEYS as readonly string[]).includes(c)

/** What the cache reads from the library. */
export type MapLibrary = Pick<Library, 'mapRows' | 'categoryRows'>

export class MapCache {
  private generation = 0
  private projection: Promise<MapProjection> | null = null
  private readonly maps = new Map<MapColorKey, SonicMap>()
  private recent: MapColorKey[] = []
  private timer: ReturnType<typeof setTimeout> | null = null
  private closed = false

  constructor(
    private readonly lib: MapLibrary,
    private readonly opts: {
      warm: boolean
      /** What a warm-up computes before anything was asked: the colouring the map opens with. */
      firstColor: MapColorKey
      /** Warm-up delays (ms) after opening and after the last change. */
      afterOpenMs?: number
      afterChangeMs?: number
    },
  ) {
    this.recent = [opts.firstColor]
    this.schedule(opts.afterOpenMs ?? WARM_AFTER_OPEN_MS)
  }

  /** The library changed: forget the map; with `warm`, compute it again once the changes stop. */
  invalidate(): void {
    this.generation++
    this.projection = null
    this.maps.clear()
    this.schedule(this.opts.afterChangeMs ?? WARM_AFTER_CHANGE_MS)
  }

  async get(colorBy: MapColorKey): Promise<SonicMap> {
    this.recent = [colorBy, ...this.recent.filter((c) => c !== colorBy)].slice(0, RECENT_COLORS)
    const cached = this.maps.get(colorBy)
    if (cached) return cached
    const gen = this.generation
    const projection = await this.project()
    const map = isCategory(colorBy) ? this.categoryMap(projection, colorBy) : colorMap(projection, colorBy as ColorKey)
    // A map of a library that changed meanwhile is answered but not kept.
    if (gen === this.generation) this.maps.set(colorBy, map)
    return map
  }

  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private schedule(delayMs: number): void {
    if (!this.opts.warm || this.closed) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.warm()
    }, delayMs)
    this.timer.unref?.()
  }

  private async warm(): Promise<void> {
    try {
      for (const c of this.recent) {
        if (this.closed) return
        await this.get(c)
      }
    } catch (err) {
      if (!this.closed) console.error('soundprint: could not prepare the sonic map:', (err as Error).message)
    }
  }

  private project(): Promise<MapProjection> {
    if (!this.projection) {
      const p = this.read().then(projectColumns)
      this.projection = p
      p.catch(() => {
        if (this.projection === p) this.projection = null
      })
    }
    return this.projection
  }

  /** The done tracks' ids and values, column by column, read a slice at a time. */
  private async read(): Promise<MapColumns> {
    let capacity = SLICE
    const ids: number[] = []
    let values = Array.from({ length: DIMENSION_COUNT }, () => new Float32Array(capacity))
    let after = 0
    for (;;) {
      if (this.closed) throw new Error('the library was closed')
      const rows = this.lib.mapRows(after, SLICE)
      if (ids.length + rows.length > capacity) {
        capacity = Math.max(capacity * 2, ids.length + rows.length)
        values = values.map((col) => {
          const grown = new Float32Array(capacity)
          grown.set(col)
          return grown
        })
      }
      for (const r of rows) {
        const i = ids.length
        ids.push(r[0] as number)
        for (let d = 0; d < DIMENSION_COUNT; d++) (values[d] as Float32Array)[i] = r[d + 1] as number
      }
      if (rows.length < SLICE) break
      after = ids[ids.length - 1] as number
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    return { ids, values: values.map((col) => col.subarray(0, ids.length)) }
  }

  private categoryMap(projection: MapProjection, colorBy: MapCategoryKey): SonicMap {
    const keyOf = new Map<number, string | null>()
    const labels = new Map<string, string>()
    for (const [id, key, label] of this.lib.categoryRows(colorBy)) {
      keyOf.set(id, key)
      if (key !== null && !labels.has(key)) labels.set(key, label ?? key)
    }
    const keys = projection.ids.map((id) => keyOf.get(id) ?? null)
    return categoryMap(projection, colorBy, keys, (k) => labels.get(k) ?? k)
  }
}
