/**
 * The half-band decimator's inner loop (`HalfbandDecimator` in resample.ts) as a WebAssembly SIMD
 * kernel: four outputs per step in the four float32 lanes.
 *
 * Definition (S = number of side coefficients, c = 2S − 1 the half length, x from the first sample
 * of history): y[m] = g_c·x[c + 2m] + Σ_{i<S} g_i·(x[c + 2m − (2i+1)] + x[c + 2m + (2i+1)]).
 * The centre samples have odd indices and every side tap an even one, so the kernel first splits x
 * into its even and odd samples, E[j] = x[2j] and O[j] = x[2j + 1] (two loads, two shuffles, two
 * stores per eight samples); then four consecutive outputs read contiguous vectors only:
 *   y[m..m+3] = g_c·O[m+S−1 ..] + Σ_i g_i·(E[m+S−1−i ..] + E[m+S+i ..]).
 * Sums run in float32 (the JS kernel sums in float64): the difference is ≈ 1e-7 of the signal,
 * 80 dB below the filter's own 60 dB stopband. Coefficients are baked into the module as constants,
 * one module per design (44.1 kHz and 48 kHz each use one).
 * Why it exists: docs/analysis-performance.md.
 */
import {
  advance,
  ensureMemory,
  f32Const,
  f32x4Add,
  f32x4Mul,
  f32x4Splat,
  get,
  i8x16Shuffle,
  moduleWithOneFunction,
  set,
  v128Load,
  v128Store,
  whileBelow,
} from './wasm-assembler'

// Parameters of `run(pX, pE, pO, pY, splitEnd, outEnd)` (byte addresses) and locals.
const [pX, pE, pO, pY, splitEnd, outEnd, qE, qO, lo, hi] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]

/** Lanes 0 and 2 of a and b (the even samples of eight). */
const evenLanes = i8x16Shuffle(0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27)
/** Lanes 1 and 3 of a and b (the odd samples). */
const oddLanes = i8x16Shuffle(4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31)

function assemble(centre: number, side: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const S = side.length
  const coefficient = (g: number) => [...f32Const(g), ...f32x4Splat]
  // Output step: acc = g_c·O[q + S − 1] + Σ_i g_i·(E[q + S − 1 − i] + E[q + S + i]), q = current group.
  const outputStep = [
    ...get(pY),
    ...coefficient(centre),
    ...get(qO),
    ...v128Load(4 * (S - 1), 2),
    ...f32x4Mul,
    ...Array.from(side).flatMap((g, i) => [
      ...coefficient(g),
      ...get(qE),
      ...v128Load(4 * (S - 1 - i), 2),
      ...get(qE),
      ...v128Load(4 * (S + i), 2),
      ...f32x4Add,
      ...f32x4Mul,
      ...f32x4Add,
    ]),
    ...v128Store(0, 2),
    ...advance(pY, 16),
    ...advance(qE, 16),
    ...advance(qO, 16),
  ]
  const body = [
    // Split: E and O, four of each per eight input samples. pE runs to splitEnd.
    ...get(pE),
    ...set(qE),
    ...get(pO),
    ...set(qO),
    ...whileBelow(pE, splitEnd, [
      ...get(pX),
      ...v128Load(0, 2),
      ...set(lo),
      ...get(pX),
      ...v128Load(16, 2),
      ...set(hi),
      ...get(pE),
      ...get(lo),
      ...get(hi),
      ...evenLanes,
      ...v128Store(0, 2),
      ...get(pO),
      ...get(lo),
      ...get(hi),
      ...oddLanes,
      ...v128Store(0, 2),
      ...advance(pX, 32),
      ...advance(pE, 16),
      ...advance(pO, 16),
    ]),
    ...whileBelow(pY, outEnd, outputStep),
  ]
  return moduleWithOneFunction(
    'run',
    6,
    [
      [2, 0x7f],
      [2, 0x7b],
    ],
    body,
  )
}

/**
 * Runs the kernel over whole blocks: `process(x, outputs)` writes `outputs` values of y (defined
 * above, x[0] = the first history sample) and returns them as a view valid until the next call.
 * x must hold at least 2·outputs + 2c − 1 samples; reads past that are harmless.
 */
export class HalfbandKernel {
  private readonly memory = new WebAssembly.Memory({ initial: 1 })
  private readonly run: (pX: number, pE: number, pO: number, pY: number, splitEnd: number, outEnd: number) => void
  private readonly lead: number
  private capacity = 0
  private xAt = 0
  private eAt = 0
  private oAt = 0
  private yAt = 0

  constructor(centre: number, side: ArrayLike<number>) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(assemble(centre, side)), {
      env: { memory: this.memory },
    })
    this.run = instance.exports['run'] as HalfbandKernel['run']
    // Groups of four E/O values needed beyond the outputs' own: the taps reach S + (S−1) + 3 ahead.
    this.lead = Math.ceil((2 * side.length + 3) / 4) + 1
  }

  /** Lays out the regions for `outputs` outputs (rounded up to groups of four), growing the memory. */
  private reserve(groups: number): void {
    if (groups <= this.capacity) return
    const cap = Math.max(groups, 2 * this.capacity)
    const split = cap + this.lead
    // X: 8 floats per split group; E, O: 4 each; Y: 4 per output group.
    const bytes = 32 * split + 16 * split + 16 * split + 16 * cap
    ensureMemory(this.memory, bytes)
    this.xAt = 0
    this.eAt = 32 * split
    this.oAt = this.eAt + 16 * split
    this.yAt = this.oAt + 16 * split
    this.capacity = cap
  }

  process(x: Float32Array, outputs: number): Float32Array {
    const groups = Math.ceil(outputs / 4)
    this.reserve(groups)
    const split = groups + this.lead
    const mem = this.memory.buffer
    const xs = new Float32Array(mem, this.xAt, 8 * split)
    const n = Math.min(x.length, 8 * split)
    xs.set(n === x.length ? x : x.subarray(0, n))
    xs.fill(0, n)
    this.run(this.xAt, this.eAt, this.oAt, this.yAt, this.eAt + 16 * split, this.yAt + 16 * groups)
    return new Float32Array(mem, this.yAt, outputs)
  }
}
