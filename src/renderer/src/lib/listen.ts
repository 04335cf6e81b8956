/**
 * What a view's Play / Queue / Radio buttons do with the tracks it shows: turn them into player
 * tracks (with their cover for the player bar and the OS media controls) and hand them to the queue.
 */
import type { TrackQuery, TrackSummary } from '../../../shared/api'
import { getApi } from '../api'
import { type PlayerTrack, usePlayer } from '../stores/player'

/** At most this many tracks are queued from one view at once. */
export const MAX_LISTEN_TRACKS = 1000

function toPlayerTrack(t: TrackSummary): PlayerTrack {
  return {
    id: t.id,
    title: t.title,
    artist: t.artist,
    album: t.album,
    path: t.path,
    durationSec: t.durationSec,
    lufs: t.lufs,
    peakDb: t.peakDb,
    state: t.state,
    coverId: t.coverId,
  }
}

/** Tracks that can be played: not failed, not missing. */
export const playable = (tracks: readonly TrackSummary[]): TrackSummary[] =>
  tracks.filter((t) => t.state !== 'failed' && t.state !== 'missing')

/** The tracks a query selects, in its order (the first MAX_LISTEN_TRACKS). */
export async function tracksOf(query: TrackQuery): Promise<TrackSummary[]> {
  const page = await getApi().call('tracks.query', { ...query, offset: 0, limit: MAX_LISTEN_TRACKS })
  return page.rows
}

export function playTracks(tracks: readonly TrackSummary[], label: string, start = 0): void {
  const list = playable(tracks)
  if (list.length === 0) return
  usePlayer
    .getState()
    .playList(list.map(toPlayerTrack), Math.max(0, Math.min(list.length - 1, start)), { kind: 'selection', label })
}

export function queueTracks(tracks: readonly TrackSummary[]): void {
  const list = playable(tracks)
  if (list.length > 0) usePlayer.getState().enqueue(list.map(toPlayerTrack))
}
