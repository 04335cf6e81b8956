/**
 * Track details (tags + fingerprint) by id: a small cache shared by the track page, Compare and the
 * similar list's mini radars, with requests de-duplicated. When tracks change, their entries are
 * marked stale: whatever shows them refetches (see `useTrackDetail`) and keeps the old data on
 * screen until the new answer arrives.
 */
import { useEffect } from 'react'
import { create } from 'zustand'
import type { TrackDetail } from '../../../shared/api'
import { errorMessage, getApi } from '../api'

const MAX_ENTRIES = 300

interface DetailEntry {
  detail: TrackDetail | null
  error: string | null
  loading: boolean
  stale: boolean
}

interface DetailsState {
  entries: Record<number, DetailEntry>
  fetch(id: number): Promise<void>
  /** Mark entries stale: the given ids, or all of them. */
  invalidate(ids?: number[]): void
}

const inflight = new Set<number>()
let order: number[] = []

export const useDetails = create<DetailsState>()((set, get) => ({
  entries: {},

  async fetch(id) {
    if (inflight.has(id)) return
    inflight.add(id)
    const prev = get().entries[id]
    set((s) => ({
      entries: { ...s.entries, [id]: { detail: prev?.detail ?? null, error: null, loading: true, stale: false } },
    }))
    try {
      const detail = await getApi().call('tracks.get', { id })
      set((s) => ({ entries: { ...s.entries, [id]: { detail, error: null, loading: false, stale: false } } }))
    } catch (err) {
      set((s) => ({
        entries: {
          ...s.entries,
          [id]: { detail: prev?.detail ?? null, error: errorMessage(err), loading: false, stale: false },
        },
      }))
    } finally {
      inflight.delete(id)
      order = order.filter((x) => x !== id)
      order.push(id)
      if (order.length > MAX_ENTRIES) trim()
    }
  },

  invalidate(ids) {
    const entries = get().entries
    const targets = (ids ?? Object.keys(entries).map(Number)).filter((id) => entries[id] && !entries[id].stale)
    if (targets.length === 0) return
    const next = { ...entries }
    for (const id of targets) next[id] = { ...next[id]!, stale: true }
    set({ entries: next })
  },
}))

function trim(): void {
  const drop = new Set(order.slice(0, order.length - MAX_ENTRIES))
  order = order.slice(-MAX_ENTRIES)
  useDetails.setState((s) => ({
    entries: Object.fromEntries(Object.entries(s.entries).filter(([k]) => !drop.has(Number(k)))),
  }))
}

/** The detail of a track, fetched when missing or stale. */
/** Asks the core to analyse a queued track next (the user is looking at it); failures are not the user's concern. */
export function prioritizeTrack(id: number): void {
  getApi()
    .call('tracks.prioritize', { id })
    .catch(() => {})
}

export function useTrackDetail(id: number | null): DetailEntry | undefined {
  const entry = useDetails((s) => (id == null ? undefined : s.entries[id]))
  const need = id != null && (!entry || entry.stale)
  useEffect(() => {
    if (need && id != null) void useDetails.getState().fetch(id)
  }, [id, need])
  return entry
}
