/**
 * What the sonic radio (`radio.ts`) and the sonic path (`sonic-path.ts`) share: the library view they
 * read, the check that a requested track exists and has a fingerprint (with the one clear message of
 * each failure), and the conversion of D² distances to 0..1 scores (as SimilarityIndex: exp(−D²/2)).
 */
import type { ScoredTrack, TrackSummary } from '../../shared/api'
import { CoreError } from './core-error'
import type { SimilarityIndex } from './similarity'

/** The parts of the core the radio and the path read. */
export interface SonicSource {
  index: SimilarityIndex
  /** Summaries of the given tracks, by id (unknown ids absent). */
  summaries(ids: readonly number[]): Map<number, TrackSummary>
}

/** 0..1 similarity of a weighted squared distance, exactly as SimilarityIndex scores. */
export const scoreOf = (d2: number): number => Math.exp(-d2 / 2)

export const scored = (t: TrackSummary, score: number): ScoredTrack => ({ ...t, score })

/**
 * The summary of track `id`; throws CoreError 'not_found' for an unknown id and for a track without a
 * fingerprint yet (the message names its state). `role` names the track in the message ("seed", "FROM").
 */
export function requireAnalysed(src: SonicSource, id: number, role: string, known?: TrackSummary): TrackSummary {
  const t = known ?? src.summaries([id]).get(id)
  if (!t) throw new CoreError('not_found', `${role}: no track with id ${id}`)
  if (!src.index.has(id) || t.state !== 'done')
    throw new CoreError(
      'not_found',
      `${role}: track ${id} (${t.title}) has no fingerprint yet (state: ${t.state}${t.error ? `, ${t.error}` : ''})`,
    )
  return t
}

/** The "artist" of the artist-run rule: the artist tag (case-insensitive), else the track's folder. */
export function artistKey(t: Pick<TrackSummary, 'artist' | 'path'>): string {
  const artist = t.artist?.trim().toLowerCase()
  if (artist) return `a:${artist}`
  const cut = Math.max(t.path.lastIndexOf('/'), t.path.lastIndexOf('\\'))
  return `d:${cut >= 0 ? t.path.slice(0, cut) : ''}`
}
