/**
 * Decoding: a path in, float32 planar chunks at the file's native sample rate out (first two channels),
 * pushed to a sink so that no file ever has to sit in memory whole when it need not.
 *
 * Which decoder reads a file (`decoder: 'auto'`, the default):
 * 1. WAV and AIFF PCM: parsed and streamed from disk by our own reader (`wav.ts`, `aiff.ts`, `pcm.ts`),
 *    no decoder at all — the fastest path, constant memory.
 * 2. Compressed audio: FFmpeg's libraries in process (`libav.ts`, the optional addon built from
 *    `native/libav-decoder.c`) when they are built, streamed chunk by chunk into the analysis in the
 *    worker's own thread — the same samples as the ffmpeg command line (libav.test.ts), without its
 *    start-up and pipe. A file it cannot open, or whose sample rate or channel count differs from the
 *    probe's or changes midway, goes on to 3.
 * 3. ffmpeg, streamed (`ffmpeg.ts`), when it is installed — constant memory whatever the length, and a
 *    flat RSS over thousands of files; clips up to `IN_MEMORY_LIMIT_BYTES` decoded go to
 *    node-web-audio-api in memory instead.
 * 4. Without ffmpeg, node-web-audio-api decodes what it can read from a buffer (FLAC, MP3, Ogg Vorbis,
 *    AAC/M4A with `moov` first) whole, in memory (≈ 3-4× the decoded size at its peak: a 60-minute file
 *    needs ≈ 2 GB); the rest (Opus, M4A with `moov` at the end, compressed AIFF-C/WAV, Ogg FLAC) fails
 *    with 'decoder_missing'.
 * If node-web-audio-api rejects a file, ffmpeg gets a second try before the file is called corrupt.
 *
 * One worker, one core: the pool runs one worker per core, so a worker must not keep more than one
 * core busy or N workers cannot scale N× (they only take CPU from each other). The PCM reader and the
 * in-process decoder run in the worker's thread, so decoding and analysis simply alternate. Measured
 * on 4 minutes of 44.1 kHz stereo (`npm run bench:dsp`, CPU ms of the fingerprint, decoding included):
 * in process FLAC 646, MP3 616, Ogg 554, AAC 543 (372-442× realtime); through the ffmpeg command line
 * 869-911 (264-276×), of which ≈ 80 ms is ffmpeg's start-up (it links 215 shared libraries) and
 * ≈ 100 ms on each side is the 84 MB pipe. Through the command line, ffmpeg's output is analysed in
 * 2 MiB blocks (`BLOCK_FRAMES` in ffmpeg.ts) and ffmpeg blocks on the full pipe meanwhile, so the two
 * take turns rather than run side by side (still ≈ 1.14 cores per worker: the worker reads the pipe
 * while ffmpeg writes). Options weighed for the command line before the addon existed:
 * - pipe back-pressure with large blocks (chosen): one continuous ffmpeg run, so sample-exact by
 *   construction (ffmpeg.test.ts compares it with ffmpeg's own decode), the same on every platform,
 *   2 MiB of memory;
 * - SIGSTOP/SIGCONT around each block: would remove the last ≈ 10 % (≈ 3 % of a job), but a worker
 *   killed by the pool's timeout would leave a stopped ffmpeg behind, and Windows has no equivalent;
 * - an ffmpeg per segment (-ss/-t): ≈ 0.15 s CPU of start-up per segment, and Vorbis/MP3/AAC seeking
 *   is not sample-exact (pre-roll, encoder delay), so segments would need overlap and trimming;
 * - in-process WebAssembly decoders: @wasm-audio-decoders/ogg-vorbis runs at ≈ 185× realtime (slower
 *   than ffmpeg); node-web-audio-api at ≈ 500× but only whole files in memory (see
 *   IN_MEMORY_LIMIT_BYTES), and 1.0.9 has no streaming decode (decodeAudioData only).
 *
 * Garbage is never analysed: a file that decodes to no samples is 'corrupt', so is one of which less than
 * a tenth of the declared length decodes (frames wiped or damaged), and one that decodes to nothing but
 * digital zeros while the decoder reported errors or delivered less than half of the
 * length the container declares. A file of true digital silence decodes cleanly to its full length and
 * passes (the analysis flags it `silent`).
 */
import { stat } from 'node:fs/promises'
import { AnalysisError } from './errors'
import { decodeWithFfmpeg, FFMPEG_MISSING_HINT, findFfmpeg } from './ffmpeg'
import { type FileSource, openFileSource } from './file-source'
import { decodeWithLibav, LibavRetry, libavStatus, loadLibav, openLibav } from './libav'
import { type PcmSink, streamPcm } from './pcm'
import { type ProbeResult, probe } from './probe'
import { decodeWithWebAudio, WebAudioDecodeError } from './webaudio'

export type DecoderChoice = 'auto' | 'libav' | 'webaudio' | 'ffmpeg'
export type DecoderUsed = 'pcm' | 'libav' | 'webaudio' | 'ffmpeg'

/**
 * Largest decoded size (float32, all channels) decoded in memory by node-web-audio-api when ffmpeg is
 * there to stream instead: 8 MiB ≈ 24 s of 44.1 kHz stereo (clips, where starting ffmpeg would cost more
 * than decoding). Measured in a worker over the dev corpus (`npm run bench:dsp`, and 45 files in a row):
 * decodeAudioData peaks at ≈ 3-4× the decoded size and glibc keeps much of it afterwards — with 4-7
 * minute tracks in memory RSS reached 300-540 MB, with ≤ 95 s tracks it still crept 160 → 230 MB even
 * with a GC after every file — while ffmpeg streaming stayed at 90-115 MB. ffmpeg streaming costs
 * ≈ 1.1-1.6× the CPU of an in-memory decode (section 1 of the benchmark). Override with
 * SOUNDPRINT_IN_MEMORY_MB.
 */
export const IN_MEMORY_LIMIT_BYTES = 8 * 1024 * 1024

/**
 * Below this share of the length the container declares, what decoded is a fragment, not the track:
 * the file is called corrupt rather than fingerprinted (a file cut in half still counts as audio).
 */
export const MIN_DECODED_SHARE = 0.1

/** Sample rates the spec covers. */
export const MIN_SAMPLE_RATE = 8000
export const MAX_SAMPLE_RATE = 192000

export interface DecodeOptions {
  /** 'auto' (default) picks per file as described above; the others force a decoder where possible. */
  decoder?: DecoderChoice
  /** Override of IN_MEMORY_LIMIT_BYTES. */
  inMemoryLimitBytes?: number
}

export interface DecodeFormat {
  sampleRate: number
  /** Channels delivered to the sink: 1 (mono, right === left) or 2. */
  channels: 1 | 2
}

export interface DecodeResult {
  probe: ProbeResult
  /** Frames delivered to the sink. */
  frames: number
  decoder: DecoderUsed
}

function inMemoryLimitFromEnv(): number | null {
  const mb = Number(process.env.SOUNDPRINT_IN_MEMORY_MB)
  return process.env.SOUNDPRINT_IN_MEMORY_MB && Number.isFinite(mb) && mb >= 0 ? mb * 1024 * 1024 : null
}

/** Reads the decoder choice from SOUNDPRINT_DECODER (auto | libav | webaudio | ffmpeg). */
export function decoderFromEnv(env: NodeJS.ProcessEnv = process.env): DecoderChoice {
  const v = env.SOUNDPRINT_DECODER
  return v === 'libav' || v === 'webaudio' || v === 'ffmpeg' ? v : 'auto'
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
    const { decoder, warnings } = await runDecoder(src, path, info, sink, () => delivered, restart, options)
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

async function runDecoder(
  src: FileSource,
  path: string,
  info: ProbeResult,
  sink: PcmSink,
  delivered: () => number,
  restart: () => void,
  options: DecodeOptions,
): Promise<{ decoder: DecoderUsed; warnings: string }> {
  const choice = options.decoder ?? 'auto'
  const ffmpeg = findFfmpeg()
  // PCM is read directly unless another decoder is asked for by name and present.
  if (info.pcm && !(choice === 'ffmpeg' && ffmpeg) && !(choice === 'libav' && loadLibav())) {
    await streamPcm(src, info.pcm, sink)
    return { decoder: 'pcm', warnings: '' }
  }
  if (choice === 'auto' || choice === 'libav') {
    const used = runLibav(path, info, sink, () => delivered() > 0 && restart(), choice === 'libav')
    if (used) return used
  }
  const viaFfmpeg = async (): Promise<{ decoder: DecoderUsed; warnings: string }> => {
    if (!ffmpeg)
      throw new AnalysisError('decoder_missing', `${nameOf(info)} needs ffmpeg to decode: ${FFMPEG_MISSING_HINT}`)
    const r = await decodeWithFfmpeg(ffmpeg, path, info.sampleRate, info.channels, sink)
    return { decoder: 'ffmpeg', warnings: r.errors }
  }
  const decodedBytes = (Number.isFinite(info.frames) ? info.frames * info.channels : src.size * 6) * 4
  const tooBig = decodedBytes > (options.inMemoryLimitBytes ?? inMemoryLimitFromEnv() ?? IN_MEMORY_LIMIT_BYTES)
  const useWebAudio = info.webAudio && (!ffmpeg || choice === 'webaudio' || (choice === 'auto' && !tooBig))
  if (!useWebAudio) return viaFfmpeg()
  try {
    await decodeWithWebAudio(path, info.sampleRate, sink)
    return { decoder: 'webaudio', warnings: '' }
  } catch (err) {
    if (!(err instanceof WebAudioDecodeError) || delivered() > 0) throw err
    if (ffmpeg) return viaFfmpeg()
    if (err.unsupported)
      throw new AnalysisError(
        'decoder_missing',
        `${nameOf(info)} cannot be decoded without ffmpeg (node-web-audio-api: ${err.message}): ${FFMPEG_MISSING_HINT}`,
      )
    throw new AnalysisError('corrupt', `the audio data cannot be decoded (${err.message})`)
  }
}

/**
 * The in-process decoder (libav.ts), when it is built and takes the file at the rate and channel count
 * the probe found: null otherwise (after `restart` when it gave up midway), so the caller
 * goes on to the ffmpeg command line or node-web-audio-api. `required`: no fallback, its error is final.
 */
function runLibav(
  path: string,
  info: ProbeResult,
  sink: PcmSink,
  restart: () => unknown,
  required: boolean,
): { decoder: DecoderUsed; warnings: string } | null {
  const addon = loadLibav()
  if (!addon) {
    if (required) throw new AnalysisError('decoder_missing', libavStatus())
    return null
  }
  try {
    const stream = openLibav(addon, path)
    if (stream.sampleRate !== info.sampleRate || Math.min(stream.channels, 2) !== Math.min(info.channels, 2)) {
      addon.close(stream.handle)
      throw new LibavRetry(
        `the decoder reports ${stream.sampleRate} Hz × ${stream.channels} where the file declares ${info.sampleRate} Hz × ${info.channels}`,
      )
    }
    const r = decodeWithLibav(addon, stream, sink)
    return { decoder: 'libav', warnings: r.errors }
  } catch (err) {
    if (!(err instanceof LibavRetry)) throw err
    if (required) throw new AnalysisError('corrupt', `the audio data cannot be decoded (${err.message})`)
    restart()
    return null
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

function nameOf(info: ProbeResult): string {
  const names: Record<string, string> = {
    opus: 'Opus audio',
    vorbis: 'Ogg Vorbis audio',
    aac: 'AAC audio',
    alac: 'Apple Lossless audio',
    flac: 'FLAC audio',
    mp3: 'MP3 audio',
  }
  const what = names[info.codec] ?? `${info.format.toUpperCase()} audio (${info.codec})`
  return info.format === 'mp4' && !info.webAudio ? `${what} in an MP4 file with its index ("moov") at the end` : what
}

function formatSec(s: number): string {
  return Number.isFinite(s) ? `${s.toFixed(1)} s` : 'an unknown length'
}
