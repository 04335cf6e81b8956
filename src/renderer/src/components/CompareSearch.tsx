/** "Compare with…": find any fingerprinted track by name to overlay on the open track's radar. */
import { useEffect, useState } from 'react'
import type { TrackSummary } from '../../../shared/api'
import { errorMessage, getApi } from '../api'
import { useCompare } from '../stores/compare'

const SEARCH_DEBOUNCE_MS = 200

export function CompareSearch({ openId }: { openId: number }) {
  const [text, setText] = useState('')
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
        const page = await getApi().call('tracks.query', { filter: q, state: 'done', limit: 8 })
        if (!cancelled) {
          setResults(page.rows.filter((r) => r.id !== openId))
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
  }, [text, openId])

  return (
    <div className="compare-search">
      <label htmlFor="compare-search">Compare with</label>
      <input
        id="compare-search"
        type="search"
        placeholder="Any track: type a title, artist or album"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setText('')
        }}
        autoComplete="off"
        spellCheck={false}
      />
      {error && <p className="inline-error small">{error}</p>}
      {results.length > 0 && (
        <ul className="compare-results" aria-label="Tracks to compare with">
          {results.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  useCompare.getState().compare(openId, r.id)
                  setText('')
                }}
              >
                {r.title}
                <span className="muted small"> {r.artist ?? ''}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {text.trim() && results.length === 0 && !error && <p className="muted small">No analysed track matches.</p>}
    </div>
  )
}
