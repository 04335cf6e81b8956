/**
 * Library fixtures made at test time: folders of short generated audio in every supported container,
 * nested folders, a symlink loop, hidden and system folders, and broken files — plus helpers to run the
 * built CLI and read the resulting SQLite library directly.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { ffmpeg, soxSynth } from './audio'

export const REPO = join(import.meta.dirname, '..', '..')
export const BIN = join(REPO, 'bin', 'soundprint.mjs')

/**
 * A short tone: `freq` Hz sine plus a little pink noise (so every file has distinct content), `sec` long,
 * written through ffmpeg in the container its extension names.
 */
export function makeTone(path: string, freq: number, sec = 1.5): void {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase()
  const tmp = `${path}.src.wav`
  soxSynth(tmp, sec, ['sine', String(freq), 'pinknoise', 'mix', 'vol', '0.4'])
  const codec: Record<string, string[]> = {
    wav: [],
    flac: ['-c:a', 'flac'],
    mp3: ['-c:a', 'libmp3lame', '-b:a', '128k'],
    ogg: ['-c:a', 'libvorbis', '-q:a', '4'],
    opus: ['-c:a', 'libopus', '-b:a', '96k'],
    m4a: ['-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart'],
    aiff: [],
  }
  ffmpeg('-i', tmp, ...(codec[ext] ?? []), path)
  spawnSync('rm', ['-f', tmp])
}

export interface LibraryFixture {
  root: string
  /** Audio files that must end up done. */
  good: string[]
  /** Files with an audio extension that must end up failed. */
  bad: string[]
  /** Files the walk must not report (hidden, system folder, wrong extension). */
  ignored: string[]
}

/**
 * root/
 *   a.wav  b.FLAC  c.mp3
 *   nested/d.ogg  nested/deeper/e.m4a  nested/deeper/f.aiff  nested/deeper/g.opus
 *   nested/deeper/loop → ../..          (symlink loop back to root)
 *   linked → nested/deeper               (second path to the same folder)
 *   broken/corrupt.mp3 (random bytes)  broken/empty.wav (0 bytes)  broken/text.flac (a text file)
 *   notes.txt  cover.jpg                 (not audio extensions)
 *   .hidden/h.wav  $RECYCLE.BIN/r.wav  ._a.wav
 */
export function makeLibraryFixture(root: string): LibraryFixture {
  const p = (...parts: string[]) => join(root, ...parts)
  for (const d of ['nested/deeper', 'broken', '.hidden', '$RECYCLE.BIN']) mkdirSync(p(d), { recursive: true })
  const good = [
    p('a.wav'),
    p('b.FLAC'),
    p('c.mp3'),
    p('nested', 'd.ogg'),
    p('nested', 'deeper', 'e.m4a'),
    p('nested', 'deeper', 'f.aiff'),
    p('nested', 'deeper', 'g.opus'),
  ]
  for (const [i, f] of good.entries()) makeTone(f, 220 + 110 * i)
  symlinkSync('../..', p('nested', 'deeper', 'loop'))
  symlinkSync('nested/deeper', p('linked'))
  let seed = 12345
  const rand = Buffer.alloc(40_000)
  // No 0xFF byte, so not even an MP3 frame sync can be found in it.
  for (let i = 0; i < rand.length; i++) rand[i] = ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 8) % 255
  writeFileSync(p('broken', 'corrupt.mp3'), rand)
  writeFileSync(p('broken', 'empty.wav'), '')
  writeFileSync(p('broken', 'text.flac'), 'this is not a FLAC file\n'.repeat(100))
  const bad = [p('broken', 'corrupt.mp3'), p('broken', 'empty.wav'), p('broken', 'text.flac')]
  writeFileSync(p('notes.txt'), 'hello')
  writeFileSync(p('cover.jpg'), rand.subarray(0, 100))
  makeTone(p('.hidden', 'h.wav'), 300)
  makeTone(p('$RECYCLE.BIN', 'r.wav'), 310)
  writeFileSync(p('._a.wav'), rand.subarray(0, 4096))
  return {
    root,
    good,
    bad,
    ignored: [p('notes.txt'), p('cover.jpg'), p('.hidden', 'h.wav'), p('$RECYCLE.BIN', 'r.wav'), p('._a.wav')],
  }
}

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs the built CLI (`node bin/soundprint.mjs …`) synchronously. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** The JSON lines of a `--json` command's stdout. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

export interface DbTrack {
  id: number
  path: string
  state: string
  error: string | null
  content_hash: string | null
  has_fp: number
  analysed_at: number | null
}

/** Every track of a library file, read straight from SQLite (read-only). */
export function readTracks(dbPath: string): DbTrack[] {
  const db = new Database(dbPath, { readonly: true })
  try {
    return db
      .prepare(
        `SELECT t.id, t.path, t.state, t.error, t.content_hash, f.track_id IS NOT NULL AS has_fp, f.analysed_at
         FROM tracks t LEFT JOIN fingerprints f ON f.track_id = t.id ORDER BY t.path`,
      )
      .all() as DbTrack[]
  } finally {
    db.close()
  }
}
