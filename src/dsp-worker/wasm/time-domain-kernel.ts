/**
 * The stereo inner loop of `TimeDomainStage` as a WebAssembly SIMD kernel: the two channels travel
 * as the two lanes of an f64x2 vector, so both K-weighting recursions and all the plain sums cost
 * one vector operation each instead of two scalar ones. It computes exactly what
 * `jsStereoSegment` computes (same filter form, double precision, same order of operations per
 * lane); the tests hold the two to each other.
 *
 * Why it exists (register pressure of the scalar stereo loop): docs/analysis-performance.md.
 *
 * The module is a few hundred bytes, assembled below from its instruction list (no toolchain, nothing to
 * fetch); where WebAssembly SIMD is missing, `createStereoKernel` returns the scalar JS kernel.
 */
import { type Biquad, kWeightedEnergyStereo } from '../analysis/loudness'
import {
  advance,
  ensureMemory,
  f32Load,
  f64x2Abs,
  f64x2Add,
  f64x2Mul,
  f64x2Pmax,
  f64x2ReplaceLane1,
  f64x2Splat,
  f64x2Sub,
  get,
  i8x16Shuffle,
  i32Add,
  i32Const,
  i32Shl,
  moduleWithOneFunction,
  promote,
  set,
  v128Load,
  v128Store,
  wasmSimdAvailable,
  whileBelow,
} from './wasm-assembler'

/** Sums of one segment of the two channels (written by a kernel's `run`). */
export interface StereoSums {
  /** K-weighted energy ΣkL² + ΣkR². */
  k: number
  ll: number
  rr: number
  /** Σ(L·R). */
  lr: number
  l: number
  r: number
  /** max |L|, |R|. */
  peak: number
}

export interface StereoKernel {
  /** Makes `left`/`right` (equal lengths) the current chunk; `run` reads from it. */
  load(left: Float32Array, right: Float32Array): void
  /** Processes frames `[start, end)` of the current chunk, carrying the filter memory; fills `out`. */
  run(start: number, end: number, out: StereoSums): void
  /** Snapshot / restore of the filter memory (to redo a segment). */
  save(): void
  restore(): void
}

type KCoefficients = { pre: Biquad; rlb: Biquad }

/** Scalar reference kernel (and fallback): `kWeightedEnergyStereo` plus one loop for the sums. */
export class JsStereoKernel implements StereoKernel {
  private readonly state = new Float64Array(8)
  private readonly saved = new Float64Array(8)
  private left: Float32Array = new Float32Array(0)
  private right: Float32Array = new Float32Array(0)
  constructor(private readonly coefficients: KCoefficients) {}

  load(left: Float32Array, right: Float32Array): void {
    this.left = left
    this.right = right
  }

  run(start: number, end: number, out: StereoSums): void {
    const left = this.left
    const right = this.right
    out.k = kWeightedEnergyStereo(left, right, start, end, this.coefficients, this.state)
    let ll = 0
    let rr = 0
    let lr = 0
    let sl = 0
    let sr = 0
    let pk = 0
    for (let i = start; i < end; i++) {
      const l = left[i] as number
      const r = right[i] as number
      ll += l * l
      rr += r * r
      lr += l * r
      sl += l
      sr += r
      pk = Math.max(pk, Math.abs(l), Math.abs(r))
    }
    out.ll = ll
    out.rr = rr
    out.lr = lr
    out.l = sl
    out.r = sr
    out.peak = pk
  }
  save(): void {
    this.saved.set(this.state)
  }
  restore(): void {
    this.state.set(this.saved)
  }
}

// Memory layout of the WebAssembly kernel (bytes).
const STATE = 0 // 4 × f64x2: w₋₁, w₋₂, u₋₁, u₋₂ (lane 0 = L, lane 1 = R)
const COEF = 64 // 7 × f64x2 (each coefficient in both lanes): b0, b1, b2, a1, a2, c1, c2
const OUT = 176 // 5 × f64x2: Σk², Σx², Σx·swap(x), Σx, max|x|
const SAMPLES = 256 // the current chunk: L at SAMPLES, R at SAMPLES + 4·capacity (float32)

/**
 * WebAssembly SIMD kernel; see the file comment. `load` copies the chunk into the module's memory
 * (two memcpys), which grows to the largest chunk seen; nothing is allocated per segment.
 */
export class WasmStereoKernel implements StereoKernel {
  private readonly memory: WebAssembly.Memory
  private readonly segment: (pL: number, pR: number, n: number) => void
  private f32: Float32Array
  private f64: Float64Array
  private capacity: number
  private readonly saved = new Float64Array(8)

  constructor(coefficients: KCoefficients, initialCapacity = 1 << 16) {
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((SAMPLES + 8 * initialCapacity) / 65536) })
    const instance = new WebAssembly.Instance(wasmModule(), { env: { memory: this.memory } })
    this.segment = instance.exports['segment'] as (pL: number, pR: number, n: number) => void
    this.f32 = new Float32Array(this.memory.buffer)
    this.f64 = new Float64Array(this.memory.buffer)
    this.capacity = Math.floor((this.memory.buffer.byteLength - SAMPLES) / 8)
    const { pre, rlb } = coefficients
    const c = [pre.b0, pre.b1, pre.b2, pre.a1, pre.a2, rlb.a1, rlb.a2]
    this.f64.set(
      c.flatMap((v) => [v, v]),
      COEF / 8,
    )
  }

  load(left: Float32Array, right: Float32Array): void {
    const n = left.length
    if (n > this.capacity) {
      const bytes = SAMPLES + 8 * n
      ensureMemory(this.memory, bytes)
      this.f32 = new Float32Array(this.memory.buffer)
      this.f64 = new Float64Array(this.memory.buffer)
      this.capacity = Math.floor((this.memory.buffer.byteLength - SAMPLES) / 8)
    }
    this.f32.set(left, SAMPLES / 4)
    this.f32.set(right, SAMPLES / 4 + this.capacity)
  }

  run(start: number, end: number, out: StereoSums): void {
    this.segment(SAMPLES + 4 * start, SAMPLES + 4 * (this.capacity + start), end - start)
    const o = this.f64
    const b = OUT / 8
    out.k = (o[b] as number) + (o[b + 1] as number)
    out.ll = o[b + 2] as number
    out.rr = o[b + 3] as number
    out.lr = o[b + 4] as number
    out.l = o[b + 6] as number
    out.r = o[b + 7] as number
    out.peak = Math.max(o[b + 8] as number, o[b + 9] as number)
  }
  save(): void {
    for (let i = 0; i < 8; i++) this.saved[i] = this.f64[STATE / 8 + i] as number
  }
  restore(): void {
    for (let i = 0; i < 8; i++) this.f64[STATE / 8 + i] = this.saved[i] as number
  }
}

/** The fastest kernel this runtime supports. */
export function createStereoKernel(coefficients: KCoefficients): StereoKernel {
  if (wasmSimdAvailable()) return new WasmStereoKernel(coefficients)
  return new JsStereoKernel(coefficients)
}

let compiled: WebAssembly.Module | undefined

function wasmModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(assemble())
  return compiled
}

// ——— The one function `segment(pL: i32, pR: i32, n: i32)`, assembled with `wasm-assembler.ts`. ———

const splat = f64x2Splat
const replaceLane1 = f64x2ReplaceLane1
const add = f64x2Add
const sub = f64x2Sub
const mul = f64x2Mul
const abs = f64x2Abs
const pmax = f64x2Pmax
const swapLanes = i8x16Shuffle(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)

// Locals: parameters 0 pL, 1 pR, 2 n; then i32 3 end; v128 4 x, 5 w, 6 u, 7 k, 8 w1, 9 w2, 10 u1,
// 11 u2, 12 eK, 13 xx, 14 xr, 15 xs, 16 pk. (The coefficients stay in memory: see `coef`.)
const [pL, pR, n, end, x, w, u, k, w1, w2, u1, u2, eK, xx, xr, xs, pk] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
]

/**
 * Coefficient `j` as f64x2, loaded where it is used: V8 folds the load into the multiply, so the
 * seven coefficients take no registers and the states and sums never spill (V8 re-splats splatted
 * locals every iteration; docs/analysis-performance.md).
 */
const coef = (j: number) => [...i32Const(0), ...v128Load(COEF + 16 * j)]

/** `x = [L[p], R[p]]` as f64x2. */
const loadFrame = [
  ...get(pL),
  ...f32Load(),
  ...promote,
  ...splat,
  ...get(pR),
  ...f32Load(),
  ...promote,
  ...replaceLane1,
]
/** `while (pL < end) { x = [L[p], R[p]]; body; pL += 4; pR += 4 }` */
const forEachFrame = (body: number[]) =>
  whileBelow(pL, end, [...loadFrame, ...set(x), ...body, ...advance(pL, 4), ...advance(pR, 4)])

function assemble(): Uint8Array<ArrayBuffer> {
  const body = [
    // Filter memory → vectors.
    ...[w1, w2, u1, u2].flatMap((local, j) => [...i32Const(0), ...v128Load(STATE + 16 * j), ...set(local)]),
    ...get(pL),
    ...get(n),
    ...i32Const(2),
    ...i32Shl,
    ...i32Add,
    ...set(end),
    // One loop over the frames. K-weighting, direct form II per biquad (as kWeightedEnergy):
    //   w = x − a2·w₋₂ − a1·w₋₁;  u = b0·w + b1·w₋₁ + b2·w₋₂ − c2·u₋₂ − c1·u₋₁;  k = u − 2u₋₁ + u₋₂
    // The plain sums ride along in the issue slots the recursion leaves idle.
    ...forEachFrame([
      ...get(x),
      ...coef(4),
      ...get(w2),
      ...mul,
      ...sub,
      ...coef(3),
      ...get(w1),
      ...mul,
      ...sub,
      ...set(w),
      ...coef(0),
      ...get(w),
      ...mul,
      ...coef(1),
      ...get(w1),
      ...mul,
      ...add,
      ...coef(2),
      ...get(w2),
      ...mul,
      ...add,
      ...coef(6),
      ...get(u2),
      ...mul,
      ...sub,
      ...coef(5),
      ...get(u1),
      ...mul,
      ...sub,
      ...set(u),
      // k = (u − (u₋₁ + u₋₁)) + u₋₂, the order of `u - 2 * u1 + u2` in the JS kernel
      ...get(u),
      ...get(u1),
      ...get(u1),
      ...add,
      ...sub,
      ...get(u2),
      ...add,
      ...set(k),
      ...get(eK),
      ...get(k),
      ...get(k),
      ...mul,
      ...add,
      ...set(eK),
      ...get(w1),
      ...set(w2),
      ...get(w),
      ...set(w1),
      ...get(u1),
      ...set(u2),
      ...get(u),
      ...set(u1),
      // Plain sums: Σx², Σx·swap(x) (lane 0 = ΣLR), Σx, max|x|.
      ...get(xx),
      ...get(x),
      ...get(x),
      ...mul,
      ...add,
      ...set(xx),
      ...get(xr),
      ...get(x),
      ...get(x),
      ...get(x),
      ...swapLanes,
      ...mul,
      ...add,
      ...set(xr),
      ...get(xs),
      ...get(x),
      ...add,
      ...set(xs),
      ...get(pk),
      ...get(x),
      ...abs,
      ...pmax,
      ...set(pk),
    ]),
    // Store the filter memory and the sums.
    ...[w1, w2, u1, u2].flatMap((local, j) => [...i32Const(0), ...get(local), ...v128Store(STATE + 16 * j)]),
    ...[eK, xx, xr, xs, pk].flatMap((local, j) => [...i32Const(0), ...get(local), ...v128Store(OUT + 16 * j)]),
  ]
  return moduleWithOneFunction(
    'segment',
    3,
    [
      [1, 0x7f], // end: i32
      [13, 0x7b], // x … pk: v128 (zero-initialised)
    ],
    body,
  )
}
