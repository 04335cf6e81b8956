import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installMemoryStorage } from '../../../../test/helpers/memory-storage'
import type { GroupWeights, SimilarTrack } from '../../../shared/api'
import { type SimilarityGroupKey as GroupKey, SIMILARITY_GROUPS } from '../../../shared/dimensions'
import { type ClientApi, setApi } from '../api'
import { rerank, weightedAgreement } from '../lib/rerank'

// A memory localStorage, installed before the store modules read their preferences.
const memory = installMemoryStorage()

const groups = (over: Partial<Record<GroupKey, number>>): Record<GroupKey, number> =>
  Object.fromEntries(SIMILARITY_GROUPS.map((g) => [g.key, over[g.key] ?? 0.5])) as Record<GroupKey, number>

// Track 2 agrees on rhythm, track 3 on frequency; track 4 is middling everywhere.
const CANDIDATES: Omit<SimilarTrack, 'score'>[] = [
  {
    id: 2,
    path: '/m/2.ogg',
    title: 'Two',
    artist: null,
    duplicate: false,
    groups: groups({ rhythm: 1, frequency: 0.1 }),
  },
  {
    id: 3,
    path: '/m/3.ogg',
    title: 'Three',
    artist: null,
    duplicate: false,
    groups: groups({ rhythm: 0.1, frequency: 1 }),
  },
  { id: 4, path: '/m/4.ogg', title: 'Four', artist: null, duplicate: false, groups: groups({}) },
]

/** A small stand-in for the server's ranking: weighted agreement, recorded per call. */
function fakeServer() {
  const calls: GroupWeights[] = []
  const api: ClientApi = {
    async call(method, req) {
      if (method !== 'similar.query') throw new Error(`unexpected ${method}`)
      const r = req as { id: number; weights?: GroupWeights }
      calls.push({ ...r.weights })
      const results = CANDIDATES.map((c) => ({ ...c, score: weightedAgreement(c.groups, r.weights ?? {}) ?? 0 }))
      results.sort((a, b) => b.score - a.score)
      return { query: { id: r.id, path: '/m/1.ogg' }, results } as never
    },
    on: () => () => {},
    audioUrl: (id) => `/api/audio/${id}`,
    coverUrl: (id, size) => `/c/${id}/${size}`,
  }
  return { api, calls }
}

describe('re-ranking', () => {
  it('keeps the server order and scores for the weights the server used', () => {
    const res = CANDIDATES.map((c, i) => ({ ...c, score: 0.9 - i * 0.1 }))
    const w = { rhythm: 1 }
    expect(rerank(res, w, w)).toEqual(res)
  })

  it('moves the results that agree on a heavier group up', () => {
    const even = {}
    const res = CANDIDATES.map((c) => ({ ...c, score: weightedAgreement(c.groups, even)! }))
    expect(rerank(res, { frequency: 3, rhythm: 0 }, even)[0]!.id).toBe(3)
    expect(rerank(res, { frequency: 0, rhythm: 3 }, even)[0]!.id).toBe(2)
    for (const r of rerank(res, { frequency: 3 }, even)) {
      expect(r.score).toBeGreaterThanOrEqual(0)
      expect(r.score).toBeLessThanOrEqual(1)
    }
  })

  it('leaves scores alone when every weight is zero', () => {
    const res = CANDIDATES.map((c, i) => ({ ...c, score: 0.9 - i * 0.1 }))
    const zero = Object.fromEntries(SIMILARITY_GROUPS.map((g) => [g.key, 0]))
    expect(rerank(res, zero, {}).map((r) => r.score)).toEqual([0.9, 0.8, 0.7])
  })
})

describe('similar store', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    memory.clear()
  })
  afterEach(() => {
    vi.useRealTimers()
    setApi(null)
  })

  it('re-ranks at once while sliding, queries the server once after the pause, and remembers the weights', async () => {
    const { api, calls } = fakeServer()
    setApi(api)
    const { useSimilar, WEIGHT_DEBOUNCE_MS } = await import('./similar')
    const s = useSimilar.getState
    await s().load(1)
    expect(calls).toHaveLength(1)
    const firstIds = s().results.map((r) => r.id)

    // Drag the rhythm slider up in steps, and frequency down: the list reorders immediately…
    for (const v of [1.5, 2, 2.5, 3]) s().setWeight('rhythm', v)
    s().setWeight('frequency', 0)
    expect(s().results[0]!.id).toBe(2)
    expect(s().estimating).toBe(true)
    // …without a request per step.
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(WEIGHT_DEBOUNCE_MS - 50)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toHaveLength(2)
    expect(calls[1]).toMatchObject({ rhythm: 3, frequency: 0, dynamics: 1 })
    expect(s().estimating).toBe(false)
    expect(s().results[0]!.id).toBe(2)
    expect(s().results.map((r) => r.id)).not.toEqual(firstIds)

    const saved = JSON.parse(memory.get('soundprint.weights')!)
    expect(saved.rhythm).toBe(3)
    expect(saved.frequency).toBe(0)

    s().resetWeights()
    await vi.advanceTimersByTimeAsync(WEIGHT_DEBOUNCE_MS + 10)
    expect(calls.at(-1)).toMatchObject({ rhythm: 1, frequency: 1 })
  })

  it('ignores an answer for a track that is no longer open', async () => {
    const calls: number[] = []
    let release!: () => void
    const api: ClientApi = {
      call: (async (_m: string, req: { id: number }) => {
        calls.push(req.id)
        if (req.id === 1) await new Promise<void>((r) => (release = r))
        const c = CANDIDATES[req.id === 1 ? 0 : 1]!
        return { query: { id: req.id, path: '' }, results: [{ ...c, score: 0.5 }] }
      }) as ClientApi['call'],
      on: () => () => {},
      audioUrl: (id) => `/a/${id}`,
      coverUrl: (id, size) => `/c/${id}/${size}`,
    }
    setApi(api)
    const { useSimilar } = await import('./similar')
    const slow = useSimilar.getState().load(1)
    await useSimilar.getState().load(9)
    release()
    await slow
    expect(useSimilar.getState().queryId).toBe(9)
    expect(useSimilar.getState().results.map((r) => r.id)).toEqual([3])
  })
})
