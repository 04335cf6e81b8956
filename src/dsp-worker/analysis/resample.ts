/**
 * Streaming resampling of the mono mix to 22 050 Hz for the spec's [22k] path, with a proper
 * anti-alias low-pass.
 *
 * Design rule (every rate): the band 0–8 kHz of the output is protected — aliases and images land
 * only above 8 kHz (inside the 8–11.025 kHz transition band) and everything that would fold below
 * 8 kHz is attenuated by ≥ 60 dB (Kaiser-windowed sinc FIRs, β for 60 dB). The [22k] features
 * (onset envelope, HPSS, pitch ≤ 2 kHz, chroma ≤ 2 kHz) live well inside the protected band.
 *
 * Chain, chosen per input rate `sr`:
 * - sr = 22 050: passed through unchanged.
 * - while sr/2 ≥ 22 050 and sr is even: a half-band FIR decimator by 2 (44.1 k → 22.05 k is one
 *   stage; 88.2 k and 176.4 k two and three; 48 k → 24 k, 96 k → 48 k → 24 k, 192 k likewise).
 *   Half-band taps are zero at even offsets, so each output costs (taps+1)/4 multiplies.
 * - then, if the rate is still not 22 050 (48 k family, 32 k, and every rate below 22 050, which is
 *   upsampled so that the [22k] STFT always has the same bins and frame rate): a polyphase rational
 *   resampler L/M (L/M = 22050/sr in lowest terms) with pass edge min(8 kHz, 0.4·min(sr, 22 050))
 *   and stop edge min(sr, 22 050) − pass edge.
 */

import { HalfbandKernel } from '../wasm/halfband-kernel'
import { PolyphaseKernel } from '../wasm/polyphase-kernel'
import { wasmSimdAvailable } from '../wasm/wasm-assembler'

/** Kaiser β for a stopband attenuation of `db` dB. */
function kaiserBeta(db: number): number {
  return db > 50 ? 0.1102 * (db - 8.7) : 0.5842 * (db - 21) ** 0.4 + 0.07886 * (db - 21)
}

/** Zeroth-order modified Bessel function of the first kind (series). */
function besselI0(x: number): number {
  let sum = 1
  let term = 1
  const q = (x * x) / 4
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k)
    sum += term
    if (term < 1e-12 * sum) break
  }
  return sum
}

/** Kaiser window value at position t ∈ [−1, 1]. */
function kaiser(t: number, beta: number): number {
  return besselI0(beta * Math.sqrt(Math.max(0, 1 - t * t))) / besselI0(beta)
}

const ATTENUATION_DB = 60
const PROTECTED_HZ = 8000
export const TARGET_RATE = 22050

/** Number of taps a Kaiser-windowed sinc needs for a transition of `width` (fraction of its rate). */
function kaiserLength(width: number): number {
  return Math.ceil((ATTENUATION_DB - 7.95) / (2.285 * 2 * Math.PI * width)) + 1
}

/** A streaming single-rate-change stage: consumes input, returns the outputs it could produce. */
interface ResampleStage {
  readonly outRate: number
  /** Returns a view of the output (valid until the next call). */
  process(input: Float32Array): Float32Array
}

/**
 * Half-band decimator by 2: y[j] = ½·x[2j−c] + Σ_{odd d ≤ c} g_d·(x[2j−c−d] + x[2j−c+d]),
 * a Kaiser-windowed sinc with cutoff fs/4 whose transition runs from `passHz` to fs/2 − passHz.
 */
export class HalfbandDecimator implements ResampleStage {
  readonly outRate: number
  /** Side coefficients g_d for d = 1, 3, …, c. */
  readonly side: Float64Array
  /** Half length c (odd): the filter has 2c + 1 taps. */
  readonly half: number
  /** Centre tap (½ before normalisation). */
  private readonly centre: number
  private buf = new Float32Array(0)
  private len = 0
  /** Position (in buf) of the centre of the next output's filter. */
  private pos: number
  private out = new Float32Array(0)
  /** The WebAssembly SIMD inner loop, or null for the JS loops below. */
  private readonly kernel: HalfbandKernel | null
  get usesKernel(): boolean {
    return this.kernel !== null
  }

  constructor(
    readonly inRate: number,
    passHz = PROTECTED_HZ,
    options: { kernel?: 'auto' | 'js' } = {},
  ) {
    this.outRate = inRate / 2
    const width = (inRate / 2 - 2 * passHz) / inRate
    let taps = Math.max(7, kaiserLength(width))
    while ((taps - 3) % 4 !== 0) taps++ // 4K + 3 taps: the outermost taps are non-zero
    const c = (taps - 1) / 2
    this.half = c
    const beta = kaiserBeta(ATTENUATION_DB)
    const side = new Float64Array((c + 1) / 2)
    let sum = 0.5
    for (let i = 0; i < side.length; i++) {
      const d = 2 * i + 1
      const g = (Math.sin((Math.PI * d) / 2) / (Math.PI * d)) * kaiser(d / (c + 1), beta)
      side[i] = g
      sum += 2 * g
    }
    // Unit gain at DC.
    for (let i = 0; i < side.length; i++) side[i] = (side[i] as number) / sum
    this.side = side
    this.centre = 0.5 / sum
    this.kernel = options.kernel !== 'js' && wasmSimdAvailable() ? new HalfbandKernel(this.centre, side) : null
    // Start with c zeros of history so the first output is centred on input 0.
    this.buf = new Float32Array(4096)
    this.len = c
    this.pos = c
  }

  process(input: Float32Array): Float32Array {
    const c = this.half
    this.buf = appended(this.buf, this.len, input)
    this.len += input.length
    const buf = this.buf
    if (this.kernel) {
      // Outputs for every centre p = pos, pos + 2, … below len − c (see halfband-kernel.ts).
      const outputs = Math.max(0, Math.ceil((this.len - c - this.pos) / 2))
      const y = this.kernel.process(buf.subarray(this.pos - c, this.len), outputs)
      this.keepHistory(this.pos + 2 * outputs)
      return y
    }
    const maxOut = Math.max(0, Math.floor((this.len - c - this.pos + 1) / 2))
    if (this.out.length < maxOut) this.out = new Float32Array(Math.max(maxOut, 2 * this.out.length))
    const out = this.out
    const side = this.side
    const nSide = side.length
    const centre = this.centre
    let p = this.pos
    let o = 0
    const end = this.len - c
    // Unrolled kernels for the designs the common rates use (44.1 k: 8 pairs, 48 k: 6, ≥ 88.2 k: 4).
    if (nSide === 8) {
      const g0 = side[0] as number
      const g1 = side[1] as number
      const g2 = side[2] as number
      const g3 = side[3] as number
      const g4 = side[4] as number
      const g5 = side[5] as number
      const g6 = side[6] as number
      const g7 = side[7] as number
      for (; p < end; p += 2) {
        out[o++] =
          centre * (buf[p] as number) +
          g0 * ((buf[p - 1] as number) + (buf[p + 1] as number)) +
          g1 * ((buf[p - 3] as number) + (buf[p + 3] as number)) +
          g2 * ((buf[p - 5] as number) + (buf[p + 5] as number)) +
          g3 * ((buf[p - 7] as number) + (buf[p + 7] as number)) +
          g4 * ((buf[p - 9] as number) + (buf[p + 9] as number)) +
          g5 * ((buf[p - 11] as number) + (buf[p + 11] as number)) +
          g6 * ((buf[p - 13] as number) + (buf[p + 13] as number)) +
          g7 * ((buf[p - 15] as number) + (buf[p + 15] as number))
      }
    } else if (nSide === 6) {
      const g0 = side[0] as number
      const g1 = side[1] as number
      const g2 = side[2] as number
      const g3 = side[3] as number
      const g4 = side[4] as number
      const g5 = side[5] as number
      for (; p < end; p += 2) {
        out[o++] =
          centre * (buf[p] as number) +
          g0 * ((buf[p - 1] as number) + (buf[p + 1] as number)) +
          g1 * ((buf[p - 3] as number) + (buf[p + 3] as number)) +
          g2 * ((buf[p - 5] as number) + (buf[p + 5] as number)) +
          g3 * ((buf[p - 7] as number) + (buf[p + 7] as number)) +
          g4 * ((buf[p - 9] as number) + (buf[p + 9] as number)) +
          g5 * ((buf[p - 11] as number) + (buf[p + 11] as number))
      }
    } else if (nSide === 4) {
      const g0 = side[0] as number
      const g1 = side[1] as number
      const g2 = side[2] as number
      const g3 = side[3] as number
      for (; p < end; p += 2) {
        out[o++] =
          centre * (buf[p] as number) +
          g0 * ((buf[p - 1] as number) + (buf[p + 1] as number)) +
          g1 * ((buf[p - 3] as number) + (buf[p + 3] as number)) +
          g2 * ((buf[p - 5] as number) + (buf[p + 5] as number)) +
          g3 * ((buf[p - 7] as number) + (buf[p + 7] as number))
      }
    } else {
      for (; p < end; p += 2) {
        let acc = centre * (buf[p] as number)
        for (let i = 0, d = 1; i < nSide; i++, d += 2)
          acc += (side[i] as number) * ((buf[p - d] as number) + (buf[p + d] as number))
        out[o++] = acc
      }
    }
    this.keepHistory(p)
    return out.subarray(0, o)
  }

  /** Drops consumed input, keeping the c samples of history before the next centre `next`. */
  private keepHistory(next: number): void {
    const keepFrom = next - this.half
    this.buf.copyWithin(0, keepFrom, this.len)
    this.len -= keepFrom
    this.pos = next - keepFrom
  }
}

/** `buf` with `input` written after its first `len` samples: the same buffer, or a grown copy when it is full. */
function appended(buf: Float32Array<ArrayBuffer>, len: number, input: Float32Array): Float32Array<ArrayBuffer> {
  let out = buf
  if (len + input.length > buf.length) {
    out = new Float32Array(Math.max(buf.length * 2, len + input.length))
    out.set(buf.subarray(0, len))
  }
  out.set(input, len)
  return out
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b]
  return a
}

/**
 * Polyphase rational resampler by L/M: the input is (conceptually) upsampled by L, low-passed by a
 * Kaiser-windowed sinc designed at L·inRate, and decimated by M; only the needed products are
 * computed — T taps per output, T = ceil(prototype length / L).
 */
export class PolyphaseResampler implements ResampleStage {
  readonly up: number
  readonly down: number
  /** Taps per phase. */
  readonly taps: number
  /** coef[φ·T + t] = L·h[φ + t·L]. */
  private readonly coef: Float64Array
  private buf = new Float32Array(0)
  private len = 0
  /** Absolute input index of buf[0]. */
  private base = 0
  /** Absolute index of the newest input sample the next output uses, and its phase. */
  private idx = 0
  private phase = 0
  private out = new Float32Array(0)
  /** The WebAssembly SIMD inner loop, or null for the JS loops below. */
  private readonly kernel: PolyphaseKernel | null
  /** Input samples kept before the next output's newest one (T − 1, or the kernel's padded taps − 1). */
  private readonly history: number

  constructor(
    readonly inRate: number,
    readonly outRate: number,
    options: { kernel?: 'auto' | 'js' } = {},
  ) {
    const g = gcd(Math.round(outRate), Math.round(inRate))
    const L = Math.round(outRate) / g
    const M = Math.round(inRate) / g
    this.up = L
    this.down = M
    const lowRate = Math.min(inRate, outRate)
    const pass = Math.min(PROTECTED_HZ, 0.4 * lowRate)
    const stop = lowRate - pass
    const cutoff = (pass + stop) / 2 // Hz
    const width = (stop - pass) / inRate
    const T = Math.max(4, kaiserLength(width))
    this.taps = T
    const N = T * L
    const beta = kaiserBeta(ATTENUATION_DB)
    const fc = cutoff / (L * inRate) // cycles per prototype sample
    const proto = new Float64Array(N)
    const mid = (N - 1) / 2
    let sum = 0
    for (let i = 0; i < N; i++) {
      const x = i - mid
      const s = x === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x)
      proto[i] = s * kaiser(x / (mid + 1), beta)
      sum += proto[i] as number
    }
    this.coef = new Float64Array(N)
    for (let ph = 0; ph < L; ph++)
      for (let t = 0; t < T; t++) this.coef[ph * T + t] = ((proto[ph + t * L] as number) * L) / sum
    this.kernel = options.kernel !== 'js' && wasmSimdAvailable() ? new PolyphaseKernel(this.coef, L, M, T) : null
    this.history = (this.kernel ? this.kernel.taps : T) - 1
    this.buf = new Float32Array(4096)
    // Zeros of history so the first output uses input 0 as its newest sample.
    this.len = this.history
    this.base = -this.history
  }

  get usesKernel(): boolean {
    return this.kernel !== null
  }

  process(input: Float32Array): Float32Array {
    this.buf = appended(this.buf, this.len, input)
    this.len += input.length
    const L = this.up
    const M = this.down
    const T = this.taps
    if (this.kernel) {
      // Outputs k = 0, 1, … have newest sample idx + ⌊(phase + k·M)/L⌋, which must be < base + len.
      const ahead = this.base + this.len - this.idx
      const n = ahead > 0 ? Math.ceil((ahead * L - this.phase) / M) : 0
      const y = this.kernel.process(this.buf.subarray(this.idx - this.base - this.history, this.len), n, this.phase)
      const phase = this.phase + n * M
      this.idx += Math.floor(phase / L)
      this.phase = phase % L
      this.keepHistory()
      return y
    }
    const dIdx = Math.floor(M / L)
    const dPh = M % L
    const maxOut = Math.ceil(((this.len + 1) * L) / M) + 1
    if (this.out.length < maxOut) this.out = new Float32Array(Math.max(maxOut, 2 * this.out.length))
    const out = this.out
    const buf = this.buf
    const coef = this.coef
    const last = this.base + this.len // exclusive
    let idx = this.idx
    let ph = this.phase
    let o = 0
    const base = this.base
    if (T === 16) {
      // Unrolled for the 24 kHz → 22 050 Hz stage of the 48 k family (the common non-44.1 k case).
      while (idx < last) {
        const b = idx - base
        const k = ph * 16
        out[o++] =
          (coef[k] as number) * (buf[b] as number) +
          (coef[k + 1] as number) * (buf[b - 1] as number) +
          (coef[k + 2] as number) * (buf[b - 2] as number) +
          (coef[k + 3] as number) * (buf[b - 3] as number) +
          (coef[k + 4] as number) * (buf[b - 4] as number) +
          (coef[k + 5] as number) * (buf[b - 5] as number) +
          (coef[k + 6] as number) * (buf[b - 6] as number) +
          (coef[k + 7] as number) * (buf[b - 7] as number) +
          (coef[k + 8] as number) * (buf[b - 8] as number) +
          (coef[k + 9] as number) * (buf[b - 9] as number) +
          (coef[k + 10] as number) * (buf[b - 10] as number) +
          (coef[k + 11] as number) * (buf[b - 11] as number) +
          (coef[k + 12] as number) * (buf[b - 12] as number) +
          (coef[k + 13] as number) * (buf[b - 13] as number) +
          (coef[k + 14] as number) * (buf[b - 14] as number) +
          (coef[k + 15] as number) * (buf[b - 15] as number)
        idx += dIdx
        ph += dPh
        if (ph >= L) {
          ph -= L
          idx++
        }
      }
    } else {
      while (idx < last) {
        const b = idx - base
        const cOff = ph * T
        let acc = 0
        for (let t = 0; t < T; t++) acc += (coef[cOff + t] as number) * (buf[b - t] as number)
        out[o++] = acc
        idx += dIdx
        ph += dPh
        if (ph >= L) {
          ph -= L
          idx++
        }
      }
    }
    this.idx = idx
    this.phase = ph
    this.keepHistory()
    return out.subarray(0, o)
  }

  /** Drops consumed input, keeping `history` samples before the next newest sample. */
  private keepHistory(): void {
    const keepFrom = Math.min(this.len, Math.max(0, this.idx - this.history - this.base))
    this.buf.copyWithin(0, keepFrom, this.len)
    this.len -= keepFrom
    this.base += keepFrom
  }
}

/** The chain of stages that takes `sampleRate` to 22 050 Hz (see the module comment). */
export class Resampler22k {
  private readonly stages: ResampleStage[] = []

  constructor(readonly sampleRate: number) {
    if (!(sampleRate >= 1000) || !Number.isFinite(sampleRate)) throw new Error(`unsupported sample rate ${sampleRate}`)
    let rate = sampleRate
    while (rate !== TARGET_RATE && rate / 2 >= TARGET_RATE && rate % 2 === 0) {
      const hb = new HalfbandDecimator(rate)
      this.stages.push(hb)
      rate = hb.outRate
    }
    if (rate !== TARGET_RATE) this.stages.push(new PolyphaseResampler(rate, TARGET_RATE))
  }

  /** Describes the chain, e.g. "48000 → 24000 (half-band 23 taps) → 22050 (polyphase 147/160, 16 taps)". */
  describe(): string {
    let s = String(this.sampleRate)
    for (const st of this.stages) {
      s +=
        st instanceof HalfbandDecimator
          ? ` → ${st.outRate} (half-band ${2 * st.half + 1} taps)`
          : ` → ${st.outRate} (polyphase ${(st as PolyphaseResampler).up}/${(st as PolyphaseResampler).down}, ${(st as PolyphaseResampler).taps} taps)`
    }
    return s
  }

  /** Resamples the next chunk; returns the 22 050 Hz samples it produced (a view valid until the next call). */
  process(input: Float32Array): Float32Array {
    let x = input
    for (const st of this.stages) x = st.process(x)
    return x
  }
}
