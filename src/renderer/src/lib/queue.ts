/**
 * The play queue as plain data and pure operations on it (the player store applies them; the tests
 * drive them directly). The queue is the play order itself: shuffling reorders the tracks after the
 * current one (so what plays next is what the queue shows), and un-shuffling restores the order they
 * were added in. Every entry has a unique key, because the same track may be queued twice.
 */
import type { TrackState } from '../../../shared/api'
import { shuffleInPlace } from '../../../shared/random'

/** What the player needs of a track; the optional fields come with library rows and radio picks. */
export interface QueueTrack {
  id: number
  title: string
  artist: string | null
  album?: string | null
  path?: string
  durationSec?: number | null
  lufs?: number | null
  peakDb?: number | null
  state?: TrackState
  /** The track's cover (`SoundprintApi.coverUrl`), for the player bar and the OS media controls. */
  coverId?: string | null
}

export interface QueueEntry {
  key: number
  track: QueueTrack
  /** Position in the order the entries were added (restored when shuffle is turned off). */
  seq: number
}

export type RepeatMode = 'off' | 'all' | 'one'

export interface QueueState {
  entries: QueueEntry[]
  /** Index of the current entry, -1 when nothing is loaded. */
  index: number
  shuffle: boolean
  repeat: RepeatMode
  /** Next key / seq to hand out. */
  nextKey: number
}

export const emptyQueue = (): QueueState => ({ entries: [], index: -1, shuffle: false, repeat: 'off', nextKey: 1 })

/** Failed or missing tracks are never queued (their audio cannot play). */
export const playable = (t: QueueTrack): boolean => t.state !== 'failed' && t.state !== 'missing'

function makeEntries(q: QueueState, tracks: readonly QueueTrack[]): { entries: QueueEntry[]; nextKey: number } {
  let k = q.nextKey
  const entries = tracks.filter(playable).map((track) => ({ key: k, seq: k++, track }))
  return { entries, nextKey: k }
}

/** Replaces the queue with `tracks` and makes `start` current (shuffled after it when shuffle is on). */
export function replaceQueue(
  q: QueueState,
  tracks: readonly QueueTrack[],
  start = 0,
  random?: () => number,
): QueueState {
  const startTrack = tracks[start]
  const { entries, nextKey } = makeEntries(q, tracks)
  let index = startTrack ? entries.findIndex((e) => e.track === startTrack) : -1
  if (index < 0) index = entries.length > 0 ? 0 : -1
  let ordered = entries
  if (q.shuffle && index >= 0) {
    const cur = entries[index] as QueueEntry
    ordered = [cur, ...shuffleInPlace([...entries.slice(0, index), ...entries.slice(index + 1)], random)]
    index = 0
  }
  return { ...q, entries: ordered, index, nextKey }
}

/**
 * Inserts right after the current entry (or at the start of an empty queue). Their `seq` falls between
 * the current entry's and the next one's, so turning shuffle off keeps them next.
 */
export function insertNext(q: QueueState, tracks: readonly QueueTrack[]): QueueState {
  const made = makeEntries(q, tracks)
  const at = q.index + 1
  const lo = q.entries[q.index]?.seq ?? 0
  const above = q.entries.map((e) => e.seq).filter((s) => s > lo)
  const hi = above.length > 0 ? Math.min(...above) : lo + 1
  const entries = made.entries.map((e, i) => ({ ...e, seq: lo + ((hi - lo) * (i + 1)) / (made.entries.length + 1) }))
  const nextKey = made.nextKey
  return { ...q, entries: [...q.entries.slice(0, at), ...entries, ...q.entries.slice(at)], nextKey }
}

/** Appends at the end; an empty or finished queue does not start playing by itself. */
export function append(q: QueueState, tracks: readonly QueueTrack[]): QueueState {
  const { entries, nextKey } = makeEntries(q, tracks)
  return { ...q, entries: [...q.entries, ...entries], nextKey }
}

/** "Play now": the track goes right after the current one and becomes current. */
export function playNow(q: QueueState, track: QueueTrack): QueueState {
  if (!playable(track)) return q
  const inserted = insertNext(q, [track])
  return { ...inserted, index: q.index + 1 }
}

/** Moves the entry at `from` to position `to` (both in the current list); the current entry stays current. */
export function move(q: QueueState, from: number, to: number): QueueState {
  const n = q.entries.length
  if (from < 0 || from >= n || to < 0 || to >= n || from === to) return q
  const entries = q.entries.slice()
  const [moved] = entries.splice(from, 1)
  entries.splice(to, 0, moved as QueueEntry)
  const curKey = q.entries[q.index]?.key
  const index = curKey === undefined ? q.index : entries.findIndex((e) => e.key === curKey)
  return { ...q, entries, index }
}

/**
 * Removes the entry at `at`. Removing the current entry makes the one after it current (the caller
 * starts it); removing the last, current one leaves nothing current.
 */
export function remove(q: QueueState, at: number): QueueState {
  if (at < 0 || at >= q.entries.length) return q
  const entries = q.entries.filter((_, i) => i !== at)
  let index = q.index
  if (at < q.index) index--
  else if (at === q.index && index >= entries.length) index = -1
  return { ...q, entries, index }
}

/** Empties the queue but keeps the current entry (it is still playing). */
export function clearUpcoming(q: QueueState): QueueState {
  const cur = q.entries[q.index]
  return cur ? { ...q, entries: [cur], index: 0 } : { ...q, entries: [], index: -1 }
}

/**
 * Replaces what comes after the current entry: upcoming entries for which `keep` is true stay (in
 * order), the others give way to `tracks` (a radio re-picking after feedback keeps what the user queued).
 */
export function replaceUpcoming(
  q: QueueState,
  tracks: readonly QueueTrack[],
  keep: (e: QueueEntry) => boolean = () => false,
): QueueState {
  const head = q.entries.slice(0, q.index + 1)
  const kept = q.entries.slice(q.index + 1).filter(keep)
  const { entries, nextKey } = makeEntries(q, tracks)
  return { ...q, entries: [...head, ...kept, ...entries], nextKey }
}

export function clearAll(q: QueueState): QueueState {
  return { ...q, entries: [], index: -1 }
}

/**
 * The index that plays after the current one, or -1 at the end. `auto` is the end of a track:
 * repeat-one then plays the same entry again; a user's "next" always moves on.
 */
export function nextIndex(q: QueueState, auto: boolean): number {
  const n = q.entries.length
  if (n === 0) return -1
  if (auto && q.repeat === 'one' && q.index >= 0) return q.index
  if (q.index + 1 < n) return q.index + 1
  return q.repeat === 'off' ? -1 : 0
}

/** The index "previous" goes to, or -1 at the start (repeat-all wraps to the end). */
export function previousIndex(q: QueueState): number {
  const n = q.entries.length
  if (n === 0) return -1
  if (q.index > 0) return q.index - 1
  return q.repeat === 'all' ? n - 1 : -1
}

/** Turns shuffle on (the upcoming entries are shuffled) or off (they return to the order they were added in). */
export function setShuffle(q: QueueState, on: boolean, random?: () => number): QueueState {
  if (on === q.shuffle) return q
  const head = q.entries.slice(0, q.index + 1)
  const upcoming = q.entries.slice(q.index + 1)
  const reordered = on ? shuffleInPlace(upcoming.slice(), random) : upcoming.slice().sort((a, b) => a.seq - b.seq)
  return { ...q, shuffle: on, entries: [...head, ...reordered] }
}

export const REPEAT_CYCLE: Record<RepeatMode, RepeatMode> = { off: 'all', all: 'one', one: 'off' }
