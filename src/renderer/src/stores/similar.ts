/**
 * Similar tracks of the open track and the group weights (the seven groups and timbre). Moving a slider re-ranks the current
 * results at once (estimate from the per-group agreement) and asks the server again after a short
 * pause (debounced); the server's answer then replaces the estimate. Weights are remembered.
 */
import { create } from 'zustand'
import type { GroupWeights, SimilarTrack } from '../../../shared/api'
import type { SimilarityGroupKey as GroupKey } from '../../../shared/dimensions'
import { errorMessage, getApi } from '../api'
import { debounce } from '../lib/debounce'
import { DEFAULT_WEIGHTS, fullWeights, rerank } from '../lib/rerank'
import { loadPref, savePref } from './storage'

/** How many results the list shows, and how many are fetched (extra candidates make re-ranking honest). */
const SIMILAR_SHOWN = 20
const SIMILAR_FETCHED = 40
export const WEIGHT_DEBOUNCE_MS = 250

interface SimilarState {
  queryId: number | null
  weights: Record<GroupKey, number>
  /** The weights the current server results were computed with. */
  serverWeights: Record<GroupKey, number>
  serverResults: SimilarTrack[]
  /** What the list shows: the server results re-ranked for `weights`, best first. */
  results: SimilarTrack[]
  /** True between a weight change and the server's answer for it. */
  estimating: boolean
  loading: boolean
  error: string | null
  load(id: number | null): Promise<void>
  setWeight(group: GroupKey, value: number): void
  resetWeights(): void
}

const isWeights = (v: unknown): v is GroupWeights => typeof v === 'object' && v !== null && !Array.isArray(v)

let requestSeq = 0

async function fetchSimilar(id: number, weights: Record<GroupKey, number>): Promise<void> {
  const seq = ++requestSeq
  const set = useSimilar.setState
  try {
    const res = await getApi().call('similar.query', { id, k: SIMILAR_FETCHED, weights })
    if (seq !== requestSeq || useSimilar.getState().queryId !== id) return
    const now = useSimilar.getState().weights
    set({
      serverResults: res.results,
      serverWeights: weights,
      results: rerank(res.results, now, weights).slice(0, SIMILAR_SHOWN),
      estimating: false,
      loading: false,
      error: null,
    })
  } catch (err) {
    if (seq !== requestSeq) return
    set({ loading: false, estimating: false, error: errorMessage(err) })
  }
}

const refetch = debounce(() => {
  const { queryId, weights } = useSimilar.getState()
  if (queryId != null) void fetchSimilar(queryId, weights)
}, WEIGHT_DEBOUNCE_MS)

export const useSimilar = create<SimilarState>()((set, get) => ({
  queryId: null,
  weights: fullWeights(loadPref('weights', {}, isWeights)),
  serverWeights: { ...DEFAULT_WEIGHTS },
  serverResults: [],
  results: [],
  estimating: false,
  loading: false,
  error: null,

  load(id) {
    refetch.cancel()
    if (id == null) {
      requestSeq++
      set({ queryId: null, serverResults: [], results: [], loading: false, error: null, estimating: false })
      return Promise.resolve()
    }
    const same = get().queryId === id
    set({ queryId: id, loading: true, error: null, ...(same ? {} : { serverResults: [], results: [] }) })
    return fetchSimilar(id, get().weights)
  },

  setWeight(group, value) {
    const weights = fullWeights({ ...get().weights, [group]: value })
    savePref('weights', weights)
    const { serverResults, serverWeights } = get()
    set({ weights, results: rerank(serverResults, weights, serverWeights).slice(0, SIMILAR_SHOWN), estimating: true })
    refetch()
  },

  resetWeights() {
    const weights = { ...DEFAULT_WEIGHTS }
    savePref('weights', weights)
    const { serverResults, serverWeights } = get()
    set({ weights, results: rerank(serverResults, weights, serverWeights).slice(0, SIMILAR_SHOWN), estimating: true })
    refetch()
  },
}))
