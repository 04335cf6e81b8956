/**
 * The two hot loops of the HPSS in `harmony.ts` as WebAssembly SIMD, four cells per step in the
 * float32 lanes (the cells hold powers; float32 orders them as float64 does except for ties closer
 * than 1e-7, which move immaterial energy):
 * - `timeMedian5(p0, p1, p2, p3, p4, out, end)`: out[c] = median(S0[c], …, S4[c]) over five frames,
 *   by the forgetful selection of `median5` (median.ts) with minps/maxps (`pmin`/`pmax`: no NaN
 *   handling needed for powers) — ten instructions per four cells.
 * - `fineHarmonic(pad, h, acc, end)`: for each fine bin c with its 17-bin neighbourhood pad[c..c+16]
 *   (centre pad[c+8]): it is harmonic when at least 9 of the 17 lie strictly below H[c] (the
 *   percussive median is then below H); adds the centre's power to the harmonic sum when it is, and
 *   to the total always. Sums are per lane, four float32 lanes each at acc and acc + 16.
 * `HpssKernel` owns the memory that `HarmonyAnalyzer` keeps its HPSS arrays in (views below).
 */
import {
  advance,
  f32x4Add,
  f32x4Lt,
  f32x4Pmax,
  f32x4Pmin,
  get,
  i32Const,
  i32x4GtS,
  i32x4Splat,
  i32x4Sub,
  moduleWithFunctions,
  set,
  v128And,
  v128Load,
  v128Store,
  whileBelow,
} from './wasm-assembler'

// timeMedian5 parameters and locals.
const [q0, q1, q2, q3, q4, qOut, qEnd] = [0, 1, 2, 3, 4, 5, 6]
const [a, b, c, d, lo1, hi1, lo2, hi2, p, q, x, y] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]

const timeMedian5 = whileBelow(qOut, qEnd, [
  ...[q0, q1, q2, q3].flatMap((ptr, i) => [...get(ptr), ...v128Load(0, 2), ...set([a, b, c, d][i] as number)]),
  ...[...get(a), ...get(b), ...f32x4Pmin, ...set(lo1)],
  ...[...get(a), ...get(b), ...f32x4Pmax, ...set(hi1)],
  ...[...get(c), ...get(d), ...f32x4Pmin, ...set(lo2)],
  ...[...get(c), ...get(d), ...f32x4Pmax, ...set(hi2)],
  ...[...get(lo1), ...get(lo2), ...f32x4Pmax, ...set(p)], // max of the minima
  ...[...get(hi1), ...get(hi2), ...f32x4Pmin, ...set(q)], // min of the maxima
  ...[...get(p), ...get(q), ...f32x4Pmin, ...set(x)],
  ...[...get(p), ...get(q), ...f32x4Pmax, ...set(y)],
  // out = min(max(e, x), y)
  ...get(qOut),
  ...get(q4),
  ...v128Load(0, 2),
  ...get(x),
  ...f32x4Pmax,
  ...get(y),
  ...f32x4Pmin,
  ...v128Store(0, 2),
  ...[q0, q1, q2, q3, q4, qOut].flatMap((ptr) => advance(ptr, 16)),
])

// fineHarmonic parameters and locals.
const [fPad, fH, fAcc, fEnd, h, below, centre, accH, accAll] = [0, 1, 2, 3, 4, 5, 6, 7, 8]
const NEIGHBOURS = 17
const HALF = 8

const fineHarmonic = [
  ...whileBelow(fH, fEnd, [
    ...get(fH),
    ...v128Load(0, 2),
    ...set(h),
    ...i32Const(0),
    ...i32x4Splat,
    ...set(below),
    // below −= (pad[c + j] < H[c]) as −1/0 masks, j = 0..16
    ...Array.from({ length: NEIGHBOURS }, (_, j) => [
      ...get(below),
      ...get(fPad),
      ...v128Load(4 * j, 2),
      ...get(h),
      ...f32x4Lt,
      ...i32x4Sub,
      ...set(below),
    ]).flat(),
    ...get(fPad),
    ...v128Load(4 * HALF, 2),
    ...set(centre),
    ...get(accAll),
    ...get(centre),
    ...f32x4Add,
    ...set(accAll),
    // harmonic where below > 8
    ...get(accH),
    ...get(centre),
    ...get(below),
    ...i32Const(HALF),
    ...i32x4Splat,
    ...i32x4GtS,
    ...v128And,
    ...f32x4Add,
    ...set(accH),
    ...advance(fPad, 16),
    ...advance(fH, 16),
  ]),
  ...get(fAcc),
  ...get(accH),
  ...v128Store(0, 2),
  ...get(fAcc),
  ...get(accAll),
  ...v128Store(16, 2),
]

let compiled: WebAssembly.Module | undefined

/** Float32 arrays in the kernel's memory, laid out one after the other (16-byte aligned). */
interface HpssLayout {
  /** Ring of `frames` rows of `stride` cells. */
  ring: Float32Array
  /** Time medians of one row. */
  median: Float32Array
  /** The fine bins of one row padded by `pad` copies of the edge values on each side (+ 4 spare). */
  padded: Float32Array
}

export class HpssKernel {
  readonly layout: HpssLayout
  private readonly memory = new WebAssembly.Memory({ initial: 1 })
  private readonly median5: (...args: number[]) => void
  private readonly harmonic: (pad: number, h: number, acc: number, end: number) => void
  private readonly ringAt = 0
  private readonly medianAt: number
  private readonly paddedAt: number
  private readonly accAt: number
  private readonly acc: Float32Array

  /** `stride` (a multiple of 4) cells per row, `frames` rows, `fineBins` (a multiple of 4) fine bins. */
  constructor(
    readonly stride: number,
    frames: number,
    readonly fineBins: number,
  ) {
    if (stride % 4 !== 0 || fineBins % 4 !== 0) throw new Error('HPSS rows must be multiples of 4 cells')
    compiled ??= new WebAssembly.Module(
      moduleWithFunctions([
        { name: 'timeMedian5', params: 7, locals: [[12, 0x7b]], body: timeMedian5 },
        { name: 'fineHarmonic', params: 4, locals: [[5, 0x7b]], body: fineHarmonic },
      ]),
    )
    const instance = new WebAssembly.Instance(compiled, { env: { memory: this.memory } })
    this.median5 = instance.exports['timeMedian5'] as HpssKernel['median5']
    this.harmonic = instance.exports['fineHarmonic'] as HpssKernel['harmonic']
    this.medianAt = this.ringAt + 4 * stride * frames
    this.paddedAt = this.medianAt + 4 * stride
    const paddedLength = fineBins + 2 * HALF + 4
    this.accAt = this.paddedAt + 4 * paddedLength
    if (this.accAt + 32 > this.memory.buffer.byteLength) throw new Error('HPSS layout exceeds one page')
    const buffer = this.memory.buffer
    this.layout = {
      ring: new Float32Array(buffer, this.ringAt, stride * frames),
      median: new Float32Array(buffer, this.medianAt, stride),
      padded: new Float32Array(buffer, this.paddedAt, paddedLength),
    }
    this.acc = new Float32Array(buffer, this.accAt, 8)
  }

  /** layout.median[c] = median of the five ring rows r0..r4 at c, for every c < stride. */
  timeMedians(r0: number, r1: number, r2: number, r3: number, r4: number): void {
    const row = 4 * this.stride
    this.median5(r0 * row, r1 * row, r2 * row, r3 * row, r4 * row, this.medianAt, this.medianAt + row)
  }

  /**
   * Over the fine bins, with layout.padded holding the centre row padded by 8 on each side and
   * layout.median the time medians H: `out[0]` = power of the harmonic bins, `out[1]` = all power.
   */
  fineHarmonic(out: Float64Array): void {
    this.acc.fill(0)
    this.harmonic(this.paddedAt, this.medianAt, this.accAt, this.medianAt + 4 * this.fineBins)
    const s = this.acc
    out[0] = (s[0] as number) + (s[1] as number) + (s[2] as number) + (s[3] as number)
    out[1] = (s[4] as number) + (s[5] as number) + (s[6] as number) + (s[7] as number)
  }
}
