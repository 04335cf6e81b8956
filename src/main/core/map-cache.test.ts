import { describe, expect, it } from 'vitest'
import { DIMENSION_COUNT } from '../../shared/dimensions'
import { MapCache, type MapLibrary } from './map-cache'

/** A library of n done tracks (ids 1..n) that counts its reads. */
function fakeLibrary(n: number) {
  const reads: { after: number; limit: number; rows: number }[] = []
  let version = 0
  const lib: MapLibrary = {
    mapRows(after, limit) {
      const rows: number[][] = []
      for (let id = after + 1; id <= n && rows.length < limit; id++)
        rows.push([id, ...Array.from({ length: DIMENSION_COUNT }, (_, d) => Math.sin(id * (d + 1) + version))])
      reads.push({ after, limit, rows: rows.length })
      return rows
    },
    categoryRows: () => Array.from({ length: n }, (_, i) => [i + 1, i % 4 === 0 ? null : `g${i % 3}`, `G${i % 3}`]),
  }
  return { lib, reads, change: () => version++ }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('MapCache', () => {
  it('reads the fingerprints in slices, once per library state, and caches each colour', async () => {
    const { lib, reads } = fakeLibrary(12_345)
    const cache = new MapCache(lib, { warm: false, firstColor: 'lufs' })
    const a = await cache.get('lufs')
    expect(a.ids).toHaveLength(12_345)
    expect(a.ids[12_344]).toBe(12_345)
    // 5000 + 5000 + 2345, each slice after the last id read.
    expect(reads.map((r) => [r.after, r.rows])).toEqual([
      [0, 5000],
      [5000, 5000],
      [10_000, 2345],
    ])
    expect(await cache.get('lufs')).toBe(a)
    const genre = await cache.get('genre')
    expect(genre.x).toBe(a.x)
    expect(genre.categories!.map((c) => c.label).sort()).toEqual(['G0', 'G1', 'G2'])
    expect(genre.missingCount).toBe(Math.ceil(12_345 / 4))
    expect(reads).toHaveLength(3)
    cache.close()
  })

  it('concurrent requests share one read; a change forgets the map', async () => {
    const { lib, reads, change } = fakeLibrary(800)
    const cache = new MapCache(lib, { warm: false, firstColor: 'lufs' })
    const [a, b] = await Promise.all([cache.get('lufs'), cache.get('rhythm')])
    expect(a.x).toBe(b.x)
    expect(reads).toHaveLength(1)
    change()
    cache.invalidate()
    const c = await cache.get('lufs')
    expect(reads).toHaveLength(2)
    expect(c).not.toBe(a)
    expect(c.x).not.toEqual(a.x)
    cache.close()
  })

  it('with warm, computes the map ahead: after opening, and again once changes stop', async () => {
    const { lib, reads } = fakeLibrary(300)
    const cache = new MapCache(lib, { warm: true, firstColor: 'tempo_bpm', afterOpenMs: 20, afterChangeMs: 60 })
    await sleep(200)
    expect(reads).toHaveLength(1)
    const first = await cache.get('tempo_bpm')
    expect(reads).toHaveLength(1)
    await cache.get('genre')
    // Changes in quick succession: one warm-up after the last, of the colours asked for recently.
    for (let i = 0; i < 5; i++) {
      cache.invalidate()
      await sleep(15)
    }
    expect(reads).toHaveLength(1)
    await sleep(250)
    expect(reads).toHaveLength(2)
    const again = await cache.get('tempo_bpm')
    await cache.get('genre')
    expect(reads).toHaveLength(2)
    expect(again).not.toBe(first)
    // Closed: no more warm-ups.
    cache.invalidate()
    cache.close()
    await sleep(150)
    expect(reads).toHaveLength(2)
  })
})
