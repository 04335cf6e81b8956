/**
 * The fingerprint analysis: decoded PCM in, the 25 values of `docs/fingerprint.md` out.
 *
 * Streaming: the decoder pushes planar chunks as they arrive, so a 60-minute file never has to sit
 * in memory whole. Each group of dimensions is a stage (see `stage.ts`); the orchestrator computes
 * the mono mix once per chunk and hands the same chunk to every stage:
 * - `time-domain.ts` — lufs, crest_db, silence_ratio, the 1 s window variation, the stereo image [full];
 * - `spectral.ts` — the seven bands, bass_mid_ratio_db, centroid/roll-off/flatness [full], and the
 *   timbre descriptor beside the 25 (`timbre.ts`: a Gaussian over mel-cepstra of the same frames);
 * - `path22k.ts` — resampling to 22 050 Hz (`resample.ts`) and the shared STFT feeding rhythm
 *   (`rhythm.ts`: tempo, pulse clarity, transient density) and harmony (`harmony.ts`) [22k].
 * Every stage is chunk-size independent: the same samples give the same values however they are split.
 * Timing per stage: `node scripts/profile-analysis.mjs [seconds | FILE]`.
 */
import { DIMENSION_KEYS, type Fingerprint } from '../../shared/dimensions'
import { TIMBRE_LENGTH } from '../../shared/timbre'
import { Path22kStage } from './path22k'
import { SpectralStage } from './spectral'
import { everyDimension } from './stage'
import { TimeDomainStage } from './time-domain'

interface AnalysisOutput {
  fingerprint: Fingerprint
  /** True when no frame was above −60 dBFS: every value is 0 except lufs (−70). */
  silent: boolean
  /** Sample peak of either channel in dBFS (null for digital silence); see TimeDomainStage.peakDbfs. */
  peakDbfs: number | null
  /** The mel-cepstral Gaussian (`timbre.ts`, TIMBRE_LENGTH values; all 0 when silent). */
  timbre: Float32Array
}

export interface StreamingAnalyzer {
  /** Feed the next chunk (see AnalysisStage.push for the contract; pass the same array twice for mono). */
  push(left: Float32Array, right: Float32Array): void
  finish(): AnalysisOutput
}

/** Creates an analyzer for audio at `sampleRate` Hz with `channels` channels (1 or 2 after down-mix). */
export function createAnalyzer(sampleRate: number, channels: 1 | 2): StreamingAnalyzer {
  const timeDomain = new TimeDomainStage(sampleRate, channels)
  const spectral = new SpectralStage(sampleRate)
  const stages = everyDimension([timeDomain, spectral, new Path22kStage(sampleRate)])
  let mono = new Float32Array(0)
  return {
    push(left, right) {
      const n = left.length
      if (right.length !== n) throw new Error('left and right chunks differ in length')
      if (mono.length < n) mono = new Float32Array(n)
      const m = mono.length === n ? mono : mono.subarray(0, n)
      if (left === right) m.set(left)
      else for (let i = 0; i < n; i++) m[i] = 0.5 * ((left[i] as number) + (right[i] as number))
      for (const s of stages) s.push(left, right, m)
    },
    finish() {
      const fingerprint = {} as Fingerprint
      for (const s of stages) Object.assign(fingerprint, s.finish())
      const silent = timeDomain.nonSilentFrames === 0
      if (silent) for (const k of DIMENSION_KEYS) fingerprint[k] = k === 'lufs' ? -70 : 0
      for (const k of DIMENSION_KEYS) {
        const v = fingerprint[k]
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`analysis produced a non-finite ${k}: ${v}`)
      }
      const timbre = silent ? new Float32Array(TIMBRE_LENGTH) : spectral.timbre.finish()
      for (const v of timbre)
        if (!Number.isFinite(v)) throw new Error(`analysis produced a non-finite timbre value: ${v}`)
      return { fingerprint, silent, peakDbfs: timeDomain.peakDbfs(), timbre }
    },
  }
}

/** Analyses whole in-memory buffers, feeding them in chunks of `chunkSize` samples. */
export function analyzeBuffers(
  sampleRate: number,
  left: Float32Array,
  right: Float32Array = left,
  chunkSize = 1 << 16,
): AnalysisOutput {
  const isMono = left === right
  const a = createAnalyzer(sampleRate, isMono ? 1 : 2)
  for (let i = 0; i < left.length; i += chunkSize) {
    const end = Math.min(left.length, i + chunkSize)
    const l = left.subarray(i, end)
    a.push(l, isMono ? l : right.subarray(i, end))
  }
  return a.finish()
}
