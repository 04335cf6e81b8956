/**
 * node-web-audio-api as an in-memory decoder: the whole file is read into a buffer and decoded by
 * `decodeAudioData` on an OfflineAudioContext running at the file's native rate (decodeAudioData
 * resamples to its context's rate, so the caller passes the rate from `probe`). The decoded
 * AudioBuffer lives in native memory; it is handed on in chunks with copyFromChannel (no second
 * full-length copy in JS) and released right after, with a garbage collection so the native memory
 * is freed before the next file rather than whenever V8 feels heap pressure (it does not see it).
 */
import { readFile } from 'node:fs/promises'
import { collectGarbage } from '../gc'
import { CHUNK_FRAMES, type PcmSink } from '../pcm'
import type { ProbeResult } from '../probe'
import { type Decoder, DecoderDeclined } from './decoder'

type Ctx = import('node-web-audio-api').OfflineAudioContext
const contexts = new Map<number, Ctx>()

async function contextFor(sampleRate: number): Promise<Ctx> {
  let ctx = contexts.get(sampleRate)
  if (!ctx) {
    const { OfflineAudioContext } = await import('node-web-audio-api')
    ctx = new OfflineAudioContext({ numberOfChannels: 1, length: 1, sampleRate })
    contexts.set(sampleRate, ctx)
  }
  return ctx
}

/**
 * What node-web-audio-api (symphonia) decodes from a buffer: FLAC, MP3, ADTS AAC, Ogg Vorbis (not Opus,
 * and Ogg FLAC is left to ffmpeg), AAC/M4A with its index (`moov`) before the audio, and WAV in a
 * format our own reader does not read. Not AIFF-C, Opus or an M4A with its index at the end (it reads
 * front to back).
 */
function readsFromBuffer(info: ProbeResult): boolean {
  switch (info.format) {
    case 'flac':
    case 'mp3':
    case 'aac':
      return true
    case 'ogg':
      return info.codec === 'vorbis'
    case 'mp4':
      return !info.indexAtEnd
    case 'wav':
      return info.pcm === null
    case 'aiff':
      return false
  }
}

/** A rejection by decodeAudioData: `unsupported` when the codec or layout is not supported at all. */
function declined(message: string): DecoderDeclined {
  return new DecoderDeclined(message, /unsupported|missing moov/i.test(message))
}

/**
 * Decodes `path` at `sampleRate` and pushes its first two channels to `sink`; returns the frame count.
 * A file decodeAudioData rejects throws DecoderDeclined before any sample is delivered.
 */
async function decodeWithWebAudio(path: string, sampleRate: number, sink: PcmSink): Promise<number> {
  const ctx = await contextFor(sampleRate)
  let file: Buffer | null = await readFile(path)
  let data: ArrayBuffer | null = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer
  file = null
  let decoded: import('node-web-audio-api').AudioBuffer | null
  try {
    decoded = await ctx.decodeAudioData(data)
  } catch (err) {
    throw declined(
      (err instanceof Error ? err.message : String(err)).replace(/^Failed to execute 'decodeAudioData': /, ''),
    )
  } finally {
    data = null
  }
  try {
    const frames = decoded.length
    const stereo = decoded.numberOfChannels >= 2
    const left = new Float32Array(CHUNK_FRAMES)
    const right = stereo ? new Float32Array(CHUNK_FRAMES) : left
    for (let o = 0; o < frames; o += CHUNK_FRAMES) {
      const n = Math.min(CHUNK_FRAMES, frames - o)
      const l = n === CHUNK_FRAMES ? left : left.subarray(0, n)
      const r = stereo ? (n === CHUNK_FRAMES ? right : right.subarray(0, n)) : l
      decoded.copyFromChannel(l, 0, o)
      if (stereo) decoded.copyFromChannel(r, 1, o)
      sink(l, r)
    }
    return frames
  } finally {
    decoded = null
    collectGarbage()
  }
}

export const webAudioDecoder = {
  name: 'webaudio' as const,
  description: 'node-web-audio-api, the whole file decoded in memory',
  memory: 'whole-file',
  unavailable: () => null,
  accepts: readsFromBuffer,
  async decode({ path, info, sink }) {
    await decodeWithWebAudio(path, info.sampleRate, sink)
    return { warnings: '' }
  },
} satisfies Decoder
