/**
 * Time-domain dimensions, all from one streaming pass over the samples at the native rate `[full]`:
 * - `lufs`, `loudness_range_lu` — BS.1770-4 / EBU R128 / Tech 3342 (`loudness.ts`);
 * - `crest_db` — peak of either channel over the RMS of both channels in the 400 ms blocks that pass
 *   the −70 LUFS absolute gate (`dynamics.ts`);
 * - `dynamic_range_variation_db`, `peak_consistency` — over non-silent non-overlapping 1 s windows
 *   (`dynamics.ts`). The window grid is offset by half a window (the first window is the first
 *   0.5 s), so level changes on whole seconds from the start — edits on a 60/120 BPM grid, or the
 *   spec's sine stepping 6 dB every second — fall inside windows and show in their crest factors
 *   instead of hiding on window edges (aligned, every window of that stepped sine is a pure sine
 *   with the same crest, and the variation would read 0);
 * - `silence_ratio` — ≈ 46 ms frames of the mono mix (`silence.ts`);
 * - `stereo_width`, `phase_correlation` — whole-track channel sums (`stereo.ts`).
 *
 * Streaming: every accumulator lives in this object, so any chunking (down to 1 sample) gives the same
 * result. A chunk is cut into *segments* that end at the next 100 ms sub-block, silence frame or 1 s
 * window boundary; the per-sample loops (`runSegment`) have no branches on those boundaries, keep
 * their state in local variables and allocate nothing. Boundary bookkeeping then runs once per
 * segment.
 */

import { createStereoKernel, type StereoSums as SegmentSums, type StereoKernel } from '../wasm/time-domain-kernel'
import { crestDb, WindowStats } from './dynamics'
import { type Biquad, K_STATE_SIZE, kWeightedEnergy, kWeighting, LoudnessBlocks } from './loudness'
import { silenceFrameLength, silenceRatio } from './silence'
import { type AnalysisStage, SILENCE_MEAN_SQUARE } from './stage'
import { phaseCorrelation, type StereoSums, stereoWidth } from './stereo'

type Keys =
  | 'lufs'
  | 'crest_db'
  | 'silence_ratio'
  | 'dynamic_range_variation_db'
  | 'loudness_range_lu'
  | 'peak_consistency'
  | 'stereo_width'
  | 'phase_correlation'

/** Longest stretch handed to the stereo kernel at once (its memory holds one stretch: 512 KiB). */
const PIECE = 1 << 16

export class TimeDomainStage implements AnalysisStage<Keys> {
  /**
   * Number of ≈ 46 ms frames that are not silent. A frame counts when the mono mix OR the channels
   * (mean square over both) reach −60 dBFS: an anti-phase track (L = −R) has a silent mono mix yet is
   * plainly not a silent track (its stereo image must still be reported). The orchestrator flags the
   * track `silent` when this stays 0.
   */
  nonSilentFrames = 0

  private readonly k: { pre: Biquad; rlb: Biquad }
  /** Stereo per-sample kernel (WebAssembly SIMD where available). */
  private readonly kernel: StereoKernel | undefined
  /** Mono filter memory (see kWeightedEnergy) and its snapshot. */
  private readonly z = new Float64Array(K_STATE_SIZE)
  private readonly zSaved = new Float64Array(K_STATE_SIZE)
  /** Sums of the last segment. */
  private readonly seg: SegmentSums = { k: 0, ll: 0, rr: 0, lr: 0, l: 0, r: 0, peak: 0 }

  // 100 ms sub-blocks → loudness blocks.
  private readonly subLen: number
  private subPos = 0
  private subK = 0
  private subRaw = 0
  private readonly blocks: LoudnessBlocks

  // ≈ 46 ms silence frames.
  private readonly frameLen: number
  private framePos = 0
  private frameMono = 0
  private frameRaw = 0
  private frames = 0
  private silentFrames = 0

  // 1 s windows.
  private readonly winLen: number
  private winPos = 0
  /** Length of the current window: half a window for the first one (see `finish`), then winLen. */
  private winTarget: number
  private winRaw = 0
  private winPeak = 0
  private windowsClosed = 0
  private readonly windows = new WindowStats()

  // Whole track.
  private peak = 0
  private readonly sums: StereoSums = { n: 0, sumL: 0, sumR: 0, sumLL: 0, sumRR: 0, sumLR: 0 }
  private scratchL = new Float32Array(0)
  private scratchR = new Float32Array(0)

  constructor(
    readonly sampleRate: number,
    readonly channels: 1 | 2,
  ) {
    if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) throw new Error(`invalid sample rate ${sampleRate}`)
    this.k = kWeighting(sampleRate)
    this.subLen = Math.max(1, Math.round(sampleRate / 10))
    this.blocks = new LoudnessBlocks(this.subLen)
    this.frameLen = silenceFrameLength(sampleRate)
    this.winLen = Math.max(1, Math.round(sampleRate))
    this.winTarget = Math.max(1, Math.round(this.winLen / 2))
    this.kernel = channels === 2 ? createStereoKernel(this.k) : undefined
  }

  push(left: Float32Array, right: Float32Array, _mono: Float32Array): void {
    const n = left.length
    if (n <= PIECE) {
      this.pushPiece(left, right)
      return
    }
    // The stereo kernel copies what it processes into its own memory: bound that copy.
    for (let a = 0; a < n; a += PIECE) {
      const b = Math.min(n, a + PIECE)
      this.pushPiece(left.subarray(a, b), right.subarray(a, b))
    }
  }

  private pushPiece(left: Float32Array, right: Float32Array): void {
    const n = left.length
    const seg = this.seg
    this.kernel?.load(left, right)
    let i = 0
    while (i < n) {
      const end = Math.min(
        n,
        i + this.subLen - this.subPos,
        i + this.frameLen - this.framePos,
        i + this.winTarget - this.winPos,
      )
      this.saveFilters()
      this.runSegment(left, i, end)
      if (!Number.isFinite(seg.k + seg.ll + seg.rr + seg.lr + seg.l + seg.r + seg.peak)) {
        this.runSanitized(left, right, i, end)
      }
      this.account(end - i)
      i = end
    }
  }

  /**
   * The per-sample work on `[start, end)`: K-weighted energy and plain sums (energies, cross term,
   * means, peak) into `this.seg`. Stereo runs the two-lane kernel; mono runs the scalar filter and
   * one loop for the sums of the single channel `left`. (Stereo reads the chunk loaded into the
   * kernel.)
   */
  private runSegment(left: Float32Array, start: number, end: number): void {
    const seg = this.seg
    if (this.kernel) {
      this.kernel.run(start, end, seg)
      return
    }
    seg.k = kWeightedEnergy(left, start, end, this.k, this.z, 0)
    let ll = 0
    let sl = 0
    let pk = 0
    for (let i = start; i < end; i++) {
      const l = left[i] as number
      ll += l * l
      sl += l
      pk = Math.max(pk, Math.abs(l))
    }
    seg.ll = ll
    seg.l = sl
    seg.peak = pk
    seg.rr = 0
    seg.lr = 0
    seg.r = 0
  }

  private saveFilters(): void {
    if (this.kernel) this.kernel.save()
    else this.zSaved.set(this.z)
  }

  /**
   * Slow path for a segment holding NaN or ±Infinity (a decoder bug, but every output must stay
   * finite): restore the filter memory from before the segment, zero the non-finite samples and
   * run the segment again.
   */
  private runSanitized(left: Float32Array, right: Float32Array, start: number, end: number): void {
    const len = end - start
    if (this.scratchL.length < len) {
      this.scratchL = new Float32Array(len)
      this.scratchR = new Float32Array(len)
    }
    const sl = this.scratchL
    const sr = this.scratchR
    for (let i = 0; i < len; i++) {
      const l = left[start + i] as number
      const r = right[start + i] as number
      sl[i] = Number.isFinite(l) ? l : 0
      sr[i] = Number.isFinite(r) ? r : 0
    }
    if (this.kernel) {
      this.kernel.restore()
      this.kernel.load(sl.subarray(0, len), sr.subarray(0, len))
      this.runSegment(sl, 0, len)
      this.kernel.load(left, right) // back to the chunk for the segments that follow
    } else {
      this.z.set(this.zSaved)
      this.runSegment(sl, 0, len)
    }
  }

  /** Adds the last segment (`len` samples) to the sub-block, frame, window and track accumulators. */
  private account(len: number): void {
    const seg = this.seg
    const raw = seg.ll + seg.rr
    // 100 ms sub-block.
    this.subK += seg.k
    this.subRaw += raw
    this.subPos += len
    if (this.subPos === this.subLen) {
      this.blocks.pushSubBlock(this.subK, this.subRaw)
      this.subPos = 0
      this.subK = 0
      this.subRaw = 0
    }
    // Silence frame: energy of the mono mix m = (L + R)/2 is (ΣL² + ΣR² + 2ΣLR)/4.
    this.frameMono += this.kernel ? 0.25 * (raw + 2 * seg.lr) : seg.ll
    this.frameRaw += raw
    this.framePos += len
    if (this.framePos === this.frameLen) this.closeFrame()
    // 1 s window.
    this.winRaw += raw
    if (seg.peak > this.winPeak) this.winPeak = seg.peak
    this.winPos += len
    if (this.winPos === this.winTarget) this.closeWindow()
    // Whole track.
    if (seg.peak > this.peak) this.peak = seg.peak
    const s = this.sums
    s.n += len
    s.sumL += seg.l
    s.sumR += seg.r
    s.sumLL += seg.ll
    s.sumRR += seg.rr
    s.sumLR += seg.lr
  }

  private closeFrame(): void {
    const len = this.framePos
    const monoMs = this.frameMono / len
    const channelMs = this.frameRaw / (this.channels * len)
    this.frames++
    if (monoMs < SILENCE_MEAN_SQUARE) this.silentFrames++
    if (monoMs >= SILENCE_MEAN_SQUARE || channelMs >= SILENCE_MEAN_SQUARE) this.nonSilentFrames++
    this.framePos = 0
    this.frameMono = 0
    this.frameRaw = 0
  }

  private closeWindow(): void {
    this.windows.push(this.winPeak, this.winRaw / (this.channels * this.winPos))
    this.windowsClosed++
    this.winTarget = this.winLen
    this.winPos = 0
    this.winRaw = 0
    this.winPeak = 0
  }

  /**
   * The eight values. Trailing partial units: a partial 100 ms sub-block is not measured (as ffmpeg);
   * a partial silence frame or 1 s window counts when it is at least half as long as a full one, or
   * when it is the only one (the leading half-second window always counts). Call once, after the last
   * push.
   */
  finish(): Record<Keys, number> {
    if (this.framePos > 0 && (2 * this.framePos >= this.frameLen || this.frames === 0)) this.closeFrame()
    if (this.winPos > 0 && (2 * this.winPos >= this.winLen || this.windowsClosed === 0)) this.closeWindow()

    const s = this.sums
    const mono = this.channels === 1
    // Crest: RMS over the absolute-gated blocks; a track too short or quiet for any gated block
    // falls back to its whole-track RMS.
    let meanSquare = this.blocks.gatedRawMeanSquare() / this.channels
    if (!(meanSquare > 0) && s.n > 0) meanSquare = (s.sumLL + s.sumRR) / (this.channels * s.n)

    const out: Record<Keys, number> = {
      lufs: this.blocks.integrated(),
      crest_db: crestDb(this.peak, meanSquare),
      silence_ratio: silenceRatio(this.silentFrames, this.frames),
      dynamic_range_variation_db: this.windows.variationDb(),
      loudness_range_lu: this.blocks.range(),
      peak_consistency: this.windows.peakConsistency(),
      stereo_width: mono ? 0 : stereoWidth(s),
      phase_correlation: mono ? 1 : phaseCorrelation(s),
    }
    for (const k of Object.keys(out) as Keys[]) if (!Number.isFinite(out[k])) out[k] = k === 'lufs' ? -70 : 0
    return out
  }

  /**
   * The sample peak in dBFS: 20·log10 of the largest absolute sample of either channel (the peak of
   * `crest_db`); null for digital silence. Call after the last push.
   */
  peakDbfs(): number | null {
    return this.peak > 0 && Number.isFinite(this.peak) ? 20 * Math.log10(this.peak) : null
  }
}
