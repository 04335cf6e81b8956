/**
 * Play / Shuffle / Queue / Radio for whatever a view shows (an album, an artist, a genre, a folder):
 * the tracks are fetched when a button is pressed; the radio takes the analysed ones as its seeds.
 */
import { useState } from 'react'
import type { TrackSummary } from '../../../../shared/api'
import { shuffleInPlace } from '../../../../shared/random'
import { errorMessage } from '../../api'
import { playTracks, queueTracks } from '../../lib/listen'
import { useRadio } from '../../stores/radio'
import { LID } from '../../testids-listen'

export function ListenActions({
  load,
  label,
  compact = false,
}: {
  /** The tracks, in the order to play them. */
  load: () => Promise<TrackSummary[]>
  /** Names the source in the queue ("Album: …"). */
  label: string
  compact?: boolean
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (fn: (tracks: TrackSummary[]) => void) => {
    setBusy(true)
    setError(null)
    try {
      const tracks = await load()
      if (tracks.every((t) => t.state === 'failed' || t.state === 'missing')) setError('Nothing here can be played.')
      else fn(tracks)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <span className={`listen-actions${compact ? ' compact' : ''}`}>
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={() => void run((t) => playTracks(t, label))}
        data-testid="listen-play"
      >
        <span aria-hidden="true">▶</span> Play
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => void run((t) => playTracks(shuffleInPlace([...t]), label))}
        title="Play in random order"
      >
        <span aria-hidden="true">⤮</span> Shuffle
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => void run(queueTracks)}
        title="Add to the end of the queue"
        data-testid="listen-queue"
      >
        <span aria-hidden="true">+</span> Queue
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          void run((t) => {
            const seeds = t.filter((x) => x.state === 'done')
            if (seeds.length === 0) setError('None of these tracks is analysed yet.')
            else void useRadio.getState().start(seeds, label)
          })
        }
        title="An endless mix that sounds like these tracks"
        data-testid={LID.startRadio}
      >
        <span aria-hidden="true">◉</span> Radio
      </button>
      {error && (
        <span className="inline-error small" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}
