/**
 * Sonic radio: an endless queue of tracks that sound like the seeds (one track, several, or a
 * playlist). The server is stateless (`radio.next`); this store keeps the radio's state — seeds,
 * every id it has queued (never twice), recent plays (artist runs), feedback — and refills the player's
 * queue whenever fewer than REFILL_BELOW tracks are left, with the user's current group weights.
 *
 * Skipping a radio track within SKIP_LESS_SEC of its start counts as "less like this"; "More like this"
 * pulls toward the playing track. Either re-picks what is upcoming at once, keeping what the user
 * queued by hand.
 */
import { create } from 'zustand'
import type { RadioFeedback, RadioRules } from '../../../shared/api'
import { errorMessage, getApi } from '../api'
import { onSkip, type PlayerTrack, usePlayer } from './player'
import { useSimilar } from './similar'
import { loadPref, savePref } from './storage'

const SKIP_LESS_SEC = 30
const REFILL_BELOW = 3
const RADIO_BATCH = 10
const MAX_SEEDS = 1000
const RECENT = 20

interface RadioRulePrefs {
  maxArtistRun: number
  minDurationSec: number
  excludeFolders: string[]
}

const DEFAULT_RULES: RadioRulePrefs = { maxArtistRun: 2, minDurationSec: 0, excludeFolders: [] }

const isRules = (v: unknown): v is RadioRulePrefs =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as RadioRulePrefs).maxArtistRun === 'number' &&
  typeof (v as RadioRulePrefs).minDurationSec === 'number' &&
  Array.isArray((v as RadioRulePrefs).excludeFolders)

interface RadioState {
  active: boolean
  seeds: PlayerTrack[]
  label: string
  feedback: RadioFeedback[]
  rules: RadioRulePrefs
  loading: boolean
  error: string | null
  /** Starts a radio; one seed plays first, several seeds (a playlist) start straight with the picks. */
  start(seeds: readonly PlayerTrack[], label?: string): Promise<void>
  /** "More like this" for the playing track. */
  more(): Promise<void>
  /** "Less like this" for a track (also sent by an early skip). */
  less(id: number): Promise<void>
  setRules(rules: Partial<RadioRulePrefs>): void
  /** After an error: clear it and fetch more picks. */
  retry(): void
  stop(): void
}

/** Ids this radio queued (or seeded): never again in this radio. */
let seen = new Set<number>()
/** Keys of the queue entries this radio added (user-queued entries survive a re-pick). */
let picked = new Set<number>()
let generation = 0
/**
 * The radio is waiting for its first picks: the queue playing until they come is not the radio's yet, so
 * the watch must not take it for the user replacing the radio's queue.
 */
let starting = false

function rulesFor(r: RadioRulePrefs): RadioRules {
  return {
    maxArtistRun: r.maxArtistRun,
    minDurationSec: r.minDurationSec,
    ...(r.excludeFolders.length > 0 ? { excludeFolders: r.excludeFolders } : {}),
  }
}

async function fetchPicks(count: number): Promise<PlayerTrack[] | null> {
  const gen = generation
  const s = useRadio.getState()
  const p = usePlayer.getState()
  for (const e of p.entries) seen.add(e.track.id)
  const recent = p.entries
    .slice(0, p.index + 1)
    .map((e) => e.track.id)
    .slice(-RECENT)
  useRadio.setState({ loading: true })
  try {
    const res = await getApi().call('radio.next', {
      seeds: s.seeds.slice(0, MAX_SEEDS).map((t) => t.id),
      exclude: [...seen],
      recent,
      feedback: s.feedback.slice(-1000),
      count,
      weights: useSimilar.getState().weights,
      rules: rulesFor(s.rules),
    })
    if (gen !== generation) return null
    useRadio.setState({ loading: false, error: null })
    for (const t of res.tracks) seen.add(t.id)
    return res.tracks
  } catch (err) {
    if (gen === generation) useRadio.setState({ loading: false, error: errorMessage(err) })
    return null
  }
}

/** Marks the newest `n` entries of the queue as this radio's picks. */
function rememberPicks(n: number): void {
  const entries = usePlayer.getState().entries
  for (const e of entries.slice(entries.length - n)) picked.add(e.key)
}

async function refill(): Promise<void> {
  const tracks = await fetchPicks(RADIO_BATCH)
  if (!tracks || !useRadio.getState().active) return
  if (tracks.length === 0) {
    useRadio.setState({ error: 'No more tracks fit this radio’s rules.' })
    return
  }
  usePlayer.getState().enqueue(tracks)
  rememberPicks(tracks.length)
}

/** Re-picks the upcoming radio tracks (after feedback), keeping what the user queued. */
async function repick(): Promise<void> {
  const p = usePlayer.getState()
  const upcomingPicks = p.entries.slice(p.index + 1).filter((e) => picked.has(e.key))
  // Those picks may come again if they still fit best.
  for (const e of upcomingPicks) seen.delete(e.track.id)
  const tracks = await fetchPicks(Math.max(RADIO_BATCH, upcomingPicks.length))
  if (!tracks || !useRadio.getState().active) return
  usePlayer.getState().replaceUpcoming(tracks, (e) => !picked.has(e.key))
  rememberPicks(tracks.length)
}

export const useRadio = create<RadioState>()((set, get) => ({
  active: false,
  seeds: [],
  label: '',
  feedback: [],
  rules: loadPref('radio.rules', DEFAULT_RULES, isRules),
  loading: false,
  error: null,

  async start(seedTracks, label) {
    generation++
    seen = new Set(seedTracks.map((t) => t.id))
    picked = new Set()
    const seeds = seedTracks.slice(0, MAX_SEEDS)
    const name = label ?? (seeds.length === 1 ? (seeds[0]?.title ?? 'a track') : `${seeds.length} tracks`)
    set({ active: true, seeds, label: name, feedback: [], error: null })
    const gen = generation
    starting = true
    let tracks: PlayerTrack[] | null
    try {
      tracks = await fetchPicks(RADIO_BATCH)
    } finally {
      if (gen === generation) starting = false
    }
    if (!tracks || !get().active) {
      if (get().active) set({ active: false })
      return
    }
    if (tracks.length === 0) {
      set({ active: false, error: 'No track of the library fits this radio yet.' })
      return
    }
    const first = seeds.length === 1 && seeds[0] ? [seeds[0]] : []
    usePlayer.getState().playList([...first, ...tracks], 0, { kind: 'radio', label: `Radio: ${name}` })
    const entries = usePlayer.getState().entries
    for (const e of entries.slice(first.length)) picked.add(e.key)
  },

  async more() {
    const t = usePlayer.getState().track
    if (!get().active || !t) return
    set({ feedback: [...get().feedback.filter((f) => f.id !== t.id), { id: t.id, kind: 'more' }] })
    await repick()
  },

  async less(id) {
    if (!get().active) return
    set({ feedback: [...get().feedback.filter((f) => f.id !== id), { id, kind: 'less' }] })
    await repick()
  },

  setRules(rules) {
    const next = { ...get().rules, ...rules }
    savePref('radio.rules', next)
    set({ rules: next })
    if (get().active) void repick()
  },

  retry() {
    set({ error: null })
    if (get().active) void refill()
  },

  stop() {
    generation++
    starting = false
    seen = new Set()
    picked = new Set()
    set({ active: false, loading: false, error: null, feedback: [] })
    const p = usePlayer.getState()
    if (p.source?.kind === 'radio') usePlayer.setState({ source: null })
  },
}))

/** Keeps a playing radio topped up, ends it when the queue is replaced, and learns from early skips. */
export function startRadioWatch(): () => void {
  const unsub = usePlayer.subscribe((p) => {
    const r = useRadio.getState()
    if (!r.active) return
    if (p.source?.kind !== 'radio' || p.entries.length === 0) {
      if (!starting) r.stop()
      return
    }
    if (!r.loading && !r.error && p.entries.length - p.index - 1 < REFILL_BELOW) void refill()
  })
  const offSkip = onSkip((track, atSec) => {
    const r = useRadio.getState()
    if (r.active && atSec < SKIP_LESS_SEC && !r.seeds.some((s) => s.id === track.id)) void r.less(track.id)
  })
  return () => {
    unsub()
    offSkip()
  }
}
