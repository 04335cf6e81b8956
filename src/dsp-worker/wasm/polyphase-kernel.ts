/**
 * The polyphase resampler's inner loop (`PolyphaseResampler` in resample.ts) as a WebAssembly SIMD
 * kernel: each output is a dot product of T contiguous input samples with its phase's T
 * coefficients, four products per instruction.
 *
 * Definition: with the phase's coefficients stored oldest-first, c_φ[u] = coef[φ·T + T − 1 − u],
 * y = Σ_{u<T} c_φ[u]·x[i − (T − 1) + u] for the output whose newest input sample is x[i]; then
 * i += ⌊M/L⌋, φ += M mod L, and when φ ≥ L: φ −= L, i += 1. T is padded to a multiple of 4 with zero
 * coefficients on the old side. Products and sums in float32 (the JS loop uses float64): ≈ 1e-7 of
 * the signal, far below the filter's 60 dB stopband.
 * Why it exists: docs/analysis-performance.md.
 */
import {
  advance,
  ensureMemory,
  f32x4Add,
  f32x4Mul,
  get,
  i32Add,
  i32Const,
  i32GeU,
  i32Shl,
  i32Sub,
  moduleWithOneFunction,
  set,
  simd,
  v128Load,
  whileBelow,
} from './wasm-assembler'

// run(pX, pC, pY, yEnd, phase, dX, dPh, L): params 0–7; locals 8 acc (v128).
const [pX, pC, pY, yEnd, phase, dX, dPh, L, acc] = [0, 1, 2, 3, 4, 5, 6, 7, 8]
const extractLane = (lane: number) => simd(0x1f, lane) // f32x4.extract_lane
const f32Add = [0x92]
const f32Store = [0x38, 2, 0]

function assemble(taps: number): Uint8Array<ArrayBuffer> {
  const vectors = taps / 4
  const body = whileBelow(pY, yEnd, [
    // acc = Σ_v x[pX + 16v] · c[pC + 64·phase·(T/16)… ]: the phase's coefficient row at pC + 4·T·phase.
    ...Array.from({ length: vectors }, (_, v) => [
      ...get(pX),
      ...v128Load(16 * v, 2),
      ...get(pC),
      ...get(phase),
      ...i32Const(Math.log2(4 * taps)),
      ...i32Shl,
      ...i32Add,
      ...v128Load(16 * v, 2),
      ...f32x4Mul,
      ...(v === 0 ? [] : [...get(acc), ...f32x4Add]),
      ...set(acc),
    ]).flat(),
    // y = (acc0 + acc1) + (acc2 + acc3)
    ...get(pY),
    ...get(acc),
    ...extractLane(0),
    ...get(acc),
    ...extractLane(1),
    ...f32Add,
    ...get(acc),
    ...extractLane(2),
    ...get(acc),
    ...extractLane(3),
    ...f32Add,
    ...f32Add,
    ...f32Store,
    ...advance(pY, 4),
    // pX += 4·dX; phase += dPh; if (phase ≥ L) { phase −= L; pX += 4 }
    ...get(pX),
    ...get(dX),
    ...i32Const(2),
    ...i32Shl,
    ...i32Add,
    ...set(pX),
    ...get(phase),
    ...get(dPh),
    ...i32Add,
    ...set(phase),
    ...get(phase),
    ...get(L),
    ...i32GeU,
    0x04,
    0x40, // if
    ...get(phase),
    ...get(L),
    ...i32Sub,
    ...set(phase),
    ...advance(pX, 4),
    0x0b, // end if
  ])
  return moduleWithOneFunction('run', 8, [[1, 0x7b]], body)
}

export class PolyphaseKernel {
  /** Taps per phase as the kernel runs them (T rounded up to a multiple of 4, and to a power of two). */
  readonly taps: number
  private readonly memory = new WebAssembly.Memory({ initial: 1 })
  private readonly run: (...args: number[]) => void
  private readonly coefAt = 0
  private readonly xAt: number
  private capacity = 0
  private yAt = 0

  /** `coef[φ·T + t]` multiplies the input t samples before the newest (as in PolyphaseResampler). */
  constructor(
    coef: Float64Array,
    readonly up: number,
    readonly down: number,
    T: number,
  ) {
    const taps = 2 ** Math.ceil(Math.log2(Math.max(4, T)))
    this.taps = taps
    const coefBytes = 4 * taps * up
    this.xAt = Math.ceil(coefBytes / 16) * 16
    ensureMemory(this.memory, this.xAt + 4096)
    const c = new Float32Array(this.memory.buffer, this.coefAt, taps * up)
    for (let ph = 0; ph < up; ph++)
      for (let t = 0; t < T; t++) c[ph * taps + (taps - 1 - t)] = coef[ph * T + t] as number
    const instance = new WebAssembly.Instance(new WebAssembly.Module(assemble(taps)), {
      env: { memory: this.memory },
    })
    this.run = instance.exports['run'] as PolyphaseKernel['run']
  }

  /**
   * `outputs` outputs from `x` (x[0] = the oldest sample of the first output's window, which has
   * `taps` samples), starting at phase `phase`; returns them as a view valid until the next call.
   */
  process(x: Float32Array, outputs: number, phase: number): Float32Array {
    if (x.length + outputs > this.capacity) {
      this.capacity = 2 * (x.length + outputs)
      ensureMemory(this.memory, this.xAt + 4 * this.capacity + 64)
    }
    this.yAt = this.xAt + 4 * (x.length + 4)
    new Float32Array(this.memory.buffer, this.xAt, x.length + 4).set(x)
    const dX = Math.floor(this.down / this.up)
    this.run(this.xAt, this.coefAt, this.yAt, this.yAt + 4 * outputs, phase, dX, this.down % this.up, this.up)
    return new Float32Array(this.memory.buffer, this.yAt, outputs)
  }
}
