/**
 * Time-domain dimensions, all from one streaming pass over the samples at the native rate `[full]`:
 * - `lufs`, `loudness_range_lu` — BS.1770-4 / EBU R128 / Tech 3342 (`loudness.ts`);
 * - `crest_db` — peak of either channel over the RMS of both channels in the 400 ms blocks that pass
 *   the −70 LUFS absolute gate (`dynamics.ts`);
 * - `dynamic_range_variation_db`, `peak_consistency` — over non-silent non-overlapping 1 s windows
 *   (`dynamics.ts`);
 * - `silence_ratio` — ≈ 46 ms frames of the mono mix (`silence.ts`);
 * - `stereo_width`, `phase_correlation` — whole-track channel sums (`stereo.ts`).
 *
 * Streaming: every accumulator lives in this object, so any chunking (down to 1 sample) gives the same
 * result. A chunk is cut into *segments* that end at the next 100 ms sub-block, silence frame or 1 s
 * window boundary; the per-sample loops (`runSegment`) have no branches on those boundaries, keep
 * their state in local variables and allocate nothing. Boundary bookkeeping then runs once per
 * segment.
 */
import { crestDb, WindowStats } from './dynamics'
import {
  type Biquad,
  K_STATE_SIZE,
  kWeightedEnergy,
  kWeightedEnergyStereo,
  kWeighting,
  LoudnessBlocks,
} from './loudness'
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

export class TimeDomainStage implements AnalysisStage<Keys> {
  /**
   * Number of ≈ 46 ms frames that are not silent. A frame counts when the mono mix OR the channels
   * (mean square over both) reach −60 dBFS: an anti-phase track (L = −R) has a silent mono mix yet is
   * plainly not a silent track (its stereo image must still be reported). The orchestrator flags the
   * track `silent` when this stays 0.
   */
  nonSilentFrames = 0

  private readonly k: { pre: Biquad; rlb: Biquad }
  // Filter states (direct form I): [x1, x2, y1, y2, k1, k2] for L, then for R.
  private readonly z = new Float64Array(2 * K_STATE_SIZE)
  private readonly zSaved = new Float64Array(2 * K_STATE_SIZE)

  // Sums of the last segment (written by runSegment).
  private segK = 0
  private segLL = 0
  private segRR = 0
  private segSS = 0
  private segL = 0
  private segR = 0
  private segPeak = 0

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
  private winRaw = 0
  private winPeak = 0
  private windowsClosed = 0
  private readonly windows = new WindowStats()

  // Whole track.
  private peak = 0
  private readonly sums: StereoSums = { n: 0, sumL: 0, sumR: 0, sumLL: 0, sumRR: 0, sumLR: 0 }
  private sumSS = 0
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
  }

  push(left: Float32Array, right: Float32Array, _mono: Float32Array): void {
    const n = left.length
    const stereo = this.channels === 2
    const R = stereo ? right : left
    let i = 0
    while (i < n) {
      const end = Math.min(
        n,
        i + this.subLen - this.subPos,
        i + this.frameLen - this.framePos,
        i + this.winLen - this.winPos,
      )
      this.zSaved.set(this.z)
      this.runSegment(left, R, i, end, stereo)
      if (!Number.isFinite(this.segK + this.segLL + this.segRR + this.segSS + this.segL + this.segR + this.segPeak)) {
        this.runSanitized(left, R, i, end, stereo)
      }
      this.account(end - i, stereo)
      i = end
    }
  }

  /**
   * The per-sample work on `[start, end)`: the K-weighted energy of the channels, then one loop for
   * the plain sums (energies, means, peak). For mono (`stereo` false) only `left` is read and the
   * sums describe that one channel. (Two tight loops beat one fused loop here: the fused loop needs
   * more live values than there are registers. A segment is at most one silence frame, ≈ 8 KB per
   * channel, so the second loop reads from L1 cache.)
   */
  private runSegment(left: Float32Array, right: Float32Array, start: number, end: number, stereo: boolean): void {
    const eK = stereo
      ? kWeightedEnergyStereo(left, right, start, end, this.k, this.z)
      : kWeightedEnergy(left, start, end, this.k, this.z, 0)
    let eLL = 0
    let eL = 0
    let pk = 0
    if (stereo) {
      let eRR = 0
      let eSS = 0
      let eR = 0
      for (let i = start; i < end; i++) {
        const l = left[i] as number
        const r = right[i] as number
        eLL += l * l
        eRR += r * r
        const s = l + r
        eSS += s * s
        eL += l
        eR += r
        pk = Math.max(pk, Math.abs(l), Math.abs(r))
      }
      this.segRR = eRR
      this.segSS = eSS
      this.segR = eR
    } else {
      for (let i = start; i < end; i++) {
        const l = left[i] as number
        eLL += l * l
        eL += l
        pk = Math.max(pk, Math.abs(l))
      }
      this.segRR = 0
      this.segSS = 0
      this.segR = 0
    }
    this.segK = eK
    this.segLL = eLL
    this.segL = eL
    this.segPeak = pk
  }

  /**
   * Slow path for a segment holding NaN or ±Infinity (a decoder bug, but every output must stay
   * finite): restore the filter states from before the segment, zero the non-finite samples and
   * run the segment again.
   */
  private runSanitized(left: Float32Array, right: Float32Array, start: number, end: number, stereo: boolean): void {
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
    this.z.set(this.zSaved)
    this.runSegment(sl, stereo ? sr : sl, 0, len, stereo)
  }

  /** Adds the last segment (`len` samples) to the sub-block, frame, window and track accumulators. */
  private account(len: number, stereo: boolean): void {
    const raw = this.segLL + this.segRR
    const pk = this.segPeak
    // 100 ms sub-block.
    this.subK += this.segK
    this.subRaw += raw
    this.subPos += len
    if (this.subPos === this.subLen) {
      this.blocks.pushSubBlock(this.subK, this.subRaw)
      this.subPos = 0
      this.subK = 0
      this.subRaw = 0
    }
    // Silence frame.
    this.frameMono += stereo ? 0.25 * this.segSS : this.segLL
    this.frameRaw += raw
    this.framePos += len
    if (this.framePos === this.frameLen) this.closeFrame()
    // 1 s window.
    this.winRaw += raw
    if (pk > this.winPeak) this.winPeak = pk
    this.winPos += len
    if (this.winPos === this.winLen) this.closeWindow()
    // Whole track.
    if (pk > this.peak) this.peak = pk
    const s = this.sums
    s.n += len
    s.sumL += this.segL
    s.sumLL += this.segLL
    if (stereo) {
      s.sumR += this.segR
      s.sumRR += this.segRR
      this.sumSS += this.segSS
    }
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
    this.winPos = 0
    this.winRaw = 0
    this.winPeak = 0
  }

  /**
   * The eight values. Trailing partial units: a partial 100 ms sub-block is not measured (as ffmpeg);
   * a partial silence frame or 1 s window counts when it is at least half as long as a full one, or
   * when it is the only one. Call once, after the last push.
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
    const stereoSums: StereoSums = mono ? s : { ...s, sumLR: 0.5 * (this.sumSS - s.sumLL - s.sumRR) }

    const out: Record<Keys, number> = {
      lufs: this.blocks.integrated(),
      crest_db: crestDb(this.peak, meanSquare),
      silence_ratio: silenceRatio(this.silentFrames, this.frames),
      dynamic_range_variation_db: this.windows.variationDb(),
      loudness_range_lu: this.blocks.range(),
      peak_consistency: this.windows.peakConsistency(),
      stereo_width: mono ? 0 : stereoWidth(stereoSums),
      phase_correlation: mono ? 1 : phaseCorrelation(stereoSums),
    }
    for (const k of Object.keys(out) as Keys[]) if (!Number.isFinite(out[k])) out[k] = k === 'lufs' ? -70 : 0
    return out
  }
}
