/**
 * One track: its tags, its fingerprint as a radar (fixed ranges ↔ percentile in this library), a
 * per-group summary, Compare (a second track overlaid with the biggest differences), similar
 * tracks, and play. A track still waiting for analysis is moved to the front of the queue.
 */

import { useEffect } from 'react'
import type { TrackDetail } from '../../../shared/api'
import { DIMENSION_BY_KEY, GROUPS } from '../../../shared/dimensions'
import { biggestDifferences } from '../lib/compare'
import { escapeLeavesPage } from '../lib/escape'
import { failureAdvice } from '../lib/failure'
import { formatCount, formatDimension, formatDuration } from '../lib/format'
import type { DisplayMode } from '../lib/scale'
import { useCompare } from '../stores/compare'
import { prioritizeTrack, useDetails, useTrackDetail } from '../stores/details'
import { useDisplay } from '../stores/display'
import { useImport } from '../stores/import'
import { routeLabel, useNav } from '../stores/nav'
import { TID } from '../testids'
import { CompareSearch } from './CompareSearch'
import { Cover } from './Cover'
import { GroupSummary } from './GroupSummary'
import { PlayButton } from './PlayButton'
import { Radar } from './Radar'
import { SimilarPanel } from './SimilarPanel'
import { TrackListenActions } from './TrackListenActions'

export function TrackPage({ id }: { id: number }) {
  const entry = useTrackDetail(id)
  const detail = entry?.detail?.id === id ? entry.detail : null
  const state = detail?.state

  useEffect(() => {
    if (state === 'pending') prioritizeTrack(id)
  }, [id, state])

  const title = detail?.title
  useEffect(() => {
    if (!title) return
    document.title = `${title} — Soundprint`
    return () => {
      document.title = 'Soundprint'
    }
  }, [title])

  // Escape leaves the page (unless something on it used the key, e.g. the radar, a search box or a dialog).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!escapeLeavesPage(e)) return
      e.preventDefault()
      useNav.getState().back()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const previous = useNav((s) => s.previous)
  const back = (
    <button
      type="button"
      className="back"
      onClick={() => useNav.getState().back()}
      title="Back (Escape)"
      aria-keyshortcuts="Escape"
    >
      ← {routeLabel(previous)}
    </button>
  )

  if (!detail) {
    return (
      <section className="screen track" aria-label="Track">
        {back}
        {entry?.error ? (
          <div className="state-message error" role="alert">
            <h2>Could not open this track</h2>
            <p>{entry.error}</p>
            <button type="button" className="primary" onClick={() => useDetails.getState().fetch(id)}>
              Try again
            </button>
          </div>
        ) : (
          <div className="state-message">
            <p className="muted">Loading track…</p>
          </div>
        )}
      </section>
    )
  }

  const failed = detail.state === 'failed'
  return (
    <section className="screen track" aria-label={`Track: ${detail.title}`}>
      {back}
      <header className="track-head">
        <Cover coverId={detail.coverId} name={detail.album ?? detail.title} size="full" className="track-cover" />
        <div className="track-head-text">
          <h1 data-testid={TID.trackTitle}>{detail.title}</h1>
          <p className="track-sub">
            {[detail.artist ?? 'Unknown artist', detail.album, detail.tags.year].filter((x) => x != null).join(' · ')}
          </p>
        </div>
        {!failed && (
          <div className="track-head-actions">
            <PlayButton
              id={detail.id}
              title={detail.title}
              artist={detail.artist}
              album={detail.album}
              coverId={detail.coverId}
            />
            <TrackListenActions track={detail} />
          </div>
        )}
      </header>
      {failed ? (
        <div className="track-grid failed">
          <div className="track-main">
            <FailedCard detail={detail} />
            <TagsCard detail={detail} />
          </div>
        </div>
      ) : (
        <div className="track-grid">
          <div className="track-main">
            <FingerprintCard detail={detail} />
            <TagsCard detail={detail} />
          </div>
          <SimilarPanel trackId={detail.id} queryFp={detail.fingerprint} />
        </div>
      )}
    </section>
  )
}

function FingerprintCard({ detail }: { detail: TrackDetail }) {
  const mode = useDisplay((s) => s.mode)
  const stats = useDisplay((s) => s.stats)
  const statsError = useDisplay((s) => s.statsError)
  const compareId = useCompare((s) => (s.forId === detail.id ? s.withId : null))
  const compareEntry = useTrackDetail(compareId)
  const other = compareId != null && compareEntry?.detail?.id === compareId ? compareEntry.detail : null

  // Library statistics give the tooltip its percentile in both modes, and the percentile mode its scale.
  useEffect(() => {
    if (!useDisplay.getState().stats) void useDisplay.getState().loadStats()
  }, [])

  const fp = detail.fingerprint
  if (!fp) return <NoFingerprint detail={detail} />

  return (
    <section className="card fingerprint" aria-labelledby="fp-h">
      <div className="card-head">
        <h2 id="fp-h">Sonic fingerprint</h2>
        <ModeToggle mode={mode} />
      </div>
      {mode === 'percentile' && statsError && (
        <p className="inline-error">Library statistics unavailable ({statsError}); showing fixed ranges.</p>
      )}
      {mode === 'percentile' && stats && stats.count < 20 && (
        <p className="muted small">
          Only {stats.count} fingerprinted {stats.count === 1 ? 'track' : 'tracks'}: percentiles become meaningful as
          the library grows.
        </p>
      )}
      <Radar
        fingerprint={fp}
        compare={other?.fingerprint ?? null}
        mode={mode}
        stats={stats}
        title={detail.title}
        compareTitle={other?.title}
      />
      {other?.fingerprint && (
        <CompareList a={detail} b={other} mode={mode} onClear={() => useCompare.getState().compare(detail.id, null)} />
      )}
      {compareId != null && !other && <p className="muted small">Loading the compared track…</p>}
      {compareId == null && <CompareSearch openId={detail.id} />}
      <GroupSummary fp={fp} mode={mode} stats={stats} />
      {detail.meta && (
        <p className="muted small">
          Analysed in {(detail.meta.analysisMs / 1000).toFixed(1)} s · analysis version {detail.meta.analysisVersion}
          {detail.meta.silent ? ' · the file is silent' : ''}
        </p>
      )}
    </section>
  )
}

function ModeToggle({ mode }: { mode: DisplayMode }) {
  const set = useDisplay.getState().setMode
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">Chart scale</legend>
      <label className={mode === 'fixed' ? 'on' : ''}>
        <input type="radio" name="scale" checked={mode === 'fixed'} onChange={() => set('fixed')} />
        Fixed ranges
      </label>
      <label className={mode === 'percentile' ? 'on' : ''}>
        <input type="radio" name="scale" checked={mode === 'percentile'} onChange={() => set('percentile')} />
        Percentile in library
      </label>
    </fieldset>
  )
}

function CompareList({ a, b, mode, onClear }: { a: TrackDetail; b: TrackDetail; mode: DisplayMode; onClear(): void }) {
  const stats = useDisplay((s) => s.stats)
  const diffs = biggestDifferences(a.fingerprint!, b.fingerprint!, mode, stats)
  return (
    <div className="compare">
      <div className="card-head">
        <h3>
          Compared with <span className="compare-name">{b.title}</span>
        </h3>
        <button type="button" onClick={onClear}>
          Stop comparing
        </button>
      </div>
      {diffs.length === 0 ? (
        <p className="muted">These two fingerprints are practically identical.</p>
      ) : (
        <table className="diffs">
          <caption className="muted small">Biggest differences</caption>
          <thead>
            <tr>
              <th scope="col">Dimension</th>
              <th scope="col">This track</th>
              <th scope="col">{b.title}</th>
              <th scope="col">
                <span className="visually-hidden">Difference</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {diffs.map((d) => (
              <tr key={d.key}>
                <th scope="row">
                  <span className="swatch" style={{ background: GROUPS.find((g) => g.key === d.group)!.color }} />
                  {DIMENSION_BY_KEY[d.key].label}
                </th>
                <td>{formatDimension(d.key, d.a)}</td>
                <td>{formatDimension(d.key, d.b)}</td>
                <td className="diff-bar">
                  <span className={d.delta > 0 ? 'up' : 'down'}>{d.delta > 0 ? 'higher' : 'lower'}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

function NoFingerprint({ detail }: { detail: TrackDetail }) {
  const text =
    detail.state === 'analysing'
      ? 'Analysing this track now — its fingerprint appears here in a moment.'
      : detail.state === 'missing'
        ? 'The file is no longer where it was. Put it back (or rescan its folder if it moved) to analyse it.'
        : 'Waiting for analysis. This track has been moved to the front of the queue.'
  return (
    <section className="card fingerprint" aria-labelledby="fp-h">
      <div className="card-head">
        <h2 id="fp-h">Sonic fingerprint</h2>
      </div>
      <div className="state-message">
        <div className={detail.state === 'missing' ? '' : 'spinner'} aria-hidden="true" />
        <p>{text}</p>
      </div>
    </section>
  )
}

/** A track that could not be analysed: why, and what to do about it (no player, no fingerprint tools). */
function FailedCard({ detail }: { detail: TrackDetail }) {
  const advice = failureAdvice(detail.error)
  const busy = useImport((s) => s.busy)
  return (
    <section className="card failed-card" aria-labelledby="failed-h" data-testid="failed-card">
      <h2 id="failed-h" className="failed-title">
        This file could not be analysed
      </h2>
      <p className="failed-kind">{advice.kind}</p>
      <p className="reason">
        <span className="muted">The analysis said: </span>
        {detail.error ?? 'no reason was recorded.'}
      </p>
      <h3 className="failed-sub">What to do</h3>
      <ol className="failed-steps">
        {advice.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {advice.retryHelps && detail.rootId != null && (
        <button
          type="button"
          className="primary"
          disabled={busy != null}
          onClick={() => void useImport.getState().rescan(detail.rootId ?? undefined)}
        >
          Analyse its folder again
        </button>
      )}
      <p className="muted small">It is left out of similar tracks and the sonic map until it can be analysed.</p>
    </section>
  )
}

function TagsCard({ detail }: { detail: TrackDetail }) {
  const t = detail.tags
  const rows: [string, string | null][] = [
    ['Title', t.title],
    ['Artist', t.artist],
    ['Album', t.album],
    ['Album artist', t.albumArtist],
    ['Track', t.trackNo != null ? `${t.trackNo}${t.discNo != null ? ` (disc ${t.discNo})` : ''}` : null],
    ['Year', t.year != null ? String(t.year) : null],
    ['Genre', t.genre],
    ['Duration', detail.durationSec != null ? formatDuration(detail.durationSec) : null],
    ['Tempo', detail.tempoBpm != null ? formatDimension('tempo_bpm', detail.tempoBpm) : null],
    ['Loudness', detail.lufs != null ? formatDimension('lufs', detail.lufs) : null],
    [
      'Format',
      [
        detail.codec,
        detail.sampleRate ? `${(detail.sampleRate / 1000).toFixed(1)} kHz` : null,
        detail.channels
          ? detail.channels === 1
            ? 'mono'
            : detail.channels === 2
              ? 'stereo'
              : `${detail.channels} ch`
          : null,
        detail.bitrate ? `${Math.round(detail.bitrate / 1000)} kbit/s` : null,
      ]
        .filter(Boolean)
        .join(' · ') || null,
    ],
    ['Size', `${formatCount(Math.round(detail.size / 1024))} KiB`],
    ['File', detail.path],
  ]
  return (
    <section className="card tags" aria-labelledby="tags-h">
      <h2 id="tags-h">Details</h2>
      <dl className="tag-list">
        {rows
          .filter(([, v]) => v != null && v !== '')
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className={k === 'File' ? 'path' : undefined}>{v}</dd>
            </div>
          ))}
      </dl>
    </section>
  )
}
