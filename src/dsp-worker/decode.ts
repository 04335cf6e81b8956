/**
 * Decoding: a path in, float32 planar chunks at the file's native sample rate out (first two channels),
 * pushed to a sink so that no file ever has to sit in memory whole when it need not. The file is
 * probed (probe.ts), then handed to the decoder registry (decoders/index.ts), which picks the decoder.
 * How the decoders compare, with measurements: docs/decoding.md.
 *
 * Garbage is never analysed: a file that decodes to no samples is 'corrupt', so is one of which less than
 * a tenth of the declared length decodes (frames wiped or damaged), and one that decodes to nothing but
 * digital zeros while the decoder reported errors or delivered less than half of the
 * length the container declares. A file of true digital silence decodes cleanly to its full length and
 * passes (the analysis flags it `silent`).
 */
import { stat } from 'node:fs/promises'
import { type CascadeOptions, type DecoderName, decodeWithRegistry } from './decoders/index'
import { AnalysisError } from './errors'
import { type FileSource, NotRegularFileError, openFileSource } from './file-source'
import type { PcmSink } from './pcm'
import { type ProbeResult, probe } from './probe'

/**
 * Below this share of the length the container declares, what decoded is a fragment, not the track:
 * the file is called corrupt rather than fingerprinted (a file cut in half still counts as audio).
 */
export const MIN_DECODED_SHARE = 0.1

/** Sample rates the spec covers. */
const MIN_SAMPLE_RATE = 8000
const MAX_SAMPLE_RATE = 192000

export type DecodeOptions = CascadeOptions

interface DecodeFormat {
  sampleRate: number
  /** Channels delivered to the sink: 1 (mono, right === left) or 2. */
  channels: 1 | 2
}

export interface DecodeResult {
  probe: ProbeResult
  /** Frames delivered to the sink. */
  frames: number
  decoder: DecoderName
}

/**
 * Decodes `path`, calling `open` with the output format (before any sample), then the sink it returns
 * with every chunk. `open` is called again, and the earlier sink dropped, in the rare case that a
 * decoder has to start over (the in-process decoder meeting a format change inside the stream).
 * Throws AnalysisError with the code of what went wrong.
 */
export async function decodeFile(
  path: string,
  open: (format: DecodeFormat) => PcmSink,
  options: DecodeOptions = {},
): Promise<DecodeResult> {
  const src = await openChecked(path)
  try {
    const info = await probe(src, path)
    if (info.sampleRate < MIN_SAMPLE_RATE || info.sampleRate > MAX_SAMPLE_RATE)
      throw new AnalysisError(
        'unsupported',
        `sample rate ${info.sampleRate} Hz is outside the supported ${MIN_SAMPLE_RATE / 1000}–${MAX_SAMPLE_RATE / 1000} kHz`,
      )
    const channels: 1 | 2 = info.channels >= 2 ? 2 : 1
    let target: PcmSink
    let nonZero = false
    let delivered = 0
    const restart = (): void => {
      target = open({ sampleRate: info.sampleRate, channels })
      nonZero = false
      delivered = 0
    }
    restart()
    const sink: PcmSink = (l, r) => {
      if (!nonZero) nonZero = hasNonZero(l) || (r !== l && hasNonZero(r))
      delivered += l.length
      target(l, r)
    }
    const job = { path, src, info, sink }
    const { decoder, warnings } = await decodeWithRegistry(job, () => delivered, restart, options)
    if (delivered === 0)
      throw new AnalysisError('corrupt', 'no audio could be decoded: the file is truncated or damaged')
    if (delivered < MIN_DECODED_SHARE * info.frames)
      throw new AnalysisError(
        'corrupt',
        `only ${formatSec(delivered / info.sampleRate)} of ${formatSec(info.frames / info.sampleRate)} could be decoded: the file is truncated or damaged`,
      )
    if (!nonZero && (warnings || delivered < 0.5 * info.frames))
      throw new AnalysisError(
        'corrupt',
        `the audio data is damaged: it decoded to ${warnings ? 'nothing but zeros with errors' : `only ${formatSec(delivered / info.sampleRate)} of ${formatSec(info.frames / info.sampleRate)}, all zeros`}`,
      )
    return { probe: info, frames: delivered, decoder }
  } finally {
    await src.close()
  }
}

/** stat + open with the file-system failures mapped to their codes. */
async function openChecked(path: string): Promise<FileSource> {
  try {
    const s = await stat(path)
    if (s.isDirectory()) throw new AnalysisError('unreadable', 'is a directory, not an audio file')
    if (!s.isFile()) throw new AnalysisError('unreadable', 'is not a regular file')
    if (s.size === 0) throw new AnalysisError('empty', 'the file is empty (0 bytes)')
    return await openFileSource(path)
  } catch (err) {
    if (err instanceof AnalysisError) throw err
    // Swapped for a pipe or a device since the stat above: refused without blocking.
    if (err instanceof NotRegularFileError) throw new AnalysisError('unreadable', `is ${err.message}`)
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AnalysisError('not_found', 'file not found')
    if (code === 'EACCES' || code === 'EPERM') throw new AnalysisError('unreadable', 'permission denied')
    if (code === 'EISDIR') throw new AnalysisError('unreadable', 'is a directory, not an audio file')
    throw new AnalysisError('unreadable', `cannot read the file (${(err as Error).message})`)
  }
}

function hasNonZero(x: Float32Array): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) return true
  return false
}

function formatSec(s: number): string {
  return Number.isFinite(s) ? `${s.toFixed(1)} s` : 'an unknown length'
}
