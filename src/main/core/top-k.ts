/**
 * The k smallest values of an array, by index, without sorting the whole array: one pass with a bounded
 * max-heap (O(n log k)), then the kept indexes sorted by value (ties by index). Used by the sonic radio
 * (`radio.ts`) and the sonic path (`sonic-path.ts`) to take the best few of 100 000 candidates.
 */
export function smallestK(values: ArrayLike<number>, k: number, skip?: (i: number) => boolean): number[] {
  const n = values.length
  const cap = Math.max(0, Math.min(k, n))
  const heapVal = new Float64Array(cap)
  const heapIdx = new Int32Array(cap)
  let size = 0
  for (let i = 0; i < n; i++) {
    const v = values[i] as number
    if (Number.isNaN(v) || (size === cap && v >= (heapVal[0] as number)) || skip?.(i)) continue
    if (size < cap) {
      let j = size++
      while (j > 0) {
        const parent = (j - 1) >> 1
        if ((heapVal[parent] as number) >= v) break
        heapVal[j] = heapVal[parent] as number
        heapIdx[j] = heapIdx[parent] as number
        j = parent
      }
      heapVal[j] = v
      heapIdx[j] = i
    } else {
      let j = 0
      for (;;) {
        const left = 2 * j + 1
        if (left >= size) break
        const right = left + 1
        const child = right < size && (heapVal[right] as number) > (heapVal[left] as number) ? right : left
        if ((heapVal[child] as number) <= v) break
        heapVal[j] = heapVal[child] as number
        heapIdx[j] = heapIdx[child] as number
        j = child
      }
      heapVal[j] = v
      heapIdx[j] = i
    }
  }
  const out = Array.from(heapIdx.subarray(0, size))
  out.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b)
  return out
}
