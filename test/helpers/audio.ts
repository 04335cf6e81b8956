/**
 * Test fixtures made at test time with sox and ffmpeg (no committed audio), plus ffmpeg's own
 * measurements to compare against. Shared by every test that needs real audio files.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh temporary folder; call the returned `cleanup` in afterAll. */
export function makeTempDir(prefix = 'soundprint-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0
}

/** Runs sox with the given arguments; throws with sox's message on failure. */
export function sox(...args: string[]): void {
  execFileSync('sox', args, { stdio: ['ignore', 'ignore', 'pipe'] })
}

/**
 * Generates `sec` seconds of 44.1 kHz 16-bit stereo with sox into `path` (its extension names the
 * format): `synth` is what follows sox's `synth SEC` (e.g. `['sine', '440', 'vol', '0.5']`: generators,
 * then effects). `repeatable`: sox -R, the same noise and dither every run.
 */
export function soxSynth(path: string, sec: number | string, synth: string[], opts: { repeatable?: boolean } = {}) {
  sox(
    ...(opts.repeatable ? ['-R'] : []),
    '-n',
    '-r',
    '44100',
    '-c',
    '2',
    '-b',
    '16',
    path,
    'synth',
    String(sec),
    ...synth,
  )
}

/** Runs ffmpeg (quiet, overwrite) with the given arguments; throws with ffmpeg's message on failure. */
export function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
}

/**
 * The ffmpeg command line's own decode of a file's first `channels` channels (a pan filter, not a
 * down-mix, for 2), as interleaved float32 in one piece: the reference the streaming decoders match.
 */
export function ffmpegDecode(path: string, channels: 1 | 2): Float32Array {
  const pan = channels === 2 ? ['-af', 'pan=stereo|c0=c0|c1=c1'] : ['-ac', '1']
  const buf = execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', path, '-map', '0:a:0', ...pan, '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1'],
    { maxBuffer: 1 << 30 },
  )
  return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4)
}

/**
 * ffmpeg's integrated loudness and LRA from its per-frame metadata (the last 100 ms update), to 3
 * decimals where the printed summary has one. NaN where ffmpeg printed none (e.g. −inf for silence).
 */
export function ffmpegR128Metadata(file: string): { integrated: number; lra: number } {
  const r = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostats',
      '-i',
      file,
      '-map',
      '0:a:0',
      '-af',
      'ebur128=metadata=1,ametadata=mode=print:file=-',
      '-f',
      'null',
      '-',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  )
  const last = (key: string) => {
    const all = [...r.stdout.matchAll(new RegExp(`lavfi\\.r128\\.${key}=(-?[\\d.]+|-inf|nan)`, 'g'))]
    return Number(all.at(-1)?.[1])
  }
  return { integrated: last('I'), lra: last('LRA') }
}

/**
 * ffmpeg's EBU R128 measurement of a file: integrated loudness (LUFS) and loudness range (LU).
 * Parses the summary that `-af ebur128` prints at the end.
 */
export function ffmpegEbur128(file: string): { integrated: number; lra: number } {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-af', 'ebur128', '-f', 'null', '-'], {
    encoding: 'utf8',
  })
  const text = r.stderr
  const summary = text.slice(text.lastIndexOf('Summary:'))
  const integrated = Number(/I:\s+(-?[\d.]+|-inf)\s+LUFS/.exec(summary)?.[1])
  const lra = Number(/LRA:\s+(-?[\d.]+)\s+LU/.exec(summary)?.[1])
  if (!Number.isFinite(lra)) throw new Error(`could not parse ffmpeg ebur128 output for ${file}:\n${summary}`)
  return { integrated: Number.isFinite(integrated) ? integrated : -70, lra }
}
