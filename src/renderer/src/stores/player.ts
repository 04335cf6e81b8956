/**
 * What the player bar plays: one track at a time, started from the track page or a similar item.
 * Asking to play the track already loaded toggles play/pause. `command` tells the <audio> element
 * what to do (the element itself lives in the player bar).
 */
import { create } from 'zustand'

export interface PlayerTrack {
  id: number
  title: string
  artist: string | null
}

interface PlayerState {
  track: PlayerTrack | null
  command: { kind: 'play' | 'toggle'; n: number }
  playing: boolean
  play(track: PlayerTrack): void
  setPlaying(playing: boolean): void
  stop(): void
}

export const usePlayer = create<PlayerState>()((set, get) => ({
  track: null,
  command: { kind: 'play', n: 0 },
  playing: false,
  play(track) {
    const { track: cur, command } = get()
    if (cur?.id === track.id) set({ command: { kind: 'toggle', n: command.n + 1 } })
    else set({ track, command: { kind: 'play', n: command.n + 1 } })
  },
  setPlaying: (playing) => set({ playing }),
  stop: () => set({ track: null, playing: false }),
}))
