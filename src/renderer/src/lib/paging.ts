/**
 * Window paging for the virtualised library table: rows are fetched a page at a time (offset/limit)
 * only for the pages the viewport needs, cached with LRU eviction, de-duplicated while in flight, and
 * discarded when they answer a query that is no longer current (the filter or sort changed). The
 * full library never lives in memory or in React state.
 */

interface PageResult<T> {
  total: number
  rows: T[]
}

export type PageFetcher<T> = (offset: number, limit: number) => Promise<PageResult<T>>

/** Page indices covering rows [first, last] (inclusive), plus `prefetch` pages on each side. */
export function pagesForRange(first: number, last: number, pageSize: number, total: number, prefetch = 0): number[] {
  if (total <= 0 || last < first) return []
  const maxPage = Math.floor((total - 1) / pageSize)
  const a = Math.max(0, Math.floor(Math.max(0, first) / pageSize) - prefetch)
  const b = Math.min(maxPage, Math.floor(Math.min(total - 1, last) / pageSize) + prefetch)
  const out: number[] = []
  for (let p = a; p <= b; p++) out.push(p)
  return out
}

/** The rows [first, last] visible in a scroller of fixed row height (with overscan rows each side). */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan = 0,
): { first: number; last: number } {
  if (total <= 0) return { first: 0, last: -1 }
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
  const last = Math.min(total - 1, Math.ceil((scrollTop + viewportHeight) / rowHeight) - 1 + overscan)
  return { first, last: Math.max(first - 1, last) }
}

export class PageCache<T> {
  /** Rows matching the current query, or null before the first answer. */
  total: number | null = null
  error: string | null = null
  private pages = new Map<number, T[]>()
  private stale = new Set<number>()
  private inflight = new Set<number>()
  private generation = 0
  private fetcher: PageFetcher<T>

  constructor(
    fetcher: PageFetcher<T>,
    readonly pageSize = 200,
    readonly maxPages = 60,
    private readonly onChange: () => void = () => {},
    /** Page requests at once; more would queue behind each other on the server. */
    readonly maxInFlight = 2,
  ) {
    this.fetcher = fetcher
  }

  /** A new query: forget every page and ignore answers still in flight. */
  reset(fetcher: PageFetcher<T>): void {
    this.fetcher = fetcher
    this.generation++
    this.pages.clear()
    this.stale.clear()
    this.inflight.clear()
    this.queue = []
    this.total = null
    this.error = null
  }

  /** The data changed under the same query: keep showing the cached rows but refetch them when needed. */
  invalidate(): void {
    for (const p of this.pages.keys()) this.stale.add(p)
  }

  get(index: number): T | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize))
    return page?.[index % this.pageSize]
  }

  has(page: number): boolean {
    return this.pages.has(page)
  }

  get cachedPages(): number {
    return this.pages.size
  }

  get requestsInFlight(): number {
    return this.inflight.size
  }

  /**
   * Fetch whatever rows [first, last] need that is missing or stale (the first query fetches page 0):
   * the visible pages first, then `prefetch` pages on each side. Each call replaces the queue of the
   * previous one, so after a fast scroll only the pages now in view are fetched (at most
   * `maxInFlight` at once), not every page scrolled past. Resolves when nothing is left to load.
   */
  ensure(first: number, last: number, prefetch = 1): Promise<void> {
    // Before the first answer, and while the query matches nothing, page 0 is what tells the total.
    const known = this.total != null && this.total > 0
    const visible = known ? pagesForRange(first, last, this.pageSize, this.total!, 0) : [0]
    const around = known
      ? pagesForRange(first, last, this.pageSize, this.total!, prefetch).filter((p) => !visible.includes(p))
      : []
    const queue: number[] = []
    for (const p of [...visible, ...around]) {
      const cached = this.pages.get(p)
      if (cached) {
        // Touch for LRU.
        this.pages.delete(p)
        this.pages.set(p, cached)
      }
      if (this.needs(p)) queue.push(p)
    }
    this.queue = queue
    this.pump()
    return this.whenIdle()
  }

  private queue: number[] = []
  private waiters: (() => void)[] = []

  private needs(page: number): boolean {
    return !(this.pages.has(page) && !this.stale.has(page)) && !this.inflight.has(page)
  }

  private pump(): void {
    while (this.inflight.size < this.maxInFlight && this.queue.length > 0) {
      const p = this.queue.shift()!
      if (this.needs(p)) void this.load(p)
    }
    if (this.inflight.size === 0 && this.queue.length === 0) {
      const waiters = this.waiters
      this.waiters = []
      for (const w of waiters) w()
    }
  }

  private whenIdle(): Promise<void> {
    if (this.inflight.size === 0 && this.queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  private async load(page: number): Promise<void> {
    const gen = this.generation
    this.inflight.add(page)
    try {
      const res = await this.fetcher(page * this.pageSize, this.pageSize)
      if (gen !== this.generation) return
      this.error = null
      this.total = res.total
      this.pages.delete(page)
      this.pages.set(page, res.rows)
      this.stale.delete(page)
      this.evict()
    } catch (err) {
      if (gen !== this.generation) return
      this.error = err instanceof Error ? err.message : String(err)
    } finally {
      if (gen === this.generation) {
        this.inflight.delete(page)
        this.onChange()
      }
      this.pump()
    }
  }

  private evict(): void {
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value as number
      this.pages.delete(oldest)
      this.stale.delete(oldest)
    }
  }
}
