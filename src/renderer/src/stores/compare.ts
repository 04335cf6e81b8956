/** The track overlaid on the open track's radar (Compare), per open track. */
import { create } from 'zustand'

interface CompareState {
  /** Open track id → compared track id. */
  withId: number | null
  forId: number | null
  compare(openId: number, otherId: number | null): void
}

export const useCompare = create<CompareState>()((set) => ({
  withId: null,
  forId: null,
  compare: (openId, otherId) => set({ forId: openId, withId: otherId }),
}))
