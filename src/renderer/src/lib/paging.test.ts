import { describe, expect, it } from 'vitest'
import { PageCache, type PageFetcher, pagesForRange, visibleRange } from './paging'

/** A 100 000-row "library" answering offset/limit windows, recording every request. */
function library(n = 100_000) {
  const calls: { offset: number; limit: number }[] = []
  const fetcher: PageFetcher<number> = async (offset, limit) => {
    calls.push({ offset, limit })
    const rows: number[] = []
    for (let i = offset; i < Math.min(n, offset + limit); i++) rows.push(i)
    return { total: n, rows }
  }
  return { calls, fetcher }
}

describe('table window paging', () => {
  it('computes the visible rows and the pages that cover them', () => {
    expect(visibleRange(0, 320, 32, 100_000)).toEqual({ first: 0, last: 9 })
    expect(visibleRange(3200, 320, 32, 100_000, 5)).toEqual({ first: 95, last: 114 })
    expect(visibleRange(0, 320, 32, 4)).toEqual({ first: 0, last: 3 })
    expect(visibleRange(0, 320, 32, 0)).toEqual({ first: 0, last: -1 })
    expect(pagesForRange(95, 114, 200, 100_000)).toEqual([0])
    expect(pagesForRange(190, 214, 200, 100_000, 1)).toEqual([0, 1, 2])
    expect(pagesForRange(99_990, 100_010, 200, 100_000, 1)).toEqual([498, 499])
    expect(pagesForRange(0, 10, 200, 0)).toEqual([])
  })

  it('fetches only the pages the viewport needs, once, and serves rows from the cache', async () => {
    const { calls, fetcher } = library()
    const cache = new PageCache(fetcher, 200, 10)
    await cache.ensure(0, 30)
    expect(calls).toEqual([{ offset: 0, limit: 200 }])
    expect(cache.total).toBe(100_000)
    await cache.ensure(0, 30, 1)
    expect(calls.map((c) => c.offset)).toEqual([0, 200])
    // Jump to the middle: only that neighbourhood is fetched.
    await cache.ensure(50_010, 50_040, 1)
    // The page in view first, then its neighbours.
    expect(calls.map((c) => c.offset)).toEqual([0, 200, 50_000, 49_800, 50_200])
    expect(cache.get(50_033)).toBe(50_033)
    expect(cache.get(70_000)).toBeUndefined()
    // Asking again costs nothing.
    await cache.ensure(50_010, 50_040, 1)
    expect(calls).toHaveLength(5)
  })

  it('de-duplicates concurrent requests for the same page', async () => {
    const { calls, fetcher } = library()
    const cache = new PageCache(fetcher, 200, 10)
    await cache.ensure(0, 0, 0)
    await Promise.all([cache.ensure(1000, 1010, 0), cache.ensure(1000, 1010, 0), cache.ensure(1005, 1020, 0)])
    expect(calls.filter((c) => c.offset === 1000)).toHaveLength(1)
  })

  it('after a fast scroll fetches the pages now in view, not every page scrolled past', async () => {
    const calls: number[] = []
    const pending: (() => void)[] = []
    const fetcher: PageFetcher<number> = (offset, limit) =>
      new Promise((resolve) => {
        calls.push(offset)
        pending.push(() => resolve({ total: 100_000, rows: Array.from({ length: limit }, (_, i) => offset + i) }))
      })
    const cache = new PageCache(fetcher, 200, 60, () => {}, 2)
    const first = cache.ensure(0, 30)
    pending.shift()!()
    await first
    calls.length = 0
    // Forty scroll steps while the server is slow: at most two requests start…
    let last: Promise<void> = Promise.resolve()
    for (let step = 1; step <= 40; step++) last = cache.ensure(step * 2000, step * 2000 + 30, 1)
    expect(cache.requestsInFlight).toBe(2)
    // …and once they answer, only the final viewport (and its neighbours) is fetched.
    while (pending.length > 0) {
      pending.shift()!()
      await new Promise((r) => setTimeout(r, 0))
    }
    await last
    expect(cache.get(80_010)).toBe(80_010)
    expect(calls.length).toBeLessThanOrEqual(2 + 3)
    expect(calls.slice(2)[0]).toBe(80_000)
  })

  it('evicts the least recently used pages beyond its budget', async () => {
    const { fetcher } = library()
    const cache = new PageCache(fetcher, 100, 3)
    await cache.ensure(0, 0, 0)
    for (const row of [100, 200, 300]) await cache.ensure(row, row, 0)
    expect(cache.cachedPages).toBe(3)
    expect(cache.has(0)).toBe(false)
    expect(cache.has(3)).toBe(true)
  })

  it('drops answers to a query that is no longer current', async () => {
    let release!: () => void
    const slow: PageFetcher<string> = (offset) =>
      new Promise((resolve) => {
        release = () => resolve({ total: 5, rows: [`old-${offset}`] })
      })
    const cache = new PageCache<string>(slow, 200, 10)
    const pending = cache.ensure(0, 10)
    cache.reset(async () => ({ total: 2, rows: ['new-a', 'new-b'] }))
    await cache.ensure(0, 10)
    release()
    await pending
    expect(cache.total).toBe(2)
    expect(cache.get(0)).toBe('new-a')
  })

  it('keeps showing stale rows after invalidation until the refetch answers', async () => {
    let version = 0
    const fetcher: PageFetcher<string> = async (offset, limit) => ({
      total: 3,
      rows: Array.from({ length: Math.min(3 - offset, limit) }, (_, i) => `v${version}-${offset + i}`),
    })
    const cache = new PageCache(fetcher, 200, 10)
    await cache.ensure(0, 2)
    version = 1
    cache.invalidate()
    expect(cache.get(1)).toBe('v0-1')
    await cache.ensure(0, 2)
    expect(cache.get(1)).toBe('v1-1')
  })

  it('notices rows arriving in a library that was empty', async () => {
    let n = 0
    const fetcher: PageFetcher<number> = async (offset, limit) => ({
      total: n,
      rows: Array.from({ length: Math.max(0, Math.min(n - offset, limit)) }, (_, i) => offset + i),
    })
    const cache = new PageCache(fetcher, 200, 10)
    await cache.ensure(0, 30)
    expect(cache.total).toBe(0)
    n = 15
    cache.invalidate()
    await cache.ensure(0, 30)
    expect(cache.total).toBe(15)
    expect(cache.get(14)).toBe(14)
  })

  it('reports a failed page and retries it on the next ensure', async () => {
    let fail = true
    const fetcher: PageFetcher<number> = async () => {
      if (fail) throw new Error('server went away')
      return { total: 1, rows: [7] }
    }
    const cache = new PageCache(fetcher)
    await cache.ensure(0, 0)
    expect(cache.error).toBe('server went away')
    fail = false
    await cache.ensure(0, 0)
    expect(cache.error).toBeNull()
    expect(cache.get(0)).toBe(7)
  })
})
