import { describe, expect, it } from 'vitest'
import * as Q from './queue'

const t = (id: number, extra: Partial<Q.QueueTrack> = {}): Q.QueueTrack => ({
  id,
  title: `T${id}`,
  artist: null,
  ...extra,
})
const ids = (q: Q.QueueState) => q.entries.map((e) => e.track.id)
const cur = (q: Q.QueueState) => q.entries[q.index]?.track.id
/** A repeatable "random" for shuffles. */
function seeded(seed: number) {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

describe('queue operations', () => {
  it('replaces, plays next, appends and plays now around the current entry', () => {
    let q = Q.replaceQueue(Q.emptyQueue(), [t(1), t(2), t(3)], 1)
    expect(ids(q)).toEqual([1, 2, 3])
    expect(cur(q)).toBe(2)
    q = Q.insertNext(q, [t(7), t(8)])
    expect(ids(q)).toEqual([1, 2, 7, 8, 3])
    q = Q.append(q, [t(9)])
    expect(ids(q)).toEqual([1, 2, 7, 8, 3, 9])
    q = Q.playNow(q, t(5))
    expect(ids(q)).toEqual([1, 2, 5, 7, 8, 3, 9])
    expect(cur(q)).toBe(5)
    // The same track twice gets two entries with different keys.
    q = Q.append(q, [t(5)])
    expect(new Set(q.entries.map((e) => e.key)).size).toBe(q.entries.length)
  })

  it('never queues failed or missing tracks', () => {
    let q = Q.replaceQueue(Q.emptyQueue(), [t(1, { state: 'failed' }), t(2), t(3, { state: 'missing' })])
    expect(ids(q)).toEqual([2])
    q = Q.append(q, [t(4, { state: 'missing' }), t(5, { state: 'done' })])
    expect(ids(q)).toEqual([2, 5])
    expect(Q.playNow(q, t(6, { state: 'failed' }))).toBe(q)
  })

  it('moves entries while the current one stays current', () => {
    let q = Q.replaceQueue(Q.emptyQueue(), [t(1), t(2), t(3), t(4)], 1)
    q = Q.move(q, 3, 0)
    expect(ids(q)).toEqual([4, 1, 2, 3])
    expect(cur(q)).toBe(2)
    q = Q.move(q, 2, 3) // the current entry itself
    expect(ids(q)).toEqual([4, 1, 3, 2])
    expect(cur(q)).toBe(2)
    expect(Q.move(q, 0, 9)).toBe(q)
  })

  it('removes entries and clears what is upcoming', () => {
    let q = Q.replaceQueue(Q.emptyQueue(), [t(1), t(2), t(3), t(4)], 2)
    q = Q.remove(q, 0)
    expect(ids(q)).toEqual([2, 3, 4])
    expect(cur(q)).toBe(3)
    q = Q.remove(q, 1) // the current one: the next becomes current
    expect(cur(q)).toBe(4)
    q = Q.remove(q, 1) // the last, current one: nothing is current
    expect(q.index).toBe(-1)
    q = Q.replaceQueue(q, [t(1), t(2), t(3)], 1)
    q = Q.clearUpcoming(q)
    expect(ids(q)).toEqual([2])
    expect(cur(q)).toBe(2)
  })

  it('advances with repeat off, all and one', () => {
    const q = Q.replaceQueue(Q.emptyQueue(), [t(1), t(2)], 1)
    expect(Q.nextIndex(q, true)).toBe(-1)
    expect(Q.nextIndex({ ...q, repeat: 'all' }, true)).toBe(0)
    expect(Q.nextIndex({ ...q, repeat: 'one' }, true)).toBe(1)
    // A user's "next" moves on even with repeat one (wrapping round like repeat all).
    expect(Q.nextIndex({ ...q, repeat: 'one' }, false)).toBe(0)
    expect(Q.nextIndex({ ...q, repeat: 'one', index: 0 }, false)).toBe(1)
    expect(Q.previousIndex(q)).toBe(0)
    expect(Q.previousIndex({ ...q, index: 0 })).toBe(-1)
    expect(Q.previousIndex({ ...q, index: 0, repeat: 'all' })).toBe(1)
  })

  it('shuffles only what is upcoming, and un-shuffling restores the added order with play-next items first', () => {
    const tracks = Array.from({ length: 20 }, (_, i) => t(i + 1))
    let q = Q.replaceQueue(Q.emptyQueue(), tracks, 4)
    q = Q.setShuffle(q, true, seeded(7))
    expect(q.shuffle).toBe(true)
    expect(ids(q).slice(0, 5)).toEqual([1, 2, 3, 4, 5])
    expect(cur(q)).toBe(5)
    expect(ids(q).slice(5)).not.toEqual(tracks.slice(5).map((x) => x.id))
    expect([...ids(q)].sort((a, b) => a - b)).toEqual(tracks.map((x) => x.id))
    q = Q.insertNext(q, [t(99)])
    expect(ids(q)[5]).toBe(99)
    q = Q.setShuffle(q, false)
    expect(ids(q)).toEqual([1, 2, 3, 4, 5, 99, ...tracks.slice(5).map((x) => x.id)])
  })

  it('a new queue with shuffle on starts with the chosen track and shuffles the rest', () => {
    const tracks = Array.from({ length: 10 }, (_, i) => t(i + 1))
    const q = Q.replaceQueue({ ...Q.emptyQueue(), shuffle: true }, tracks, 3, seeded(3))
    expect(q.index).toBe(0)
    expect(cur(q)).toBe(4)
    expect(q.entries).toHaveLength(10)
  })
})

describe('replacing what is upcoming', () => {
  it('keeps the played and current entries and those the caller keeps, then the new tracks', () => {
    let q = Q.replaceQueue(Q.emptyQueue(), [t(1), t(2), t(3), t(4)], 1)
    q = Q.replaceUpcoming(q, [t(8), t(9)], (e) => e.track.id === 4)
    expect(ids(q)).toEqual([1, 2, 4, 8, 9])
    expect(cur(q)).toBe(2)
  })
})
