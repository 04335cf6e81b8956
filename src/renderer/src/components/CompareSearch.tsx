/** "Compare with…": find any fingerprinted track by name to overlay on the open track's radar. */
import { useState } from 'react'
import { useTrackSearch } from '../lib/useTrackSearch'
import { useCompare } from '../stores/compare'

export function CompareSearch({ openId }: { openId: number }) {
  const [text, setText] = useState('')
  const { results, error } = useTrackSearch(text, openId)

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
