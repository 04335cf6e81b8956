/** Type-to-find any analysed track (debounced `tracks.query`), for "Compare with…" and "Path to…". */
import { useEffect, useState } from 'react'
import type { TrackSummary } from '../../../shared/api'
import { errorMessage, getApi } from '../api'

const SEARCH_DEBOUNCE_MS = 200

export function useTrackSearch(
  text: string,
  excludeId: number | null,
  limit = 8,
): { results: TrackSummary[]; error: string | null } {
  const [results, setResults] = useState<TrackSummary[]>([])
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    const q = text.trim()
    if (!q) {
      setResults([])
      return
    }
    let cancelled = false
    const timer = setTimeout(async () => {
      try {
        const page = await getApi().call('tracks.query', { filter: q, state: 'done', limit })
        if (!cancelled) {
          setResults(page.rows.filter((r) => r.id !== excludeId))
          setError(null)
        }
      } catch (err) {
        if (!cancelled) setError(errorMessage(err))
      }
    }, SEARCH_DEBOUNCE_MS)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [text, excludeId, limit])
  return { results, error }
}
