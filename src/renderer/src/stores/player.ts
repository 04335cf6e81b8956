/**
 * The player: the play queue (lib/queue.ts), what is current and whether it plays, shuffle/repeat,
 * volume, mute and level matching (remembered), and a short note when a track was skipped.
 *
 * The audio itself lives in a `PlaybackEngine` (components/player/engine.ts, two <audio> elements
 * through Web Audio) that the player bar binds on mount; actions here tell it what to load. Without
 * an engine (tests) the actions only change state.
 */
import { create } from 'zustand'
import { getApi } from '../api'
import { levelMatchedGain } from '../lib/gain'
import * as Q from '../lib/queue'
import { loadPref, savePref } from './storage'

export type PlayerTrack = Q.QueueTrack
export type { QueueEntry, RepeatMode } from '../lib/queue'

/** What the store asks of the audio engine. */
export interface PlaybackEngine {
  /** Loads and plays `track` at linear gain `gain`. */
  load(track: PlayerTrack, gain: number): void
  /** Warms the next track up so the switch is short (null: nothing next). */
  preload(track: PlayerTrack | null): void
  play(): void
  pause(): void
  stop(): void
  seek(sec: number): void
  currentTime(): number
  setTrackGain(gain: number): void
  setOutput(volume: number, muted: boolean): void
}

/** "Previous" within this many seconds of the start goes to the previous track; later it restarts this one. */
const RESTART_THRESHOLD_SEC = 3

interface PlayerState extends Q.QueueState {
  /** The current track (entries[index].track), or null. */
  track: PlayerTrack | null
  playing: boolean
  time: number
  duration: number
  volume: number
  muted: boolean
  levelMatch: boolean
  /** Linear gain applied to the current track by level matching (1 when off). */
  gain: number
  /** A short message about playback (a skipped track, autoplay blocked); null when all is well. */
  note: string | null
  queueOpen: boolean
  /** Where the queue came from (a radio keeps refilling it), or null for a hand-made queue. */
  source: QueueSource | null
  /**
   * The queue `playList` just replaced while it still had tracks up next, so that it can be put back
   * (`undoReplace`) for a while; null otherwise.
   */
  replaced: { by: string; queue: Q.QueueState; source: QueueSource | null } | null

  /** Plays `track` now (after the current one, which stays in the queue); the loaded track toggles. */
  play(track: PlayerTrack): void
  /** Replaces the queue with `tracks` and plays `tracks[start]` (a replaced queue can be put back). */
  playList(tracks: readonly PlayerTrack[], start?: number, source?: QueueSource | null): void
  /** Puts back the queue the last `playList` replaced, playing what played then. */
  undoReplace(): void
  playNext(tracks: readonly PlayerTrack[]): void
  enqueue(tracks: readonly PlayerTrack[]): void
  /** Replaces the upcoming entries (except those `keep` accepts) with `tracks`. */
  replaceUpcoming(tracks: readonly PlayerTrack[], keep?: (e: Q.QueueEntry) => boolean): void
  jump(index: number): void
  move(from: number, to: number): void
  remove(index: number): void
  /** Removes everything but the playing track. */
  clear(): void
  next(opts?: { auto?: boolean }): void
  /** The user's "next": tells the skip listeners (a radio learns from early skips), then moves on. */
  skip(): void
  previous(): void
  toggle(): void
  setPlaying(playing: boolean): void
  seek(sec: number): void
  setTime(time: number, duration: number): void
  setVolume(v: number): void
  toggleMute(): void
  setLevelMatch(on: boolean): void
  toggleShuffle(): void
  cycleRepeat(): void
  /** The engine could not play the current track: note it and go on with the next. */
  failed(reason: string): void
  setNote(note: string | null): void
  setQueueOpen(open: boolean): void
  stop(): void
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1
const isBool = (v: unknown): v is boolean => typeof v === 'boolean'

/** How long a replaced queue can be put back. */
export const UNDO_REPLACE_MS = 15_000
let replacedTimer: ReturnType<typeof setTimeout> | undefined

interface QueueSource {
  kind: 'radio' | 'playlist' | 'path' | 'similar' | 'selection'
  label: string
  playlistId?: number
}

let engine: PlaybackEngine | null = null
const skipListeners = new Set<(track: PlayerTrack, atSec: number) => void>()

/** Called when the user skips a track, with how far into it they were. */
export function onSkip(listener: (track: PlayerTrack, atSec: number) => void): () => void {
  skipListeners.add(listener)
  return () => {
    skipListeners.delete(listener)
  }
}
/** Tracks whose audio failed one after another (stops a queue of unplayable files from spinning). */
let failedInARow = 0

/** Binds the audio engine (the player bar does on mount); returns the unbind function. */
export function bindEngine(e: PlaybackEngine): () => void {
  engine = e
  const s = usePlayer.getState()
  e.setOutput(s.volume, s.muted)
  return () => {
    if (engine === e) engine = null
  }
}

// Loudness and peak of tracks that came without them (e.g. from the similar list), by id.
const levels = new Map<number, { lufs: number | null; peakDb: number | null }>()

async function trackLevels(t: PlayerTrack): Promise<{ lufs: number | null; peakDb: number | null }> {
  if (t.lufs !== undefined && t.peakDb !== undefined) return { lufs: t.lufs, peakDb: t.peakDb ?? null }
  const known = levels.get(t.id)
  if (known) return known
  try {
    const d = await getApi().call('tracks.get', { id: t.id })
    const l = { lufs: d.lufs, peakDb: (d as { peakDb?: number | null }).peakDb ?? null }
    levels.set(t.id, l)
    return l
  } catch {
    return { lufs: null, peakDb: null }
  }
}

let loadSeq = 0

/** Starts the current entry in the engine, with its level-matched gain, and preloads the next. */
async function startCurrent(): Promise<void> {
  restoredUnloaded = false
  const seq = ++loadSeq
  const s = usePlayer.getState()
  const track = s.track
  if (!track) {
    engine?.stop()
    return
  }
  const l = await trackLevels(track)
  if (seq !== loadSeq) return
  const gain = usePlayer.getState().levelMatch ? levelMatchedGain(l.lufs, l.peakDb) : 1
  usePlayer.setState({ gain })
  engine?.load(track, gain)
  preloadNext()
}

function preloadNext(): void {
  const s = usePlayer.getState()
  const i = Q.nextIndex(s, true)
  const next = i >= 0 && i !== s.index ? (s.entries[i]?.track ?? null) : null
  engine?.preload(next)
  if (next) void trackLevels(next)
}

const queueOf = (s: PlayerState): Q.QueueState => ({
  entries: s.entries,
  index: s.index,
  shuffle: s.shuffle,
  repeat: s.repeat,
  nextKey: s.nextKey,
})

const withTrack = (q: Q.QueueState) => ({ ...q, track: q.entries[q.index]?.track ?? null })

export const usePlayer = create<PlayerState>()((set, get) => {
  /** Applies a queue change; starts playback when the current entry changed (or `restart`). */
  const apply = (q: Q.QueueState, restart = false, extra: Partial<PlayerState> = {}) => {
    const before = get().entries[get().index]?.key
    set({ ...withTrack(q), ...(q.entries.length === 0 ? { time: 0, duration: 0 } : {}), ...extra })
    const after = q.entries[q.index]?.key
    if (restart || before !== after) {
      set({ time: 0, duration: 0, note: restart ? get().note : null })
      void startCurrent()
    } else preloadNext()
  }

  return {
    ...Q.emptyQueue(),
    shuffle: loadPref('player.shuffle', false, isBool),
    repeat: loadPref('player.repeat', 'off', (v): v is Q.RepeatMode => v === 'off' || v === 'all' || v === 'one'),
    track: null,
    playing: false,
    time: 0,
    duration: 0,
    volume: loadPref('player.volume', 1, isNum),
    muted: loadPref('player.muted', false, isBool),
    levelMatch: loadPref('player.levelMatch', true, isBool),
    gain: 1,
    note: null,
    queueOpen: false,
    source: null,
    replaced: null,

    play(track) {
      const s = get()
      if (s.track?.id === track.id) {
        get().toggle()
        return
      }
      if (!Q.playable(track)) {
        set({ note: `${track.title} cannot be played (${track.state}).` })
        return
      }
      failedInARow = 0
      apply(Q.playNow(queueOf(s), track))
    },
    playList(tracks, start = 0, source = null) {
      failedInARow = 0
      const s = get()
      const hadUpcoming = s.entries.length - s.index - 1 > 0
      const replaced = hadUpcoming ? { by: source?.label ?? 'new tracks', queue: queueOf(s), source: s.source } : null
      apply(Q.replaceQueue(queueOf(s), tracks, start), true, { source, replaced })
      clearTimeout(replacedTimer)
      if (replaced)
        replacedTimer = setTimeout(() => {
          if (get().replaced === replaced) set({ replaced: null })
        }, UNDO_REPLACE_MS)
    },
    undoReplace() {
      const r = get().replaced
      if (!r) return
      clearTimeout(replacedTimer)
      failedInARow = 0
      apply(r.queue, true, { source: r.source, replaced: null })
    },
    playNext(tracks) {
      const q = Q.insertNext(queueOf(get()), tracks)
      apply(q.index < 0 && q.entries.length > 0 ? { ...q, index: 0 } : q)
    },
    enqueue(tracks) {
      const q = Q.append(queueOf(get()), tracks)
      apply(q.index < 0 && q.entries.length > 0 ? { ...q, index: 0 } : q)
    },
    replaceUpcoming(tracks, keep) {
      apply(Q.replaceUpcoming(queueOf(get()), tracks, keep))
    },
    jump(index) {
      if (index < 0 || index >= get().entries.length) return
      failedInARow = 0
      apply({ ...queueOf(get()), index }, true)
    },
    move(from, to) {
      apply(Q.move(queueOf(get()), from, to))
    },
    remove(index) {
      apply(Q.remove(queueOf(get()), index))
    },
    clear() {
      apply(Q.clearUpcoming(queueOf(get())))
    },
    next(opts = {}) {
      const q = queueOf(get())
      const i = Q.nextIndex(q, opts.auto ?? false)
      if (i < 0) {
        // The end of the queue: stop at the start of the last track.
        engine?.pause()
        engine?.seek(0)
        set({ playing: false, time: 0 })
        return
      }
      apply({ ...q, index: i }, true)
    },
    skip() {
      const t = get().track
      if (t) {
        const at = engine ? engine.currentTime() : get().time
        for (const l of skipListeners) l(t, at)
      }
      get().next()
    },
    previous() {
      const q = queueOf(get())
      const t = engine ? engine.currentTime() : get().time
      const i = Q.previousIndex(q)
      if (t > RESTART_THRESHOLD_SEC || i < 0) {
        engine?.seek(0)
        set({ time: 0 })
        return
      }
      apply({ ...q, index: i }, true)
    },
    toggle() {
      if (!get().track) return
      // A queue restored at start-up has nothing loaded in the engine yet.
      if (restoredUnloaded) {
        restoredUnloaded = false
        void startCurrent()
        return
      }
      if (get().playing) engine?.pause()
      else engine?.play()
    },
    setPlaying: (playing) => {
      if (playing) failedInARow = 0
      set({ playing, ...(playing ? { note: null } : {}) })
    },
    seek(sec) {
      const d = get().duration
      const t = Math.max(0, d > 0 ? Math.min(sec, d - 0.05) : sec)
      engine?.seek(t)
      set({ time: t })
    },
    setTime: (time, duration) => {
      const s = get()
      const cur = s.entries[s.index]
      // A track queued without its length (from the similar list, a radio pick) learns it from the audio.
      if (cur && cur.track.durationSec == null && Number.isFinite(duration) && duration > 0) {
        const track = { ...cur.track, durationSec: duration }
        const entries = s.entries.slice()
        entries[s.index] = { ...cur, track }
        set({ time, duration, entries, track })
      } else set({ time, duration })
    },
    setVolume(v) {
      const volume = Math.max(0, Math.min(1, v))
      const muted = volume > 0 ? false : get().muted
      savePref('player.volume', volume)
      savePref('player.muted', muted)
      set({ volume, muted })
      engine?.setOutput(volume, muted)
    },
    toggleMute() {
      const muted = !get().muted
      savePref('player.muted', muted)
      set({ muted })
      engine?.setOutput(get().volume, muted)
    },
    setLevelMatch(on) {
      savePref('player.levelMatch', on)
      set({ levelMatch: on })
      const t = get().track
      if (!t) return
      void trackLevels(t).then((l) => {
        if (get().track?.id !== t.id) return
        const gain = get().levelMatch ? levelMatchedGain(l.lufs, l.peakDb) : 1
        set({ gain })
        engine?.setTrackGain(gain)
      })
    },
    toggleShuffle() {
      const q = Q.setShuffle(queueOf(get()), !get().shuffle)
      savePref('player.shuffle', q.shuffle)
      apply(q)
    },
    cycleRepeat() {
      const repeat = Q.REPEAT_CYCLE[get().repeat]
      savePref('player.repeat', repeat)
      set({ repeat })
      preloadNext()
    },
    failed(reason) {
      const t = get().track
      failedInARow++
      const note = `Skipped “${t?.title ?? 'a track'}”: ${reason}`
      if (failedInARow >= get().entries.length) {
        set({ note, playing: false })
        return
      }
      const q = queueOf(get())
      const i = Q.nextIndex(q, false)
      if (i < 0) {
        set({ note, playing: false })
        return
      }
      apply({ ...q, index: i }, true)
      set({ note })
    },
    setNote: (note) => set({ note }),
    setQueueOpen: (queueOpen) => set({ queueOpen }),
    stop() {
      engine?.stop()
      loadSeq++
      set({
        ...withTrack(Q.clearAll(queueOf(get()))),
        playing: false,
        time: 0,
        duration: 0,
        note: null,
        source: null,
      })
    },
  }
})

// ── the queue across reloads ──────────────────────────────────────────────────────────────────────
// The queue (track ids, the current one, where it came from) is kept in localStorage, so a reload or
// the next start shows what was playing, paused, with its queue; the tracks are read again from the
// library (a track gone or failed meanwhile is left out).

const QUEUE_PREF = 'player.queue'
/** The most entries kept (the library answers at most 1000 ids per query). */
const QUEUE_SAVE_MAX = 1000
const QUEUE_SAVE_DELAY_MS = 500
let restoredUnloaded = false

interface SavedQueue {
  ids: number[]
  /** The current entry's position in `ids`. */
  index: number
  source: QueueSource | null
}

const isSavedQueue = (v: unknown): v is SavedQueue => {
  const q = v as SavedQueue
  return (
    !!q &&
    Array.isArray(q.ids) &&
    q.ids.every((id) => Number.isSafeInteger(id) && id > 0) &&
    Number.isInteger(q.index) &&
    (q.source === null || (typeof q.source === 'object' && typeof q.source.label === 'string'))
  )
}

/** Keeps the queue saved as it changes; returns the stop function. */
export function startQueuePersistence(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = ''
  const save = () => {
    const s = usePlayer.getState()
    const from = Math.max(0, Math.min(s.index, s.entries.length - QUEUE_SAVE_MAX))
    const kept = s.entries.slice(from, from + QUEUE_SAVE_MAX)
    const saved: SavedQueue = { ids: kept.map((e) => e.track.id), index: s.index - from, source: s.source }
    const text = JSON.stringify(saved)
    if (text !== last) savePref(QUEUE_PREF, saved)
    last = text
  }
  const unsub = usePlayer.subscribe((s, before) => {
    if (s.entries === before.entries && s.index === before.index && s.source === before.source) return
    clearTimeout(timer)
    timer = setTimeout(save, QUEUE_SAVE_DELAY_MS)
  })
  return () => {
    clearTimeout(timer)
    unsub()
  }
}

/** Puts back the saved queue, paused on its current track (Play loads it); nothing when a queue exists. */
export async function restoreQueue(): Promise<void> {
  const saved = loadPref<SavedQueue | null>(
    QUEUE_PREF,
    null,
    (v): v is SavedQueue | null => v === null || isSavedQueue(v),
  )
  if (!saved || saved.ids.length === 0 || usePlayer.getState().entries.length > 0) return
  const unique = [...new Set(saved.ids)]
  let rows: PlayerTrack[]
  try {
    rows = (await getApi().call('tracks.query', { ids: unique, limit: QUEUE_SAVE_MAX })).rows
  } catch {
    return
  }
  const byId = new Map(rows.map((t) => [t.id, t]))
  const currentId = saved.ids[saved.index]
  const tracks = saved.ids.map((id) => byId.get(id)).filter((t): t is PlayerTrack => !!t && Q.playable(t))
  if (tracks.length === 0 || usePlayer.getState().entries.length > 0) return
  const start = Math.max(
    0,
    tracks.findIndex((t) => t.id === currentId),
  )
  const s = usePlayer.getState()
  // The saved order is the play order already (shuffled or not); a radio does not run on by itself.
  usePlayer.setState({
    ...withTrack(Q.replaceQueue({ ...queueOf(s), shuffle: false }, tracks, start)),
    shuffle: s.shuffle,
    source: saved.source?.kind === 'radio' ? null : saved.source,
    playing: false,
    time: 0,
    duration: 0,
  })
  restoredUnloaded = true
}
