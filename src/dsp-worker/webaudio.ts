/**
 * node-web-audio-api as an in-memory decoder: the whole file is read into a buffer and decoded by
 * `decodeAudioData` on an OfflineAudioContext running at the file's native rate (decodeAudioData
 * resamples to its context's rate, so the caller passes the rate from `probe`). The decoded
 * AudioBuffer lives in native memory; it is handed on in chunks with copyFromChannel (no second
 * full-length copy in JS) and released right after, with a garbage collection so the native memory
 * is freed before the next file rather than whenever V8 feels heap pressure (it does not see it).
 */
import { readFile } from 'node:fs/promises'
import { collectGarbage } from './gc'
import { CHUNK_FRAMES, type PcmSink } from './pcm'

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

export class WebAudioDecodeError extends Error {
  /** The decoder does not support this codec/layout at all (vs damaged data). */
  readonly unsupported: boolean
  constructor(message: string) {
    super(message)
    this.unsupported = /unsupported|missing moov/i.test(message)
  }
}

/** Decodes `path` at `sampleRate` and pushes its first two channels to `sink`; returns the frame count. */
export async function decodeWithWebAudio(path: string, sampleRate: number, sink: PcmSink): Promise<number> {
  const ctx = await contextFor(sampleRate)
  let file: Buffer | null = await readFile(path)
  let data: ArrayBuffer | null = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer
  file = null
  let decoded: import('node-web-audio-api').AudioBuffer | null
  try {
    decoded = await ctx.decodeAudioData(data)
  } catch (err) {
    throw new WebAudioDecodeError(
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
