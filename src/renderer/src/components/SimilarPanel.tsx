/**
 * Similar tracks of the open track: best first, with score, how much each of the seven groups agrees
 * (a bar per group, timbre included, so the eye sees at once whether rhythm or timbre makes the match), the groups that agree,
 * duplicates marked; click opens, ▶ plays, ⇄ compares. The group weights (the seven and timbre) re-rank live.
 * Scores are relative to the library (its scaling and neighbourhoods), and the panel says so.
 */
import { memo, useEffect } from 'react'
import type { SimilarTrack } from '../../../shared/api'
import { type Fingerprint, SIMILARITY_GROUPS } from '../../../shared/dimensions'
import { formatPercent } from '../lib/format'
import { isDefaultWeights, WEIGHT_MAX, WEIGHT_MIN, WEIGHT_STEP } from '../lib/rerank'
import { useCompare } from '../stores/compare'
import { openTrack } from '../stores/nav'
import { usePlayer } from '../stores/player'
import { useSimilar } from '../stores/similar'
import { TID, weightSliderTestId } from '../testids'
import { PlayButton, PlayingMark } from './PlayButton'
import { SimilarListActions } from './TrackListenActions'
import { TrackMenuButton } from './TrackMenu'

const AGREE_THRESHOLD = 0.8

export function SimilarPanel({ trackId, queryFp }: { trackId: number; queryFp: Fingerprint | null }) {
  const results = useSimilar((s) => s.results)
  const queryId = useSimilar((s) => s.queryId)
  const loading = useSimilar((s) => s.loading)
  const error = useSimilar((s) => s.error)
  const estimating = useSimilar((s) => s.estimating)
  const hasFp = queryFp != null

  useEffect(() => {
    if (hasFp) void useSimilar.getState().load(trackId)
  }, [trackId, hasFp])

  return (
    <section className="card similar" aria-labelledby="similar-h">
      <div className="card-head">
        <h2 id="similar-h">Sounds like this</h2>
        {estimating && <span className="muted small">re-ranking…</span>}
        <span
          className="muted small similar-relative"
          data-testid="similar-relative"
          title="Scores compare tracks against the spread of your own library: adding very different music can move them a little."
        >
          scores relative to your library
        </span>
      </div>
      <Weights />
      {!hasFp ? (
        <p className="muted">Similar tracks appear once this track has its fingerprint.</p>
      ) : error ? (
        <div className="inline-error" role="alert">
          Could not find similar tracks: {error}{' '}
          <button type="button" className="link" onClick={() => useSimilar.getState().load(trackId)}>
            Try again
          </button>
        </div>
      ) : loading && (queryId !== trackId || results.length === 0) ? (
        <p className="muted">Finding similar tracks…</p>
      ) : results.length === 0 ? (
        <p className="muted">No other fingerprinted tracks yet. Add more music to compare it with.</p>
      ) : (
        <>
          <SimilarListActions queryId={trackId} results={results} />
          <ol className="similar-list" data-testid={TID.similarList} data-query-id={trackId} aria-busy={estimating}>
            {results.map((r, i) => (
              <SimilarItem key={r.id} rank={i + 1} item={r} openId={trackId} />
            ))}
          </ol>
        </>
      )}
    </section>
  )
}

function Weights() {
  const weights = useSimilar((s) => s.weights)
  return (
    <details className="weights">
      <summary>Weights {!isDefaultWeights(weights) && <span className="badge">custom</span>}</summary>
      <p className="muted small">
        How much each group counts when comparing, as a multiple of the default (1×, chosen by measuring which weights
        find tracks of the same album best). Timbre is the tone colour of the whole mix. The list re-ranks as you slide.
      </p>
      <div className="weight-grid">
        {SIMILARITY_GROUPS.map((g) => (
          <div key={g.key} className="weight-row">
            <label htmlFor={`w-${g.key}`}>
              <span className="swatch" style={{ background: g.color }} aria-hidden="true" />
              {g.label}
            </label>
            <input
              id={`w-${g.key}`}
              type="range"
              min={WEIGHT_MIN}
              max={WEIGHT_MAX}
              step={WEIGHT_STEP}
              value={weights[g.key]}
              data-testid={weightSliderTestId(g.key)}
              onChange={(e) => useSimilar.getState().setWeight(g.key, Number(e.target.value))}
              aria-valuetext={`${weights[g.key].toFixed(1)}×`}
              style={{ accentColor: g.color }}
            />
            <output htmlFor={`w-${g.key}`}>{weights[g.key].toFixed(1)}×</output>
          </div>
        ))}
      </div>
      <button type="button" onClick={() => useSimilar.getState().resetWeights()} disabled={isDefaultWeights(weights)}>
        Reset weights
      </button>
    </details>
  )
}

const SimilarItem = memo(function SimilarItem({
  rank,
  item,
  openId,
}: {
  rank: number
  item: SimilarTrack
  openId: number
}) {
  const comparing = useCompare((s) => s.forId === openId && s.withId === item.id)
  const isPlaying = usePlayer((s) => s.track?.id === item.id)
  const agree = SIMILARITY_GROUPS.filter((g) => (item.groups[g.key] ?? 0) >= AGREE_THRESHOLD).sort(
    (a, b) => (item.groups[b.key] ?? 0) - (item.groups[a.key] ?? 0),
  )
  return (
    <li
      className={`similar-item${isPlaying ? ' playing' : ''}`}
      data-testid={TID.similarItem}
      data-track-id={item.id}
      data-score={item.score}
    >
      <button type="button" className="similar-open" onClick={() => openTrack(item.id)} title={item.path}>
        <span className="rank" aria-hidden="true">
          {rank}
        </span>
        <AgreementBars groups={item.groups} />
        <span className="similar-text">
          <span className="similar-title">
            {isPlaying && <PlayingMark />}
            {item.title}
            {item.duplicate && (
              <span className="badge badge-duplicate" title="The same audio in another file">
                duplicate
              </span>
            )}
          </span>
          <span className="muted small">{item.artist ?? 'Unknown artist'}</span>
          <span className="agree">
            {agree.length === 0 ? (
              <span className="muted small">no group agrees closely</span>
            ) : (
              agree.slice(0, 4).map((g) => (
                <span
                  key={g.key}
                  className="chip"
                  style={{ borderColor: g.color }}
                  title={`${g.label}: ${formatPercent(item.groups[g.key])} alike`}
                >
                  <span className="swatch" style={{ background: g.color }} aria-hidden="true" />
                  {g.label}
                </span>
              ))
            )}
          </span>
        </span>
        <span className="score">
          <span className="score-num">
            {Math.round(item.score * 100)}
            <span className="visually-hidden"> % similar</span>
          </span>
          <span className="score-bar" aria-hidden="true">
            <span style={{ width: `${item.score * 100}%` }} />
          </span>
        </span>
      </button>
      <div className="similar-actions">
        <PlayButton id={item.id} title={item.title} artist={item.artist} compact />
        <button
          type="button"
          className={`icon-button${comparing ? ' on' : ''}`}
          aria-pressed={comparing}
          aria-label={comparing ? `Stop comparing with ${item.title}` : `Compare with ${item.title}`}
          title={comparing ? 'Stop comparing' : 'Compare on the radar'}
          onClick={() => useCompare.getState().compare(openId, comparing ? null : item.id)}
        >
          <span aria-hidden="true">⇄</span>
        </button>
        <TrackMenuButton tracks={[item]} />
      </div>
    </li>
  )
})

/** One bar per group, as tall as the group agrees (0..1): which parts of the sound make the match. */
function AgreementBars({ groups }: { groups: SimilarTrack['groups'] }) {
  return (
    <span
      className="agreement"
      role="img"
      aria-label={`Agreement by group: ${SIMILARITY_GROUPS.map((g) => `${g.label} ${formatPercent(groups[g.key] ?? 0)}`).join(', ')}`}
    >
      {SIMILARITY_GROUPS.map((g) => {
        const v = Math.max(0, Math.min(1, groups[g.key] ?? 0))
        return (
          <span key={g.key} className="agreement-col" title={`${g.label}: ${formatPercent(v)} alike`}>
            <span
              className="agreement-bar"
              style={{
                height: `${Math.max(6, v * 100)}%`,
                background: g.color,
                opacity: v >= AGREE_THRESHOLD ? 1 : 0.45,
              }}
            />
          </span>
        )
      })}
    </span>
  )
}
