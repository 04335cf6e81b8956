/**
 * Dynamics that are not loudness: the crest factor of the whole track and the variation over
 * non-overlapping 1 s windows (`dynamic_range_variation_db`, `peak_consistency`).
 *
 * The sums (peaks, energies) are accumulated in `TimeDomainStage`'s single pass; this module turns
 * them into the spec's values.
 */
import { Float64List } from './loudness'
import { SILENCE_MEAN_SQUARE } from './stage'

/**
 * Crest factor in dB: `20·log10(peak / rms)` with `rms = √meanSquare`. Peak is the largest absolute
 * sample (decoded music can exceed 1.0 and is kept as is). A full-scale sine gives 3.01 dB. 0 when
 * there is no energy (nothing to compare the peak with).
 */
export function crestDb(peak: number, meanSquare: number): number {
  if (!(meanSquare > 0) || !(peak > 0)) return 0
  return 20 * Math.log10(peak) - 10 * Math.log10(meanSquare)
}

/**
 * Statistics of non-overlapping 1 s windows. A window is one second of both channels; its peak is the
 * largest absolute sample of either channel and its mean square is taken over both channels (the
 * same definitions as the track's crest factor). Windows whose RMS is below −60 dBFS are silent and
 * left out. The caller decides what a window is (see `TimeDomainStage`: a grid of whole seconds
 * offset by half a second, so a leading 0.5 s window, and a trailing part of at least 0.5 s, or of any
 * length when the track is shorter than that).
 */
export class WindowStats {
  private readonly crests = new Float64List(256)
  private readonly peaks = new Float64List(256)

  /** Adds one window; ignored when silent. */
  push(peak: number, meanSquare: number): void {
    if (!(meanSquare >= SILENCE_MEAN_SQUARE)) return
    this.crests.push(crestDb(peak, meanSquare))
    this.peaks.push(peak)
  }

  /** Number of non-silent windows so far. */
  get count(): number {
    return this.crests.length
  }

  /** `dynamic_range_variation_db`: population standard deviation of the windows' crest factors (dB). */
  variationDb(): number {
    return std(this.crests.view()).std
  }

  /**
   * `peak_consistency`: `1 / (1 + CV)` of the windows' sample peaks, CV = std / mean (population std).
   * A steady tone gives 1; 0 when there is no non-silent window.
   */
  peakConsistency(): number {
    const { mean, std: s } = std(this.peaks.view())
    if (!(mean > 0)) return 0
    return 1 / (1 + s / mean)
  }
}

/** Mean and population standard deviation (two-pass, so a constant series gives exactly 0). */
function std(x: Float64Array): { mean: number; std: number } {
  const n = x.length
  if (n === 0) return { mean: 0, std: 0 }
  let sum = 0
  for (const v of x) sum += v
  const mean = sum / n
  let ss = 0
  for (const v of x) ss += (v - mean) * (v - mean)
  return { mean, std: Math.sqrt(ss / n) }
}
