/**
 * A paged query for a virtualised view (album grid, artist list): one PageCache per query key, rows
 * fetched only for the window on screen. The key names the query; a new key starts over, the same key
 * keeps its cache (coming back to a view shows it at once). `refresh()` refetches what is on screen
 * (the library changed).
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import { PageCache, type PageFetcher } from './paging'

interface Paged<T> {
  total: number | null
  error: string | null
  rowAt(index: number): T | undefined
  /** The view shows rows [first, last]. */
  show(first: number, last: number): void
  retry(): void
}

const caches = new Map<string, PageCache<unknown>>()
const MAX_CACHES = 12
/** Mounted views, told to refetch their window when the library changed. */
const onInvalidate = new Set<() => void>()

export function usePaged<T>(key: string, fetcher: PageFetcher<T>, pageSize = 120): Paged<T> {
  const [, setRevision] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key names the query (the fetcher is rebuilt each render)
  const cache = useMemo(() => {
    let c = caches.get(key) as PageCache<T> | undefined
    if (!c) {
      c = new PageCache<T>(fetcher, pageSize, 40)
      caches.set(key, c as PageCache<unknown>)
      if (caches.size > MAX_CACHES) caches.delete(caches.keys().next().value as string)
    }
    return c
  }, [key])

  const [range, setRange] = useState({ first: 0, last: 40 })
  useEffect(() => {
    let live = true
    const bump = () => {
      if (live) setRevision((r) => r + 1)
    }
    void cache.ensure(range.first, range.last).then(bump)
    return () => {
      live = false
    }
  }, [cache, range.first, range.last])

  // The library changed (invalidatePaged): the cached pages are stale; refetch the ones on screen.
  useEffect(() => {
    let live = true
    const refetch = () => {
      void cache.ensure(range.first, range.last).then(() => {
        if (live) setRevision((r) => r + 1)
      })
    }
    onInvalidate.add(refetch)
    return () => {
      live = false
      onInvalidate.delete(refetch)
    }
  }, [cache, range.first, range.last])

  const show = useCallback((first: number, last: number) => {
    setRange((r) => (r.first === first && r.last === last ? r : { first, last }))
  }, [])

  return {
    total: cache.total,
    error: cache.error,
    rowAt: (i) => cache.get(i),
    show,
    retry: () => {
      cache.reset(fetcher)
      setRange((r) => ({ ...r }))
    },
  }
}

/** The library changed: the views on screen refetch their pages, the others when next shown. */
export function invalidatePaged(): void {
  for (const c of caches.values()) c.invalidate()
  for (const refetch of onInvalidate) refetch()
}
