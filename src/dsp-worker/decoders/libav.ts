/**
 * FFmpeg's decoders inside the worker: the optional Node-API addon `native/libav-decoder.c`, built by
 * `scripts/build-native.mjs` into `out/native/libav-decoder.node` when the system has FFmpeg's
 * development files. It streams planar float32 straight into the caller's chunk buffers, in the
 * worker's own thread: no ffmpeg process to start, no pipe to copy through, and no second process
 * running beside the analysis, so one worker keeps exactly one core busy (costs: docs/decoding.md).
 *
 * `SOUNDPRINT_LIBAV` overrides where the addon is looked for (a path, or "none" to go without it).
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AnalysisError } from '../errors'
import { CHUNK_FRAMES, type PcmSink } from '../pcm'
import { type Decoder, DecoderDeclined } from './decoder'

/** The addon's exports (see the comment at the top of libav-decoder.c). */
interface LibavAddon {
  ffmpegVersion: string
  open(path: string): LibavStream
  read(handle: unknown, left: Float32Array, right?: Float32Array): number
  warnings(handle: unknown): string
  close(handle: unknown): void
}

interface LibavStream {
  handle: unknown
  sampleRate: number
  /** Channels of the source (the decoder delivers the first two, or one for mono). */
  channels: number
  /** FFmpeg's decoder name, e.g. "mp3float", "vorbis", "aac". */
  codec: string
  /** Length the container declares, in frames; −1 when it declares none. */
  frames: number
}

const ADDON_FILE = 'libav-decoder.node'
let loaded: { key: string; addon: LibavAddon | null; why: string } | null = null

/** Where the addon may be: next to the built code (out/native), the sources' out/, or Electron's resources. */
function candidates(): string[] {
  const found: string[] = []
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    found.push(join(dir, 'native', ADDON_FILE), join(dir, 'out', 'native', ADDON_FILE))
    dir = dirname(dir)
  }
  const resources = (process as { resourcesPath?: string }).resourcesPath
  if (resources) found.push(join(resources, 'app.asar.unpacked', 'out', 'native', ADDON_FILE))
  return found
}

/** The loaded addon, or null (with the reason in `libavStatus()`) when it is not built or cannot load. */
export function loadLibav(env: NodeJS.ProcessEnv = process.env): LibavAddon | null {
  const override = env.SOUNDPRINT_LIBAV
  const key = override ?? ''
  if (loaded?.key === key) return loaded.addon
  let addon: LibavAddon | null = null
  let why = ''
  if (override === 'none' || override === '') why = 'disabled by SOUNDPRINT_LIBAV'
  else {
    const path = override ?? candidates().find((p) => existsSync(p))
    if (!path) why = 'not built (see scripts/build-native.mjs)'
    else
      try {
        addon = createRequire(import.meta.url)(path) as LibavAddon
      } catch (err) {
        why = `cannot load ${path}: ${(err as Error).message.split('\n')[0]}`
      }
  }
  loaded = { key, addon, why }
  return addon
}

/** One line for logs and benchmarks: which FFmpeg the worker decodes with, or why it has none. */
export function libavStatus(env: NodeJS.ProcessEnv = process.env): string {
  const addon = loadLibav(env)
  return addon ? `in-process FFmpeg ${addon.ffmpegVersion}` : `no in-process decoder: ${loaded?.why ?? ''}`
}

interface LibavDecodeResult {
  frames: number
  /** What FFmpeg logged at error level (damaged data skipped on the way); "" when clean. */
  errors: string
}

/**
 * Opens `path`; throws DecoderDeclined when the in-process decoder cannot take it (the ffmpeg command line
 * or node-web-audio-api may still: they resample, and see the file with other eyes).
 */
export function openLibav(addon: LibavAddon, path: string): LibavStream {
  try {
    // "file:" and an absolute path: a relative name such as "concat:a|b" or "http:x" is a file name here.
    return addon.open(`file:${resolve(path)}`)
  } catch (err) {
    throw new DecoderDeclined((err as Error).message, true)
  }
}

/**
 * Streams the opened file into `sink` in CHUNK_FRAMES chunks: the first two channels (right === left
 * for a mono source). Closes the stream. A change of sample rate or channel count inside the stream,
 * or a sample format the addon does not convert, throws DecoderDeclined (after samples may have been
 * delivered: the caller must start over).
 */
export function decodeWithLibav(addon: LibavAddon, stream: LibavStream, sink: PcmSink): LibavDecodeResult {
  const stereo = stream.channels >= 2
  const left = new Float32Array(CHUNK_FRAMES)
  const right = stereo ? new Float32Array(CHUNK_FRAMES) : left
  let frames = 0
  try {
    for (;;) {
      let n: number
      try {
        n = stereo ? addon.read(stream.handle, left, right) : addon.read(stream.handle, left)
      } catch (err) {
        const code = (err as { code?: string }).code
        // A format change midway, or a sample format the addon does not convert (s64): the command
        // line resamples and converts everything.
        if (code === 'FORMAT_CHANGE' || code === 'UNSUPPORTED') throw new DecoderDeclined((err as Error).message, true)
        throw new AnalysisError('corrupt', `the audio data cannot be decoded (${(err as Error).message})`)
      }
      if (n === 0) break
      if (n === CHUNK_FRAMES) sink(left, right)
      else {
        const l = left.subarray(0, n)
        sink(l, stereo ? right.subarray(0, n) : l)
      }
      frames += n
    }
    return { frames, errors: addon.warnings(stream.handle).trim() }
  } finally {
    addon.close(stream.handle)
  }
}

/**
 * The in-process decoder in the registry: it takes any compressed file, and declines one whose stream
 * differs from what the probe found (the command line resamples; this decoder does not).
 */
export const libavDecoder = {
  name: 'libav' as const,
  description: "FFmpeg's libraries in process (the optional addon), streamed",
  memory: 'stream',
  unavailable: () => (loadLibav() ? null : libavStatus()),
  accepts: () => true,
  async decode({ path, info, sink }) {
    const addon = loadLibav()
    if (!addon) throw new DecoderDeclined(libavStatus(), true)
    const stream = openLibav(addon, path)
    if (stream.sampleRate !== info.sampleRate || Math.min(stream.channels, 2) !== Math.min(info.channels, 2)) {
      addon.close(stream.handle)
      throw new DecoderDeclined(
        `the decoder reports ${stream.sampleRate} Hz × ${stream.channels} where the file declares ${info.sampleRate} Hz × ${info.channels}`,
        true,
      )
    }
    return { warnings: decodeWithLibav(addon, stream, sink).errors }
  },
} satisfies Decoder
