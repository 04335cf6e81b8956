/**
 * ffmpeg as a streaming decoder: `ffmpeg -i FILE -f f32le -` in a child process, its stdout read in
 * fixed-size blocks and handed on as planar float32 chunks. Memory stays constant whatever the file's
 * length. The decoder and the analysis take turns rather than run side by side (`BLOCK_FRAMES`), so a
 * worker with its ffmpeg keeps one core busy, not more.
 *
 * The binary is `SOUNDPRINT_FFMPEG` when set (a path, or "" / "none" to pretend it is absent), else
 * `ffmpeg` found on the PATH.
 */
import { spawn } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { AnalysisError } from '../errors'
import { CHUNK_FRAMES, deinterleave, type PcmSink } from '../pcm'
import type { Decoder } from './decoder'

let cached: { key: string; path: string | null } | null = null

/** Absolute path of the ffmpeg binary, or null when there is none. */
export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env.SOUNDPRINT_FFMPEG
  const key = `${override ?? ''}\0${env.PATH ?? ''}`
  if (cached?.key === key) return cached.path
  let found: string | null = null
  if (override !== undefined)
    found = override === '' || override === 'none' || !isExecutable(override) ? null : override
  else {
    const names = process.platform === 'win32' ? ['ffmpeg.exe'] : ['ffmpeg']
    outer: for (const dir of (env.PATH ?? '').split(delimiter)) {
      for (const name of names) {
        const p = join(dir || '.', name)
        if (isExecutable(p)) {
          found = p
          break outer
        }
      }
    }
  }
  cached = { key, path: found }
  return found
}

export function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false
    accessSync(p, constants.X_OK)
    return true
  } catch {
    return false
  }
}

export const FFMPEG_MISSING_HINT =
  'ffmpeg is not installed (or not on the PATH): install it (e.g. `apt install ffmpeg`, `brew install ffmpeg`) or point SOUNDPRINT_FFMPEG at it'

/**
 * Frames collected from ffmpeg before any of them is analysed: 8 chunks, ≈ 6 s of 44.1 kHz audio, 2 MiB
 * of stereo float32. While the analysis works through a block (synchronously), ffmpeg can only run
 * ahead by what the pipe and its own output buffer hold (64 + 32 kB on Linux) and then blocks; while
 * the block fills, the worker only copies. So decoding and analysis take turns instead of running side
 * by side, and one worker with its decoder uses one core: a pool of N workers on N cores scales ≈ N×
 * instead of N workers each wanting 1.2-1.4 cores (see docs/decoding.md).
 */
export const BLOCK_FRAMES = 8 * CHUNK_FRAMES

interface FfmpegDecodeResult {
  frames: number
  /** ffmpeg's error output (at -v error): non-empty when it hit damaged data on the way. */
  errors: string
}

/**
 * Decodes `path` with ffmpeg at `sampleRate` into `sink`: the first two channels as they are (a pan
 * filter, not ffmpeg's down-mix), or one for a mono source. Rejects with AnalysisError.
 */
export function decodeWithFfmpeg(
  ffmpegPath: string,
  path: string,
  sampleRate: number,
  sourceChannels: number,
  sink: PcmSink,
): Promise<FfmpegDecodeResult> {
  const outChannels = sourceChannels >= 2 ? 2 : 1
  // Two or more: take channels 0 and 1 as they are (-ac 2 would down-mix a 5.1 file, and containers
  // do not always declare their true layout, e.g. MP4 sample entries saying 2 for 5.1 AAC).
  const channelArgs = outChannels === 2 ? ['-af', 'pan=stereo|c0=c0|c1=c1'] : ['-ac', '1']
  const args = [
    '-nostdin',
    '-hide_banner',
    '-v',
    'error',
    // Local files only, named so that no file name is taken for a protocol ("concat:…", "http:…").
    '-protocol_whitelist',
    'file',
    '-i',
    `file:${resolve(path)}`,
    '-map',
    '0:a:0',
    '-vn',
    '-sn',
    ...channelArgs,
    '-ar',
    String(sampleRate),
    // Write in full 32 kB blocks: by default ffmpeg flushes every packet to a pipe (≈ 8 kB), which
    // quadruples the reads on our side (docs/decoding.md).
    '-flush_packets',
    '0',
    '-f',
    'f32le',
    '-acodec',
    'pcm_f32le',
    'pipe:1',
  ]
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const frameBytes = outChannels * 4
    const block = new Uint8Array(BLOCK_FRAMES * frameBytes)
    const samples = new Float32Array(block.buffer)
    const left = new Float32Array(CHUNK_FRAMES)
    const right = outChannels === 2 ? new Float32Array(CHUNK_FRAMES) : left
    let fill = 0
    let frames = 0
    let stderr = ''
    let failed: unknown = null

    // Hands the whole frames of the block to the sink, chunk by chunk, synchronously: ffmpeg meanwhile
    // fills the pipe and blocks (see BLOCK_FRAMES).
    const flush = (): void => {
      const n = Math.floor(fill / frameBytes)
      for (let o = 0; o < n; o += CHUNK_FRAMES) {
        const k = Math.min(CHUNK_FRAMES, n - o)
        deinterleave(samples.subarray(o * outChannels, (o + k) * outChannels), k, outChannels, 1, left, right)
        const l = k === CHUNK_FRAMES ? left : left.subarray(0, k)
        sink(l, outChannels === 2 ? (k === CHUNK_FRAMES ? right : right.subarray(0, k)) : l)
      }
      frames += n
      const rest = fill - n * frameBytes
      if (rest > 0) block.copyWithin(0, n * frameBytes, fill)
      fill = rest
    }

    child.stdout.on('data', (d: Buffer) => {
      if (failed) return
      try {
        let off = 0
        while (off < d.length) {
          const take = Math.min(block.length - fill, d.length - off)
          block.set(d.subarray(off, off + take), fill)
          fill += take
          off += take
          if (fill === block.length) flush()
        }
      } catch (err) {
        failed = err
        child.kill('SIGKILL')
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (s: string) => {
      stderr = (stderr + s).slice(-8192)
    })
    child.on('error', (err: NodeJS.ErrnoException) => {
      failed ??=
        err.code === 'ENOENT' || err.code === 'EACCES'
          ? new AnalysisError('decoder_missing', `cannot run ffmpeg at ${ffmpegPath}: ${FFMPEG_MISSING_HINT}`)
          : new AnalysisError('internal', `cannot run ffmpeg: ${err.message}`)
    })
    child.on('close', (code, signal) => {
      if (failed) return reject(failed)
      try {
        flush()
      } catch (err) {
        return reject(err)
      }
      if (code !== 0) {
        const why = lastLine(stderr) || (signal ? `killed by ${signal}` : `exit status ${code}`)
        return reject(new AnalysisError('corrupt', `the audio data cannot be decoded (ffmpeg: ${why})`))
      }
      resolve({ frames, errors: stderr.trim() })
    })
  })
}

function lastLine(s: string): string {
  const lines = s
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  const line = lines[lines.length - 1] ?? ''
  // ffmpeg prefixes lines with "[mp3 @ 0x55d…] "; the rest is the message.
  return line.replace(/^\[[^\]]*\]\s*/, '').slice(0, 300)
}

/**
 * A registry entry for an ffmpeg binary that `find` locates (null when there is none, with `missing`
 * saying why): it takes every file, streamed. The system's ffmpeg is one, the bundled build
 * (bundled-ffmpeg.ts) another.
 */
export function commandLineDecoder<N extends string>(
  name: N,
  description: string,
  find: () => string | null,
  missing: () => string,
) {
  return {
    name,
    description,
    memory: 'stream',
    unavailable: () => (find() ? null : missing()),
    accepts: () => true,
    async decode({ path, info, sink }) {
      const bin = find()
      if (!bin) throw new AnalysisError('decoder_missing', missing())
      return { warnings: (await decodeWithFfmpeg(bin, path, info.sampleRate, info.channels, sink)).errors }
    },
  } satisfies Decoder
}

/** The system's ffmpeg command line: SOUNDPRINT_FFMPEG, else the PATH. */
export const ffmpegDecoder = commandLineDecoder(
  'ffmpeg',
  'the ffmpeg command line (PATH or SOUNDPRINT_FFMPEG), streamed',
  () => findFfmpeg(),
  () => FFMPEG_MISSING_HINT,
)
