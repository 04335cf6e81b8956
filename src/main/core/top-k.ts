/**
 * The k smallest of many values without sorting them all: a bounded max-heap of (value, index) pairs
 * whose root is the worst value kept (O(n log k) for n offers). `smallestK` takes the best few of an
 * array (the sonic radio, `radio.ts`, and the sonic path, `sonic-path.ts`); the similarity index
 * (`similarity.ts`) keeps one heap and offers it only the rows its early abandoning lets through.
 */
export class SmallestK {
  values: Float64Array
  indexes: Int32Array
  /** Pairs kept, in heap order (not sorted). */
  size = 0
  private capacity: number

  constructor(capacity: number) {
    this.capacity = Math.max(0, capacity)
    this.values = new Float64Array(this.capacity)
    this.indexes = new Int32Array(this.capacity)
  }

  /** Empties the heap for a new pass keeping at most `capacity` pairs (the buffers grow when needed). */
  reset(capacity: number): void {
    this.capacity = Math.max(0, capacity)
    if (this.values.length < this.capacity) {
      this.values = new Float64Array(this.capacity)
      this.indexes = new Int32Array(this.capacity)
    }
    this.size = 0
  }

  /** What a value must be below to be kept: the worst kept once full, +∞ before. */
  get bound(): number {
    return this.size < this.capacity ? Number.POSITIVE_INFINITY : (this.values[0] as number)
  }

  /** Keeps (value, index) when it is below `bound`, dropping the worst kept if full. */
  offer(value: number, index: number): void {
    const vals = this.values
    const idx = this.indexes
    if (this.size < this.capacity) {
      // Sift up from the new leaf.
      let j = this.size++
      while (j > 0) {
        const parent = (j - 1) >> 1
        if ((vals[parent] as number) >= value) break
        vals[j] = vals[parent] as number
        idx[j] = idx[parent] as number
        j = parent
      }
      vals[j] = value
      idx[j] = index
    } else if (this.capacity > 0 && value < (vals[0] as number)) {
      // Replace the root (the worst kept) and sift down.
      const size = this.size
      let j = 0
      for (;;) {
        const left = 2 * j + 1
        if (left >= size) break
        const right = left + 1
        const child = right < size && (vals[right] as number) > (vals[left] as number) ? right : left
        if ((vals[child] as number) <= value) break
        vals[j] = vals[child] as number
        idx[j] = idx[child] as number
        j = child
      }
      vals[j] = value
      idx[j] = index
    }
  }
}

/**
 * The indexes of the k smallest values (NaN and `skip`ped ones left out), sorted by value, ties by index.
 */
export function smallestK(values: ArrayLike<number>, k: number, skip?: (i: number) => boolean): number[] {
  const n = values.length
  const heap = new SmallestK(Math.min(k, n))
  for (let i = 0; i < n; i++) {
    const v = values[i] as number
    if (Number.isNaN(v) || v >= heap.bound || skip?.(i)) continue
    heap.offer(v, i)
  }
  const out = Array.from(heap.indexes.subarray(0, heap.size))
  out.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b)
  return out
}
