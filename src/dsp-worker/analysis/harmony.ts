/**
 * Harmony dimensions (spec: "Harmony", [22k]) from two views of the 22 050 Hz mono signal, both fed
 * by path22k.ts (why these frames and blocks: docs/analysis-notes.md, "Harmony"):
 * - the shared STFT (frame 1024, hop 512, Hann; bin spacing 21.53 Hz) — pitch runs on every second
 *   frame (1024-sample hop, 46.4 ms);
 * - a finer STFT for HPSS and chroma: frame 2048 (93 ms, bin spacing 10.77 Hz), hop 2048, Hann.
 * Power spectra P[k] = |X[k]|². Silent: a frame whose mean square is < 1e-6 (−60 dBFS).
 *
 * harmonic_ratio = E_h / (E_h + E_p) after HPSS by median filtering of the 2048-frame spectrogram.
 * Cells: bins 0–255 (0–2.76 kHz) one by one; above, groups of 4 bins (43 Hz) up to 8 kHz — the
 * band the resampler protects (above it, its anti-alias transition attenuates the signal).
 * Harmonic enhancement H = median over 5 frames in time (0.46 s). Percussive enhancement Pe =
 * median over 17 bins (183 Hz) below 2.76 kHz, over 5 cells (215 Hz) above; windows are clamped at
 * the edges of each region. Medians of powers order cells exactly as medians of magnitudes do.
 * Hard masks: a cell's power counts to E_h when H > Pe and to E_p otherwise (for the 17-bin
 * windows H > median is decided without sorting: at least 9 of the 17 values lie below H). At the ends of the stream the time window is truncated
 * to the frames that exist. Streaming: a ring of the last 5 frames.
 *
 * pitch_stability: per pitch frame, the normalised autocorrelation r'(τ) = [r(τ)/r(0)] / [w(τ)/w(0)]
 * (Boersma's method: the windowed frame's ACF divided by the window's ACF), r = inverse FFT of P over
 * 0–5.5 kHz (lag step 2 samples = 1/11 025 s), w the same for the Hann window. Candidates: local
 * maxima of r' for f0 = 11 025/τ in 60–2000 Hz; the pick is the shortest lag whose peak is ≥ 0.85 ×
 * the highest peak (avoids sub-octave errors), refined by parabolic interpolation. The frame is
 * voiced when the highest peak is ≥ 0.6. Frames are grouped in consecutive blocks of 11 pitch
 * frames (0.511 s — "the surrounding 0.5 s"); a non-silent frame counts when it is voiced and within
 * ±50 cents of the median f0 of its block's voiced frames. pitch_stability = counted / non-silent
 * pitch frames.
 *
 * chroma_energy: per non-silent 2048-frame (every second one: 5.4 per second), the power of the bins
 * whose frequency lies in
 * 65–2000 Hz is added to the pitch class round(12·log2(f/440)) mod 12 (A4 = 440 Hz). A bin's
 * frequency is its centre, except for the three bins of a spectral peak (a local maximum), which
 * all take the peak's frequency refined by parabolic interpolation of ln P (so a tone near a bin
 * edge is not split between classes; peaks > 40 dB below the frame's strongest bin are left at
 * their bin centres). p = chroma / Σ chroma; value = (Σ p² − 1/12) / (1 − 1/12);
 * chroma_energy = median over non-silent frames (0 for a frame without energy in the range).
 */
import type { Fingerprint } from '../../shared/dimensions'
import { HpssKernel } from '../wasm/hpss-kernel'
import { wasmSimdAvailable } from '../wasm/wasm-assembler'
import { hann, RealFFT } from './fft'
import { median5, medianOf, Series } from './median'
import { SILENCE_MEAN_SQUARE } from './stage'

type HarmonyKeys = 'harmonic_ratio' | 'pitch_stability' | 'chroma_energy'

/** Frame length of the fine STFT that HPSS and chroma use (hop = frame). */
export const HARMONY_FRAME = 2048
const FINE_BINS = 256
const FINE_HALF = 8 // 17-bin percussive window
const COARSE_CELLS = 122 // 43 Hz cells from 2.76 to 8.01 kHz
const CELLS = FINE_BINS + COARSE_CELLS
/** Row stride of the HPSS ring: CELLS rounded up to whole SIMD vectors. */
const STRIDE = Math.ceil(CELLS / 4) * 4
const TIME_KERNEL = 5
const HALF_T = 2
const PITCH_FRAME = 1024
const PITCH_BINS = 256
const ACF_SIZE = 512
const F0_MIN = 60
const F0_MAX = 2000
const PEAK_RELATIVE = 0.85
const VOICING = 0.6
const PITCH_BLOCK = 11
const CENTS_TOLERANCE = 50
const CHROMA_LO_HZ = 65
const CHROMA_HI_HZ = 2000

export class HarmonyAnalyzer {
  // --- HPSS (fine STFT)
  /** Ring of the last 5 cell frames: power S and percussive enhancement Pe (NaN = decided by counting). */
  /** The SIMD loops (hpss-kernel.ts), whose memory holds ringS, harmonicEnh and padded; or null. */
  private readonly hpss = wasmSimdAvailable() ? new HpssKernel(STRIDE, TIME_KERNEL, FINE_BINS) : null
  private readonly ringS = this.hpss ? this.hpss.layout.ring : new Float32Array(TIME_KERNEL * STRIDE)
  private readonly ringP = new Float32Array(TIME_KERNEL * STRIDE)
  private hpssFrames = 0
  private eH = 0
  private eP = 0
  private readonly scratch = new Float64Array(TIME_KERNEL)
  private readonly harmonicEnh = this.hpss ? this.hpss.layout.median : new Float32Array(STRIDE)
  private readonly padded = this.hpss ? this.hpss.layout.padded : new Float32Array(FINE_BINS + 2 * FINE_HALF + 4)
  private readonly fineSums = new Float64Array(2)
  // --- pitch (shared STFT)
  private pitchPhase = false
  private readonly acfRate: number
  private readonly acfFft = new RealFFT(ACF_SIZE)
  private readonly acfIn = new Float64Array(ACF_SIZE)
  private readonly acfRe = new Float64Array(ACF_SIZE / 2 + 1)
  private readonly acfIm = new Float64Array(ACF_SIZE / 2 + 1)
  /** Inverse normalised ACF of the Hann window, w(0)/w(τ). */
  private readonly windowAcf = new Float64Array(ACF_SIZE / 2 + 1)
  private readonly lagMin: number
  private readonly lagMax: number
  private readonly block = new Float64Array(PITCH_BLOCK)
  private readonly blockVoiced = new Float64Array(PITCH_BLOCK)
  private blockFill = 0
  private blockVoicedCount = 0
  private pitchCounted = 0
  private pitchNonSilent = 0
  // --- chroma (fine STFT)
  private readonly fineBinHz: number
  private readonly chromaLo: number
  private readonly chromaHi: number
  private readonly classOfBin: Int8Array
  private readonly classTmp: Int8Array
  private readonly chroma = new Float64Array(12)
  private readonly chromaValues = new Series()
  private chromaPhase = false

  constructor(readonly sampleRate = 22050) {
    this.acfRate = sampleRate / 2
    this.fineBinHz = sampleRate / HARMONY_FRAME
    this.lagMin = Math.max(2, Math.floor(this.acfRate / F0_MAX))
    this.lagMax = Math.min(ACF_SIZE / 2 - 2, Math.ceil(this.acfRate / F0_MIN) + 1)
    // Window ACF by the same route as the signal's.
    const wp = new Float64Array(PITCH_FRAME / 2 + 1)
    new RealFFT(PITCH_FRAME).power(hann(PITCH_FRAME), wp)
    this.acfOf(wp, this.windowAcf)
    // Stored inverted: r'(τ) = r(τ)/r(0) · w(0)/w(τ).
    const w0 = this.windowAcf[0] as number
    for (let t = 0; t < this.windowAcf.length; t++) this.windowAcf[t] = w0 / (this.windowAcf[t] as number)
    // Chroma bins of the fine STFT.
    this.chromaLo = Math.max(2, Math.floor(CHROMA_LO_HZ / this.fineBinHz) - 1)
    this.chromaHi = Math.min(HARMONY_FRAME / 2 - 2, Math.ceil(CHROMA_HI_HZ / this.fineBinHz) + 1)
    this.classOfBin = new Int8Array(HARMONY_FRAME / 2 + 1).fill(-1)
    for (let k = this.chromaLo; k <= this.chromaHi; k++) {
      const f = k * this.fineBinHz
      if (f >= CHROMA_LO_HZ && f <= CHROMA_HI_HZ) this.classOfBin[k] = pitchClass(f)
    }
    this.classTmp = new Int8Array(HARMONY_FRAME / 2 + 1)
  }

  /** r[τ] for τ = 0..ACF_SIZE/2 (lag step 2 samples) from power bins 0..PITCH_BINS, into `out`. */
  private acfOf(power: Float64Array, out: Float64Array): void {
    const q = this.acfIn
    for (let k = 0; k <= PITCH_BINS; k++) q[k] = power[k] as number
    for (let k = 1; k < PITCH_BINS; k++) q[ACF_SIZE - k] = power[k] as number
    this.acfFft.forward(q, out, this.acfIm)
  }

  /** One frame of the shared STFT (1024/512), in order: power bins 0..512 and the frame's mean square. */
  pushFrame(power: Float64Array, meanSquare: number): void {
    this.pitchPhase = !this.pitchPhase
    if (!this.pitchPhase) this.pitchFrame(power, meanSquare)
  }

  /** One frame of the fine STFT (2048/2048), in order: power bins 0..1024 and the frame's mean square. */
  pushFineFrame(power: Float64Array, meanSquare: number): void {
    this.hpssFrame(power)
    // Chroma on every second fine frame (5.4 per second): a median needs no more.
    this.chromaPhase = !this.chromaPhase
    if (this.chromaPhase && meanSquare >= SILENCE_MEAN_SQUARE) this.chromaFrame(power)
  }

  // ---------------------------------------------------------------- HPSS
  private hpssFrame(pw: Float64Array): void {
    const t = this.hpssFrames++
    const slot = (t % TIME_KERNEL) * STRIDE
    const S = this.ringS
    const P = this.ringP
    for (let c = 0; c < FINE_BINS; c++) S[slot + c] = pw[c] as number
    for (let c = 0, k = FINE_BINS; c < COARSE_CELLS; c++, k += 4)
      S[slot + FINE_BINS + c] =
        (pw[k] as number) + (pw[k + 1] as number) + (pw[k + 2] as number) + (pw[k + 3] as number)
    // Coarse cells: Pe = median of 5 cells (edges clamped). Fine bins are decided by counting later.
    const base = slot + FINE_BINS
    const last = COARSE_CELLS - 1
    for (let c = 0; c < COARSE_CELLS; c++) {
      P[base + c] = median5(
        S[base + Math.max(0, c - 2)] as number,
        S[base + Math.max(0, c - 1)] as number,
        S[base + c] as number,
        S[base + Math.min(last, c + 1)] as number,
        S[base + Math.min(last, c + 2)] as number,
      )
    }
    const centre = t - HALF_T
    if (centre >= 0) this.hpssCentre(centre, t)
  }

  /** H for every cell of the window lo..last into `out` (median over time; fewer frames at the ends). */
  private timeMedians(lo: number, last: number, out: Float32Array): void {
    const S = this.ringS
    const count = last - lo + 1
    if (count === TIME_KERNEL && this.hpss) {
      // out is the kernel's median row.
      this.hpss.timeMedians(lo % 5, (lo + 1) % 5, (lo + 2) % 5, (lo + 3) % 5, (lo + 4) % 5)
      return
    }
    if (count === TIME_KERNEL) {
      const s0 = (lo % TIME_KERNEL) * STRIDE
      const s1 = ((lo + 1) % TIME_KERNEL) * STRIDE
      const s2 = ((lo + 2) % TIME_KERNEL) * STRIDE
      const s3 = ((lo + 3) % TIME_KERNEL) * STRIDE
      const s4 = ((lo + 4) % TIME_KERNEL) * STRIDE
      for (let c = 0; c < CELLS; c++)
        out[c] = median5(
          S[s0 + c] as number,
          S[s1 + c] as number,
          S[s2 + c] as number,
          S[s3 + c] as number,
          S[s4 + c] as number,
        )
      return
    }
    const w = this.scratch
    for (let c = 0; c < CELLS; c++) {
      for (let i = 0; i < count; i++) w[i] = S[((lo + i) % TIME_KERNEL) * STRIDE + c] as number
      out[c] = medianOf(w.subarray(0, count))
    }
  }

  /** Classifies the cells of frame `centre` with the time window max(0, centre−2)..last. */
  private hpssCentre(centre: number, last: number): void {
    const S = this.ringS
    const P = this.ringP
    const cs = (centre % TIME_KERNEL) * STRIDE
    const H = this.harmonicEnh
    this.timeMedians(Math.max(0, centre - HALF_T), last, H)
    // Fine bins, padded copy so the 17-bin windows need no clamping.
    const pad = this.padded
    for (let c = 0; c < FINE_BINS; c++) pad[FINE_HALF + c] = S[cs + c] as number
    for (let d = 0; d < FINE_HALF; d++) {
      pad[d] = S[cs] as number
      pad[FINE_HALF + FINE_BINS + d] = S[cs + FINE_BINS - 1] as number
    }
    let eH = 0
    let eAll = 0
    // Fine bins: Pe is the median of 17 bins, compared with H without sorting:
    // median < h ⟺ at least 9 of the 17 values lie strictly below h. Branch-free.
    if (this.hpss) {
      this.hpss.fineHarmonic(this.fineSums)
      eH = this.fineSums[0] as number
      eAll = this.fineSums[1] as number
    } else
      for (let c = 0; c < FINE_BINS; c++) {
        const h = H[c] as number
        let below = 0
        for (let j = c, end = c + 2 * FINE_HALF; j <= end; j++) below += +((pad[j] as number) < h)
        const v = pad[c + FINE_HALF] as number
        eAll += v
        if (below > FINE_HALF) eH += v
      }
    for (let c = FINE_BINS; c < CELLS; c++) {
      const v = S[cs + c] as number
      eAll += v
      if ((H[c] as number) > (P[cs + c] as number)) eH += v
    }
    this.eH += eH
    this.eP += eAll - eH
  }

  // ---------------------------------------------------------------- pitch
  private pitchFrame(power: Float64Array, meanSquare: number): void {
    if (meanSquare < SILENCE_MEAN_SQUARE) return
    this.pitchNonSilent++
    const r = this.acfRe
    this.acfOf(power, r)
    const r0 = r[0] as number
    let logF0 = Number.NaN
    if (r0 > 0) {
      const wa = this.windowAcf
      const lo = this.lagMin
      const hi = this.lagMax
      const inv0 = 1 / r0
      for (let t = lo - 1; t <= hi + 1; t++) r[t] = (r[t] as number) * inv0 * (wa[t] as number)
      let best = -1
      for (let t = lo; t <= hi; t++) {
        const v = r[t] as number
        if (v > best && v > (r[t - 1] as number) && v >= (r[t + 1] as number)) best = v
      }
      if (best >= VOICING) {
        const threshold = PEAK_RELATIVE * best
        for (let t = lo; t <= hi; t++) {
          const v = r[t] as number
          if (v >= threshold && v > (r[t - 1] as number) && v >= (r[t + 1] as number)) {
            const a = r[t - 1] as number
            const c = r[t + 1] as number
            const den = a - 2 * v + c
            const delta = den < 0 ? (0.5 * (a - c)) / den : 0
            const f0 = this.acfRate / (t + delta)
            if (f0 >= F0_MIN && f0 <= F0_MAX) logF0 = Math.log2(f0)
            break
          }
        }
      }
    }
    const i = this.blockFill++
    this.block[i] = logF0
    if (!Number.isNaN(logF0)) this.blockVoiced[this.blockVoicedCount++] = logF0
    if (this.blockFill === PITCH_BLOCK) this.closeBlock()
  }

  private closeBlock(): void {
    if (this.blockVoicedCount > 0) {
      const med = medianOf(this.blockVoiced.subarray(0, this.blockVoicedCount))
      const tol = CENTS_TOLERANCE / 1200
      for (let i = 0; i < this.blockFill; i++) {
        const v = this.block[i] as number
        if (!Number.isNaN(v) && Math.abs(v - med) <= tol) this.pitchCounted++
      }
    }
    this.blockFill = 0
    this.blockVoicedCount = 0
  }

  // ---------------------------------------------------------------- chroma
  private chromaFrame(pw: Float64Array): void {
    const lo = this.chromaLo
    const hi = this.chromaHi
    const cls = this.classTmp
    cls.set(this.classOfBin.subarray(lo - 1, hi + 2), lo - 1)
    let max = 0
    for (let k = lo; k <= hi; k++) max = Math.max(max, pw[k] as number)
    // Peaks more than 40 dB below the strongest bin keep their bins' own classes (they carry
    // < 0.01 % of the power each, and skipping them saves the logarithms).
    const floor = 1e-4 * max
    for (let k = lo; k <= hi; k++) {
      const v = pw[k] as number
      const a = pw[k - 1] as number
      const c = pw[k + 1] as number
      if (v > floor && v > a && v >= c) {
        const la = Math.log(Math.max(a, 1e-30))
        const lv = Math.log(v)
        const lc = Math.log(Math.max(c, 1e-30))
        const den = la - 2 * lv + lc
        const delta = den < 0 ? (0.5 * (la - lc)) / den : 0
        const f = (k + delta) * this.fineBinHz
        const pc = f >= CHROMA_LO_HZ && f <= CHROMA_HI_HZ ? pitchClass(f) : -1
        cls[k - 1] = pc
        cls[k] = pc
        cls[k + 1] = pc
      }
    }
    const ch = this.chroma
    ch.fill(0)
    let total = 0
    for (let k = lo - 1; k <= hi + 1; k++) {
      const pc = cls[k] as number
      if (pc < 0) continue
      const v = pw[k] as number
      ch[pc] = (ch[pc] as number) + v
      total += v
    }
    let value = 0
    if (total > 0) {
      let sq = 0
      for (let i = 0; i < 12; i++) {
        const p = (ch[i] as number) / total
        sq += p * p
      }
      value = Math.max(0, (sq - 1 / 12) / (1 - 1 / 12))
    }
    this.chromaValues.push(value)
  }

  finish(): Pick<Fingerprint, HarmonyKeys> {
    const last = this.hpssFrames - 1
    for (let centre = Math.max(0, this.hpssFrames - HALF_T); centre <= last; centre++) this.hpssCentre(centre, last)
    this.hpssFrames = 0
    if (this.blockFill > 0) this.closeBlock()
    const e = this.eH + this.eP
    return {
      harmonic_ratio: e > 0 ? this.eH / e : 0,
      pitch_stability: this.pitchNonSilent > 0 ? this.pitchCounted / this.pitchNonSilent : 0,
      chroma_energy: this.chromaValues.median(),
    }
  }
}

/** Pitch class 0..11 of frequency f (0 = A, A4 = 440 Hz). */
function pitchClass(f: number): number {
  const semis = Math.round(12 * Math.log2(f / 440))
  return ((semis % 12) + 12) % 12
}
