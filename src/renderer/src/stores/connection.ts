/**
 * Whether the server answers (the HTTP transport's event stream is open). A drop shorter than a
 * moment (the stream reopening) shows nothing; a longer one shows "offline, reconnecting…" until the
 * stream reopens by itself. The desktop app talks over IPC and is never offline.
 */
import { create } from 'zustand'

export const OFFLINE_GRACE_MS = 1500

interface ConnectionState {
  /** Shown to the user: the server has not answered for a while. */
  offline: boolean
  /** When the connection dropped (ms since epoch), or null while connected. */
  downSince: number | null
  setOpen(open: boolean): void
}

let timer: ReturnType<typeof setTimeout> | null = null

export const useConnection = create<ConnectionState>()((set, get) => ({
  offline: false,
  downSince: null,
  setOpen(open) {
    if (open) {
      if (timer) clearTimeout(timer)
      timer = null
      set({ offline: false, downSince: null })
      return
    }
    if (get().downSince != null) return
    set({ downSince: Date.now() })
    timer = setTimeout(() => {
      timer = null
      if (get().downSince != null) set({ offline: true })
    }, OFFLINE_GRACE_MS)
  },
}))
