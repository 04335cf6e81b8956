/**
 * The [22k] path: the mono mix resampled to 22 050 Hz (resample.ts: anti-aliased, 0–8 kHz protected
 * by ≥ 60 dB; rates below 22 050 Hz are upsampled so the bins and frame rate never change), then one
 * shared STFT of it — frame 1024 (46.4 ms), hop 512 (23.2 ms, 43.07 frames/s), periodic Hann,
 * frames starting at sample 0 of the resampled stream — whose frames feed:
 * - the rhythm analyzer (rhythm.ts): magnitude |X[k]|, k = 0..512, and the frame's mean square;
 * - the harmony analyzer's pitch tracker (harmony.ts): power |X[k]|² and the mean square;
 * plus a finer STFT for harmony's HPSS and chroma (frame = hop = 2048, Hann; see harmony.ts).
 * Final partial frames are dropped, except that a stream shorter than one frame is zero-padded to
 * one so that very short files still get values.
 */
import { hann, RealFFT } from './fft'
import { HARMONY_FRAME, HarmonyAnalyzer } from './harmony'
import { Resampler22k, TARGET_RATE } from './resample'
import { RhythmAnalyzer } from './rhythm'
import { type AnalysisStage, sumOfSquares } from './stage'

type Keys =
  | 'tempo_bpm'
  | 'rhythm_stability'
  | 'transient_density'
  | 'harmonic_ratio'
  | 'pitch_stability'
  | 'chroma_energy'

const RATE_22K = TARGET_RATE
const FRAME_22K = 1024
const HOP_22K = 512

export class Path22kStage implements AnalysisStage<Keys> {
  private readonly rhythm = new RhythmAnalyzer(RATE_22K, FRAME_22K, HOP_22K)
  private readonly harmony = new HarmonyAnalyzer(RATE_22K)
  private readonly resampler: Resampler22k
  private readonly fft = new RealFFT(FRAME_22K)
  private readonly window = hann(FRAME_22K)
  private readonly power = new Float64Array(FRAME_22K / 2 + 1)
  private readonly magnitude = new Float32Array(FRAME_22K / 2 + 1)
  private readonly fineFft = new RealFFT(HARMONY_FRAME)
  private readonly fineWindow = hann(HARMONY_FRAME)
  private readonly finePower = new Float64Array(HARMONY_FRAME / 2 + 1)
  /** Resampled samples from absolute index `base` on. */
  private buf = new Float32Array(1 << 16)
  private len = 0
  private base = 0
  /** Absolute start of the next frame of each STFT. */
  private nextFrame = 0
  private nextFine = 0
  /** Σx² of the last 8 blocks of 512 samples (block b at index b & 7) and how many blocks are done. */
  private readonly blockSS = new Float64Array(8)
  private blocksDone = 0
  /** STFT frames produced so far (1024/512 and 2048/2048). */
  frames = 0
  fineFrames = 0

  constructor(readonly sampleRate: number) {
    this.resampler = new Resampler22k(sampleRate)
  }

  push(_left: Float32Array, _right: Float32Array, mono: Float32Array): void {
    const y = this.resampler.process(mono)
    if (y.length === 0) return
    if (this.len + y.length > this.buf.length) {
      const grown = new Float32Array(Math.max(2 * this.buf.length, this.len + y.length))
      grown.set(this.buf.subarray(0, this.len))
      this.buf = grown
    }
    this.buf.set(y, this.len)
    this.len += y.length
    const end = this.base + this.len
    // Frames of both STFTs in the order they end, so the 512-sample block energies they share are
    // computed once and needed only from a short ring.
    for (;;) {
      const endShared = this.nextFrame + FRAME_22K
      const endFine = this.nextFine + HARMONY_FRAME
      if (endShared <= end && endShared <= endFine) {
        this.blockEnergies(endShared)
        this.frame(this.nextFrame - this.base, this.blockMeanSquare(this.nextFrame, 2))
        this.nextFrame += HOP_22K
      } else if (endFine <= end) {
        this.blockEnergies(endFine)
        this.fineFrame(this.nextFine - this.base, this.blockMeanSquare(this.nextFine, 4))
        this.nextFine += HARMONY_FRAME
      } else break
    }
    const drop = Math.min(this.nextFrame, this.nextFine) - this.base
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.len)
      this.len -= drop
      this.base += drop
    }
  }

  /** Σx² of every complete 512-sample block ending at or before absolute sample `upTo`, into the ring. */
  private blockEnergies(upTo: number): void {
    const x = this.buf
    while ((this.blocksDone + 1) * HOP_22K <= upTo) {
      const start = this.blocksDone * HOP_22K - this.base
      this.blockSS[this.blocksDone & 7] = sumOfSquares(x, start, start + HOP_22K)
      this.blocksDone++
    }
  }

  /** Mean square of the `blocks` 512-sample blocks from absolute sample `start`. */
  private blockMeanSquare(start: number, blocks: number): number {
    const b = start / HOP_22K
    let ss = 0
    for (let i = 0; i < blocks; i++) ss += this.blockSS[(b + i) & 7] as number
    return ss / (blocks * HOP_22K)
  }

  private meanSquare(pos: number, n: number): number {
    return sumOfSquares(this.buf, pos, pos + n) / n
  }

  private frame(pos: number, meanSquare: number): void {
    const p = this.power
    this.fft.power(this.buf, p, this.window, pos)
    const mag = this.magnitude
    for (let k = 0; k <= FRAME_22K / 2; k++) mag[k] = Math.sqrt(p[k] as number)
    this.rhythm.pushFrame(mag, meanSquare)
    this.harmony.pushFrame(p, meanSquare)
    this.frames++
  }

  private fineFrame(pos: number, meanSquare: number): void {
    this.fineFft.power(this.buf, this.finePower, this.fineWindow, pos)
    this.harmony.pushFineFrame(this.finePower, meanSquare)
    this.fineFrames++
  }

  finish(): Record<Keys, number> {
    // Streams shorter than a frame: zero-pad what there is to one frame of each STFT.
    if (this.len > 0 && (this.frames === 0 || this.fineFrames === 0)) {
      const need = Math.max(HARMONY_FRAME, this.len)
      if (this.buf.length < need) {
        const grown = new Float32Array(need)
        grown.set(this.buf.subarray(0, this.len))
        this.buf = grown
      }
      this.buf.fill(0, this.len)
      if (this.frames === 0) this.frame(0, this.meanSquare(0, FRAME_22K))
      if (this.fineFrames === 0) this.fineFrame(0, this.meanSquare(0, HARMONY_FRAME))
    }
    return { ...this.rhythm.finish(), ...this.harmony.finish() }
  }
}
