import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TrackQuery, TrackSummary } from '../../../shared/api'
import { type ClientApi, setApi } from '../api'

/** A 100 000-track library answering tracks.query windows, recording each query. */
function fakeLibrary(n = 100_000) {
  const queries: TrackQuery[] = []
  const api: ClientApi = {
    call: (async (method: string, req: TrackQuery) => {
      if (method !== 'tracks.query') throw new Error(`unexpected ${method}`)
      queries.push(req)
      const total = req.filter ? 42 : n
      const offset = req.offset ?? 0
      const rows: TrackSummary[] = []
      for (let i = offset; i < Math.min(total, offset + (req.limit ?? 100)); i++)
        rows.push({
          id: i + 1,
          path: `/m/${i}.ogg`,
          title: `T${i}`,
          artist: null,
          album: null,
          durationSec: 1,
          tempoBpm: null,
          lufs: null,
          peakDb: null,
          state: 'done',
          error: null,
          albumArtist: null,
          trackNo: null,
          discNo: null,
          year: null,
          genre: null,
          coverId: null,
          folder: 'm',
          ambiguous: false,
          rhythmStability: null,
        })
      return { total, offset, rows }
    }) as ClientApi['call'],
    on: () => () => {},
    audioUrl: (id) => `/a/${id}`,
    coverUrl: (id, size) => `/c/${id}/${size}`,
  }
  return { api, queries }
}

describe('library store', () => {
  afterEach(() => {
    vi.useRealTimers()
    setApi(null)
  })

  it('fetches only the visible window, filters once typing pauses, and toggles the sort', async () => {
    vi.useFakeTimers()
    const { api, queries } = fakeLibrary()
    setApi(api)
    const { useLibrary, rowAt, FILTER_DEBOUNCE_MS, PAGE_SIZE } = await import('./library')
    const s = useLibrary.getState
    s().showRows(0, 30)
    await vi.advanceTimersByTimeAsync(0)
    expect(s().total).toBe(100_000)
    expect(rowAt(3)?.title).toBe('T3')

    // Scroll far down: only the pages around the viewport are asked for.
    queries.length = 0
    s().showRows(50_000, 50_030)
    await vi.advanceTimersByTimeAsync(0)
    const offsets = queries.map((q) => q.offset)
    expect(offsets).toContain(Math.floor(50_000 / PAGE_SIZE) * PAGE_SIZE)
    expect(queries.length).toBeLessThanOrEqual(3)
    for (const q of queries) expect(q.limit).toBe(PAGE_SIZE)
    expect(rowAt(50_010)?.title).toBe('T50010')

    // Typing: the box updates at once, one query after the pause.
    queries.length = 0
    for (const text of ['s', 'sa', 'saw']) s().setFilterText(text)
    expect(s().filterText).toBe('saw')
    await vi.advanceTimersByTimeAsync(FILTER_DEBOUNCE_MS - 20)
    expect(queries).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(40)
    expect(queries.map((q) => q.filter)).toEqual(['saw'])
    expect(s().total).toBe(42)

    s().setSort('title')
    expect(s().desc).toBe(true)
    s().setSort('artist')
    expect(s()).toMatchObject({ sort: 'artist', desc: false })
    await vi.advanceTimersByTimeAsync(0)
    expect(queries.at(-1)).toMatchObject({ sort: 'artist', desc: false, filter: 'saw' })
  })
})
