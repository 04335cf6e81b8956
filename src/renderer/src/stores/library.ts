/**
 * The library table's window onto tracks.query: the query (filter, sort), the keyboard cursor, and a
 * page cache outside React state. Components read rows with `rowAt(i)` and re-render when `revision`
 * moves (a page arrived). Typing filters after a short pause; library changes refresh the visible
 * pages at most once a second, keeping the old rows on screen meanwhile.
 */
import { create } from 'zustand'
import type { TrackSortKey, TrackState, TrackSummary } from '../../../shared/api'
import { getApi } from '../api'
import { debounce } from '../lib/debounce'
import { PageCache, type PageFetcher } from '../lib/paging'
import { EMPTY_SELECTION, extendTo, isSelected, rangePages, type Selection, toggleRow } from '../lib/selection'
import { useNav } from './nav'

export const PAGE_SIZE = 200
export const FILTER_DEBOUNCE_MS = 150
/** The most tracks one action on a selection takes (a playlist, a queue, radio seeds). */
export const MAX_SELECTION_ACTION = 10_000
const REFRESH_MIN_INTERVAL_MS = 1000

interface LibraryState {
  /** What the filter box shows (immediately). */
  filterText: string
  /** The filter in effect (after the debounce). */
  filter: string
  /** Only tracks in this state, or all. */
  stateFilter: TrackState | null
  /** Only tracks under this folder (the Folders view), or all. */
  folder: string | null
  sort: TrackSortKey
  desc: boolean
  /** Rows matching the filter, or null before the first answer. */
  total: number | null
  /** Bumped whenever cached rows change. */
  revision: number
  error: string | null
  /** Keyboard cursor (row index), −1 for none. */
  cursor: number
  /** Selected rows of the current query (Ctrl/Cmd-click, Shift-click, Shift+arrows, Ctrl+A). */
  selection: Selection
  /** Where a Shift-extension starts: the last row clicked or toggled without Shift. */
  anchor: number
  setFilterText(text: string): void
  setSort(key: TrackSortKey): void
  setStateFilter(state: TrackState | null): void
  setFolder(folder: string | null): void
  setCursor(index: number): void
  /**
   * Changes the selection at a row: `toggle` (Ctrl/Cmd-click), `extend` (Shift: anchor → row,
   * replacing), `extend-add` (Ctrl+Shift: anchor → row, added), `only` (just this row).
   */
  select(index: number, how: 'toggle' | 'extend' | 'extend-add' | 'only'): void
  selectAll(): void
  clearSelection(): void
  /** The table's viewport shows rows [first, last]. */
  showRows(first: number, last: number): void
  /** The library changed: refetch what is on screen (throttled). */
  refresh(): void
  retry(): void
}

let visible = { first: 0, last: 50 }

const fetcherFor =
  (
    filter: string,
    state: TrackState | null,
    folder: string | null,
    sort: TrackSortKey,
    desc: boolean,
  ): PageFetcher<TrackSummary> =>
  (offset, limit) =>
    getApi().call('tracks.query', {
      filter: filter || undefined,
      state: state ?? undefined,
      folder: folder ?? undefined,
      sort,
      desc,
      offset,
      limit,
    })

const cache = new PageCache<TrackSummary>(fetcherFor('', null, null, 'title', false), PAGE_SIZE, 60, () => {
  useLibrary.setState((s) => ({ total: cache.total, error: cache.error, revision: s.revision + 1 }))
})

export function rowAt(index: number): TrackSummary | undefined {
  return cache.get(index)
}

function requery(): void {
  const { filter, stateFilter, folder, sort, desc } = useLibrary.getState()
  cache.reset(fetcherFor(filter, stateFilter, folder, sort, desc))
  useLibrary.setState((s) => ({
    total: null,
    error: null,
    cursor: -1,
    selection: EMPTY_SELECTION,
    anchor: -1,
    revision: s.revision + 1,
  }))
  void cache.ensure(visible.first, visible.last)
}

const applyFilter = debounce((text: string) => {
  if (useLibrary.getState().filter === text.trim()) return
  useLibrary.setState({ filter: text.trim() })
  requery()
}, FILTER_DEBOUNCE_MS)

let lastRefresh = 0
let refreshTimer: ReturnType<typeof setTimeout> | null = null
function doRefresh(): void {
  refreshTimer = null
  lastRefresh = Date.now()
  cache.invalidate()
  void cache.ensure(visible.first, visible.last)
}

export const useLibrary = create<LibraryState>()((set, get) => ({
  filterText: '',
  filter: '',
  stateFilter: null,
  folder: null,
  sort: 'title',
  desc: false,
  total: null,
  revision: 0,
  error: null,
  cursor: -1,
  selection: EMPTY_SELECTION,
  anchor: -1,

  setFilterText(text) {
    set({ filterText: text })
    applyFilter(text)
  },

  setStateFilter(state) {
    if (get().stateFilter === state) return
    set({ stateFilter: state })
    requery()
  },

  setFolder(folder) {
    if (get().folder === folder) return
    set({ folder })
    requery()
  },

  setSort(key) {
    const { sort, desc } = get()
    set(sort === key ? { desc: !desc } : { sort: key, desc: false })
    requery()
  },

  setCursor(index) {
    const total = get().total ?? 0
    set({ cursor: total === 0 ? -1 : Math.max(0, Math.min(total - 1, index)) })
  },

  select(index, how) {
    const { selection, anchor, total } = get()
    if (index < 0 || index >= (total ?? 0)) return
    const from = anchor >= 0 ? anchor : index
    switch (how) {
      case 'only':
        set({ selection: [{ first: index, last: index }], anchor: index })
        break
      case 'toggle':
        set({ selection: toggleRow(selection, index), anchor: index })
        break
      case 'extend':
      case 'extend-add':
        set({ selection: extendTo(selection, from, index, how === 'extend-add'), anchor: from })
        break
    }
  },

  selectAll() {
    const total = get().total ?? 0
    if (total > 0) set({ selection: [{ first: 0, last: total - 1 }] })
  },

  clearSelection() {
    if (get().selection.length > 0) set({ selection: EMPTY_SELECTION })
  },

  showRows(first, last) {
    visible = { first, last }
    void cache.ensure(first, last)
  },

  refresh() {
    if (refreshTimer != null) return
    const wait = Math.max(0, lastRefresh + REFRESH_MIN_INTERVAL_MS - Date.now())
    refreshTimer = setTimeout(doRefresh, wait)
  },

  retry() {
    requery()
  },
}))

/** Opens the library table showing only the failed tracks. */
export function showFailedTracks(): void {
  useNav.getState().navigate({ name: 'library' })
  useLibrary.getState().setStateFilter('failed')
}

/** The Tracks table searching for an artist's name (their tracks without an album, say). */
export function showArtistTracks(artist: string): void {
  useNav.getState().navigate({ name: 'library' })
  useLibrary.getState().setFilterText(artist)
}

export function isRowSelected(index: number): boolean {
  return isSelected(useLibrary.getState().selection, index)
}

/**
 * The selected tracks in table order (at most MAX_SELECTION_ACTION): rows already on screen come from
 * the cache, the rest are fetched with the table's own query.
 */
export async function selectedTracks(): Promise<TrackSummary[]> {
  const { selection, filter, stateFilter, folder, sort, desc } = useLibrary.getState()
  const fetch = fetcherFor(filter, stateFilter, folder, sort, desc)
  const parts = await Promise.all(
    rangePages(selection, PAGE_SIZE, MAX_SELECTION_ACTION).map(async ({ offset, limit }) => {
      const cached: TrackSummary[] = []
      for (let i = offset; i < offset + limit; i++) {
        const t = cache.get(i)
        if (!t) break
        cached.push(t)
      }
      return cached.length === limit ? cached : (await fetch(offset, limit)).rows
    }),
  )
  return parts.flat()
}

/** Start loading the first page (the table also does this when it mounts). */
export function initLibrary(): void {
  if (cache.total == null) void cache.ensure(visible.first, visible.last)
}
