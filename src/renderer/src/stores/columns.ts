/** Which optional columns of the library table the user shows (remembered). */
import { create } from 'zustand'
import { type ColumnId, DEFAULT_SHOWN, isShownList } from '../lib/columns'
import { loadPref, savePref } from './storage'

interface ColumnsState {
  shown: ColumnId[]
  toggle(id: ColumnId): void
  reset(): void
}

export const useColumns = create<ColumnsState>()((set, get) => ({
  shown: loadPref('tableColumns', [...DEFAULT_SHOWN], isShownList),
  toggle(id) {
    const cur = get().shown
    const shown = cur.includes(id) ? cur.filter((c) => c !== id) : [...cur, id]
    savePref('tableColumns', shown)
    set({ shown })
  },
  reset() {
    savePref('tableColumns', [...DEFAULT_SHOWN])
    set({ shown: [...DEFAULT_SHOWN] })
  },
}))
