/**
 * The decoder registry: every decoder, in the order the automatic choice tries them, and the cascade
 * that picks one per file. This list is the one source of the decoder names: SOUNDPRINT_DECODER,
 * `fingerprint --decoder`, its help text and `npm run bench:dsp` all read it. Adding a decoder is one
 * file implementing `Decoder` (decoder.ts) plus one line in DECODERS.
 *
 * The automatic choice takes, for each file, the first decoder that is present and accepts the probed
 * file; one that declines (DecoderDeclined) hands the file on to the next. A whole-file (in-memory)
 * decoder is passed over for a file that would decode to more than the in-memory limit while a
 * streaming decoder after it could take the file. Naming a decoder puts it first, ahead of the
 * automatic order. Why this order, with measurements: docs/decoding.md.
 */
import { AnalysisError } from '../errors'
import type { ProbeResult } from '../probe'
import { bundledFfmpegDecoder } from './bundled-ffmpeg'
import { type DecodeJob, type Decoder, DecoderDeclined } from './decoder'
import { FFMPEG_MISSING_HINT, ffmpegDecoder } from './ffmpeg'
import { libavDecoder } from './libav'
import { pcmDecoder } from './pcm'
import { webAudioDecoder } from './webaudio'

export const DECODERS = [pcmDecoder, libavDecoder, webAudioDecoder, ffmpegDecoder, bundledFfmpegDecoder] as const

export type DecoderName = (typeof DECODERS)[number]['name']
export type DecoderChoice = 'auto' | DecoderName
export const DECODER_NAMES: readonly DecoderName[] = DECODERS.map((d) => d.name)

/**
 * Largest decoded size (float32, all channels) given to a whole-file decoder while a streaming one
 * could take the file: 8 MiB ≈ 24 s of 44.1 kHz stereo (clips, where starting ffmpeg would cost more
 * than decoding). decodeAudioData peaks at ≈ 3-4× the decoded size (docs/decoding.md). Override with
 * SOUNDPRINT_IN_MEMORY_MB.
 */
const IN_MEMORY_LIMIT_BYTES = 8 * 1024 * 1024

export function isDecoderChoice(v: string): v is DecoderChoice {
  return v === 'auto' || (DECODER_NAMES as readonly string[]).includes(v)
}

/** The decoder choice from SOUNDPRINT_DECODER ('auto' when unset or not a decoder's name). */
export function decoderFromEnv(env: NodeJS.ProcessEnv = process.env): DecoderChoice {
  const v = env.SOUNDPRINT_DECODER
  return v && isDecoderChoice(v) ? v : 'auto'
}

/** The choices as one line, e.g. "auto, pcm, libav, webaudio or ffmpeg". */
export function decoderChoicesText(): string {
  const all = ['auto', ...DECODER_NAMES]
  return `${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}`
}

/** One indented line per decoder (name and what it is), for help texts. */
export function decoderHelpLines(indent: string): string {
  const width = Math.max(...DECODER_NAMES.map((n) => n.length))
  return DECODERS.map((d) => `${indent}${d.name.padEnd(width)}  ${d.description}`).join('\n')
}

/** Every decoder with whether it can run here: for benchmarks and diagnostics. */
export function decoderStatus(): Array<
  Pick<Decoder, 'description' | 'memory'> & { name: DecoderName; unavailable: string | null }
> {
  return DECODERS.map((d) => ({
    name: d.name,
    description: d.description,
    memory: d.memory,
    unavailable: d.unavailable(),
  }))
}

function inMemoryLimitFromEnv(): number | null {
  const mb = Number(process.env.SOUNDPRINT_IN_MEMORY_MB)
  return process.env.SOUNDPRINT_IN_MEMORY_MB && Number.isFinite(mb) && mb >= 0 ? mb * 1024 * 1024 : null
}

export interface CascadeOptions {
  /** 'auto' (default) or the name of the decoder to try first. */
  decoder?: DecoderChoice
  /** Override of IN_MEMORY_LIMIT_BYTES. */
  inMemoryLimitBytes?: number
}

/** The decoders to try for this file, in order (see the comment at the top). */
export function decoderOrder(info: ProbeResult, fileBytes: number, options: CascadeOptions = {}): Decoder[] {
  const limit = options.inMemoryLimitBytes ?? inMemoryLimitFromEnv() ?? IN_MEMORY_LIMIT_BYTES
  const decodedBytes = (Number.isFinite(info.frames) ? info.frames * info.channels : fileBytes * 6) * 4
  const usable: Decoder[] = DECODERS.filter((d) => d.unavailable() === null && d.accepts(info))
  const auto = usable.filter(
    (d, i) =>
      !(d.memory === 'whole-file' && decodedBytes > limit && usable.slice(i + 1).some((n) => n.memory === 'stream')),
  )
  const choice = options.decoder ?? 'auto'
  if (choice === 'auto') return auto
  const named: Decoder | undefined = DECODERS.find((d) => d.name === choice)
  if (!named) throw new AnalysisError('internal', `no decoder is called "${choice}"`)
  const why = named.unavailable()
  // WAV/AIFF PCM needs no decoder: it is read directly when the one asked for is absent.
  if (why !== null && !info.pcm)
    throw new AnalysisError('decoder_missing', `the ${named.name} decoder is not available: ${why}`)
  return why === null && named.accepts(info) ? [named, ...auto.filter((d) => d !== named)] : auto
}

/**
 * Decodes the file with the first decoder in `decoderOrder` that does not decline it. `delivered`
 * counts the frames the sink has received; `restart` starts the sink over (called before the next
 * decoder when one declined after delivering samples). Throws AnalysisError.
 */
export async function decodeWithRegistry(
  job: DecodeJob,
  delivered: () => number,
  restart: () => void,
  options: CascadeOptions = {},
): Promise<{ decoder: DecoderName; warnings: string }> {
  let declined: { decoder: Decoder; error: DecoderDeclined } | null = null
  for (const decoder of decoderOrder(job.info, job.src.size, options)) {
    if (delivered() > 0) restart()
    try {
      const { warnings } = await decoder.decode(job)
      return { decoder: decoder.name as DecoderName, warnings }
    } catch (err) {
      if (!(err instanceof DecoderDeclined)) throw err
      declined = { decoder, error: err }
    }
  }
  const what = nameOf(job.info)
  if (!declined) throw new AnalysisError('decoder_missing', `${what} needs ffmpeg to decode: ${FFMPEG_MISSING_HINT}`)
  const { decoder, error } = declined
  if (!error.unsupported) throw new AnalysisError('corrupt', `the audio data cannot be decoded (${error.message})`)
  throw new AnalysisError(
    'decoder_missing',
    `${what} cannot be decoded without ffmpeg (${decoder.name}: ${error.message}): ${FFMPEG_MISSING_HINT}`,
  )
}

/** What the file holds, for messages: "Opus audio", "AAC audio in an MP4 file with its index … at the end". */
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
  return info.indexAtEnd ? `${what} in an MP4 file with its index ("moov") at the end` : what
}
