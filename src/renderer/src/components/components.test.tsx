/**
 * Component tests without a DOM: React's server renderer turns each component into markup, which we
 * read for what a user (and the e2e tests) rely on — labels, counts, ARIA values, test ids.
 */
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import type { StateCreator } from 'zustand/vanilla'
import { importProgress } from '../../../../test/helpers/import-progress'
import type { ImportProgress, SimilarTrack, TrackDetail } from '../../../shared/api'
import { DIMENSIONS, type Fingerprint, SIMILARITY_GROUPS, type SimilarityGroupKey } from '../../../shared/dimensions'
import { ProgressTracker } from '../lib/progress'
import { useDetails } from '../stores/details'
import { useImport } from '../stores/import'
import { useSimilar } from '../stores/similar'
import { ImportPanel } from './ImportPanel'
import { Radar } from './Radar'
import { SimilarPanel } from './SimilarPanel'
import { TrackPage } from './TrackPage'

// The server renderer reads a zustand store's server snapshot (its initial state); bind the stores so
// it reads the state each test sets instead. Everything else about the stores is the real code.
vi.mock('zustand', async () => {
  const React = await import('react')
  const { createStore } = await import('zustand/vanilla')
  const bind = (init: StateCreator<unknown>) => {
    const api = createStore(init)
    const hook = (select: (s: unknown) => unknown = (s) => s) =>
      React.useSyncExternalStore(
        api.subscribe,
        () => select(api.getState()),
        () => select(api.getState()),
      )
    return Object.assign(hook, api)
  }
  return { create: (init?: StateCreator<unknown>) => (init ? bind(init) : bind) }
})

const fp = Object.fromEntries(DIMENSIONS.map((d) => [d.key, (d.range[0] + d.range[1]) / 2])) as Fingerprint
const count = (html: string, needle: string) => html.split(needle).length - 1
const attr = (html: string, name: string) => [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1])

describe('Radar', () => {
  it('draws 25 labelled axes in canonical order, a shape, and names itself for assistive technology', () => {
    const html = renderToStaticMarkup(<Radar fingerprint={fp} mode="fixed" stats={null} title="Song" />)
    expect(count(html, 'data-testid="radar-axis"')).toBe(25)
    const labels = [...html.matchAll(/data-testid="radar-axis"[^>]*>([^<]*)</g)].map((m) => m[1])
    expect(labels).toEqual(DIMENSIONS.map((d) => d.label.replace('&', '&amp;')))
    expect(html).toContain('class="radar-shape"')
    expect(html).not.toContain('radar-shape-compare')
    expect(html).toMatch(/aria-label="Radar chart of the 25 fingerprint dimensions of Song[^"]*fixed display ranges/)
    expect(html).toContain('tabindex="0"')
  })

  it('overlays a compared track and names it in the legend', () => {
    const other = { ...fp, lufs: -6 }
    const html = renderToStaticMarkup(
      <Radar fingerprint={fp} compare={other} mode="percentile" stats={null} title="A" compareTitle="B" />,
    )
    expect(html).toContain('radar-shape-compare')
    expect(html).toContain('compared with B')
    expect(html).toContain('percentile within this library')
  })
})

const progress = importProgress

function showImport(p: ImportProgress): string {
  useImport.setState({ progress: p, view: new ProgressTracker().update(p), dismissed: false })
  return renderToStaticMarkup(<ImportPanel />)
}

describe('ImportPanel', () => {
  it('shows phase, a determinate bar, counts, rate, ETA, current files and failures with reasons', () => {
    const html = showImport(
      progress({
        found: 40,
        analysed: 9,
        failed: 1,
        pending: 28,
        current: ['/m/a/one.flac', '/m/b/two.ogg'],
        tracksPerSec: 2.5,
        etaSec: 125,
        recentFailures: [{ id: 7, path: '/m/bad.mp3', error: 'not an MPEG audio stream' }],
      }),
    )
    expect(html).toContain('data-phase="analysing"')
    expect(html).toContain('aria-valuenow="25"')
    expect(html).toMatch(/data-testid="count-found"[^>]*>40</)
    expect(html).toMatch(/data-testid="count-analysed"[^>]*>9</)
    expect(html).toMatch(/data-testid="count-failed"[^>]*>1</)
    expect(html).toContain('2.5')
    expect(html).toContain('3 min')
    expect(html).toContain('one.flac')
    expect(html).toMatch(/data-testid="failure-item" data-track-id="7"/)
    expect(html).toContain('not an MPEG audio stream')
    expect(html).toContain('>Pause<')
  })

  it('is indeterminate while discovering and offers Resume when paused', () => {
    const discovering = showImport(progress({ phase: 'discovering', found: 12 }))
    expect(discovering).toContain('class="progress indeterminate"')
    expect(discovering).not.toContain('aria-valuenow')
    const paused = showImport(progress({ phase: 'paused', found: 10, analysed: 5, pending: 5 }))
    expect(paused).toContain('>Resume<')
    expect(paused).toContain('aria-valuenow="50"')
  })

  it('lists what the walk passed over, with reasons, while running and in the finished summary', () => {
    const recentSkipped = [
      { path: '/m/locked', reason: 'permission denied: the folder cannot be read' },
      { path: '/m/pipe.mp3', reason: 'a named pipe, not a file' },
    ]
    for (const phase of ['analysing', 'done'] as const) {
      const html = showImport(progress({ phase, found: 3, analysed: 3, recentSkipped }))
      expect(html).toContain('data-testid="passed-over"')
      expect(count(html, 'data-testid="passed-over-item"')).toBe(2)
      expect(html).toContain('2 passed over')
      expect(html).toContain('permission denied: the folder cannot be read')
      expect(html).toContain('/m/pipe.mp3')
    }
    expect(showImport(progress({ phase: 'done', found: 3, analysed: 3 }))).not.toContain('passed-over')
  })

  it('stays out of the way when nothing was imported', () => {
    expect(showImport(progress({ phase: 'idle' }))).toBe('')
  })

  it("says nothing of the folder watcher's checks that changed nothing, but shows the ones that did", () => {
    const unchanged = { phase: 'done' as const, found: 60, skipped: 60, background: true }
    expect(showImport(progress(unchanged))).toBe('')
    // The same run started by the user (a rescan) reports that nothing changed.
    expect(showImport(progress({ ...unchanged, background: false }))).toContain('60 unchanged')
    // A watched file that arrived, or one that went missing, is news.
    expect(showImport(progress({ ...unchanged, found: 61, analysed: 1 }))).toMatch(
      /data-testid="count-analysed"[^>]*>1</,
    )
    expect(showImport(progress({ ...unchanged, newlyMissing: 1 }))).toContain('1 now missing')
    // While it runs, it shows like any import.
    expect(showImport(progress({ ...unchanged, phase: 'discovering' }))).toContain('data-phase="discovering"')
  })
})

describe('SimilarPanel', () => {
  const groups = (v: number) =>
    Object.fromEntries(SIMILARITY_GROUPS.map((g) => [g.key, v])) as Record<SimilarityGroupKey, number>
  const item = (id: number, score: number, over: Partial<SimilarTrack> = {}): SimilarTrack => ({
    id,
    path: `/m/${id}.ogg`,
    title: `Track ${id}`,
    artist: null,
    score,
    duplicate: false,
    groups: groups(0.5),
    ...over,
  })

  it('lists results best first with scores, agreeing groups, duplicates, play buttons and seven sliders', () => {
    const results = [item(3, 0.97, { duplicate: true, groups: { ...groups(0.5), rhythm: 0.95 } }), item(4, 0.61)]
    useSimilar.setState({ queryId: 1, results, serverResults: results, loading: false, error: null })
    const html = renderToStaticMarkup(<SimilarPanel trackId={1} queryFp={fp} />)
    expect(attr(html, 'data-score')).toEqual(['0.97', '0.61'])
    expect(html).toContain('data-testid="similar-list" data-query-id="1"')
    expect(count(html, 'data-testid="similar-item"')).toBe(2)
    expect(count(html, 'data-testid="play-button"')).toBe(2)
    expect(html).toContain('duplicate')
    expect(html).toMatch(/title="Rhythm: 95 % alike"/)
    // Each item shows each group's agreement (timbre too) as bars, not a look-alike mini radar.
    expect(count(html, 'class="agreement-col"')).toBe(2 * SIMILARITY_GROUPS.length)
    expect(html).not.toContain('radar-mini')
    for (const g of SIMILARITY_GROUPS) expect(html).toContain(`data-testid="weight-slider-${g.key}"`)
  })

  it('says what to do when there is nothing to compare with', () => {
    useSimilar.setState({ queryId: 1, results: [], serverResults: [], loading: false, error: null })
    expect(renderToStaticMarkup(<SimilarPanel trackId={1} queryFp={fp} />)).toContain('Add more music')
    expect(renderToStaticMarkup(<SimilarPanel trackId={1} queryFp={null} />)).toContain(
      'once this track has its fingerprint',
    )
  })
})

describe('TrackPage of a failed track', () => {
  const failed = {
    id: 5,
    path: '/m/x/song.m4a',
    title: 'song',
    artist: null,
    album: null,
    durationSec: null,
    tempoBpm: null,
    lufs: null,
    state: 'failed',
    error: 'song.m4a needs ffmpeg to decode: ffmpeg is not installed (or not on the PATH)',
    tags: {
      title: null,
      artist: null,
      album: null,
      albumArtist: null,
      trackNo: null,
      discNo: null,
      year: null,
      genre: null,
    },
    rootId: 1,
    size: 4096,
    mtimeMs: 0,
    codec: null,
    bitrate: null,
    sampleRate: null,
    channels: null,
    fingerprint: null,
    meta: null,
  } satisfies Partial<TrackDetail> as unknown as TrackDetail

  it('says why and what to do, and offers neither Play nor the weights', () => {
    useDetails.setState({ entries: { 5: { detail: failed, error: null, loading: false, stale: false } } })
    const html = renderToStaticMarkup(<TrackPage id={5} />)
    expect(html).toContain('data-testid="failed-card"')
    expect(html).toContain('needs ffmpeg to decode')
    expect(html).toContain('Install FFmpeg')
    expect(html).toContain('Analyse its folder again')
    expect(html).not.toContain('data-testid="play-button"')
    expect(html).not.toContain('weight-slider')
  })

  it('offers no retry for a damaged file', () => {
    const damaged = { ...failed, error: 'no audio could be decoded: the file is truncated or damaged' }
    useDetails.setState({ entries: { 5: { detail: damaged, error: null, loading: false, stale: false } } })
    const html = renderToStaticMarkup(<TrackPage id={5} />)
    expect(html).toContain('damaged or incomplete')
    expect(html).not.toContain('Analyse its folder again')
  })
})
