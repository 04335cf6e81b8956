/**
 * Sonic path: from one track to another in N steps (`path.find`), shown in a dialog, playable,
 * savable as a playlist, and drawn on the sonic map as a line through its tracks (`result` stays
 * after the dialog closes, until cleared, so the map can show it).
 */
import { create } from 'zustand'
import type { ScoredTrack } from '../../../shared/api'
import { errorMessage, getApi } from '../api'
import type { PlayerTrack } from './player'
import { useSimilar } from './similar'

const PATH_STEPS_DEFAULT = 8
export const PATH_STEPS_MIN = 2
export const PATH_STEPS_MAX = 30

export interface PathResult {
  tracks: ScoredTrack[]
  /** Similarity of the two ends, which every hop should match or beat. */
  directScore: number
  smooth: boolean
}

interface PathState {
  open: boolean
  from: PlayerTrack | null
  to: PlayerTrack | null
  steps: number
  result: PathResult | null
  loading: boolean
  error: string | null
  /** Opens the dialog from a track (keeps the destination if the start is the same). */
  begin(from: PlayerTrack): void
  setTo(to: PlayerTrack | null): void
  setSteps(n: number): void
  find(): Promise<void>
  close(): void
  /** Forgets the path (removes it from the map). */
  clear(): void
}

let seq = 0

export const usePath = create<PathState>()((set, get) => ({
  open: false,
  from: null,
  to: null,
  steps: PATH_STEPS_DEFAULT,
  result: null,
  loading: false,
  error: null,

  begin(from) {
    const same = get().from?.id === from.id
    set({ open: true, from, ...(same ? {} : { to: null, result: null, error: null }) })
  },
  setTo(to) {
    set({ to, result: null, error: null })
    if (to) void get().find()
  },
  setSteps(n) {
    const steps = Math.max(PATH_STEPS_MIN, Math.min(PATH_STEPS_MAX, Math.round(n)))
    set({ steps })
    if (get().to) void get().find()
  },
  async find() {
    const { from, to, steps } = get()
    if (!from || !to) return
    const mine = ++seq
    set({ loading: true, error: null })
    try {
      const res = await getApi().call('path.find', {
        from: from.id,
        to: to.id,
        steps,
        weights: useSimilar.getState().weights,
      })
      if (mine === seq) set({ result: res, loading: false })
    } catch (err) {
      if (mine === seq) set({ loading: false, error: errorMessage(err), result: null })
    }
  },
  close: () => set({ open: false }),
  clear: () => set({ result: null, open: false }),
}))
