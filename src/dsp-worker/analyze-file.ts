/**
 * One file in, its fingerprint and metadata out: decode (streaming, see `decode.ts`) straight into the
 * streaming analyzer, so decoding and analysis share one pass and one small set of chunk buffers.
 */
import { ANALYSIS_VERSION, DIMENSION_KEYS, type Fingerprint, type FingerprintResult } from '../shared/dimensions'
import { createAnalyzer, type StreamingAnalyzer } from './analysis/index'
import { type DecodeOptions, type DecodeResult, decodeFile } from './decode'
import { toAnalysisError } from './errors'

type AnalyzeOptions = DecodeOptions & {
  /** Called after every decoded chunk, inside the decode loop (the worker checks that its parent lives). */
  onChunk?: () => void
}

/** Fingerprints the audio file at `path`. Throws AnalysisError (with its code) on any failure. */
export async function analyzeFile(path: string, options: AnalyzeOptions = {}): Promise<FingerprintResult> {
  const t0 = performance.now()
  let analyzer: StreamingAnalyzer | null = null
  try {
    const d = await decodeFile(
      path,
      ({ sampleRate, channels }) => {
        const a = createAnalyzer(sampleRate, channels)
        analyzer = a
        const onChunk = options.onChunk
        return onChunk
          ? (l, r) => {
              a.push(l, r)
              onChunk()
            }
          : (l, r) => a.push(l, r)
      },
      options,
    )
    const out = (analyzer as StreamingAnalyzer | null)?.finish()
    if (!out) throw new Error('the decoder delivered no format')
    return {
      fingerprint: inCanonicalOrder(out.fingerprint),
      ...metadata(d),
      analysisVersion: ANALYSIS_VERSION,
      analysisMs: Math.round(performance.now() - t0),
      silent: out.silent,
      peakDbfs: out.peakDbfs,
      timbre: Array.from(out.timbre),
    }
  } catch (err) {
    throw toAnalysisError(err)
  }
}

/** The 25 values keyed in the spec's order (JSON output and stored rows read in that order). */
function inCanonicalOrder(fp: Fingerprint): Fingerprint {
  const out = {} as Fingerprint
  for (const k of DIMENSION_KEYS) out[k] = fp[k]
  return out
}

function metadata(d: DecodeResult): Pick<FingerprintResult, 'durationSec' | 'sampleRate' | 'channels' | 'codec'> {
  return {
    durationSec: d.frames / d.probe.sampleRate,
    sampleRate: d.probe.sampleRate,
    channels: d.probe.channels,
    codec: d.probe.codec,
  }
}

interface DecodeOnlyResult extends DecodeResult {
  /** RMS of each delivered channel over the whole file (a cheap check that real audio came out). */
  rms: [number, number]
  peak: number
  decodeMs: number
}

/**
 * Decodes without analysing (benchmarks, format tests): the frames, the RMS per channel and the peak.
 * `measure: false` skips the level measurement (pure decoding time; rms and peak are then 0).
 */
export async function decodeOnly(
  path: string,
  options: DecodeOptions & { measure?: boolean } = {},
): Promise<DecodeOnlyResult> {
  const t0 = performance.now()
  let sl = 0
  let sr = 0
  let peak = 0
  try {
    const d = await decodeFile(
      path,
      () => {
        sl = 0
        sr = 0
        peak = 0
        return (l, r) => {
          if (options.measure === false) return
          let a = 0
          let b = 0
          let p = peak
          for (let i = 0; i < l.length; i++) {
            const x = l[i] as number
            const y = r[i] as number
            a += x * x
            b += y * y
            const m = Math.max(Math.abs(x), Math.abs(y))
            if (m > p) p = m
          }
          sl += a
          sr += b
          peak = p
        }
      },
      options,
    )
    const rms: [number, number] = [Math.sqrt(sl / d.frames), Math.sqrt(sr / d.frames)]
    return { ...d, rms, peak, decodeMs: performance.now() - t0 }
  } catch (err) {
    throw toAnalysisError(err)
  }
}
