/**
 * What the commands print on a terminal: file names and tags carrying terminal escape sequences (clear
 * the screen, set the window title, an 8-bit CSI, a bidi override, a newline) reach the screen with
 * their control characters as `?` in `scan`'s summary, `tracks`, `similar` and `fingerprint`, and
 * escaped in their JSON; the progress line fits the terminal, dropping whole fields, never the counts.
 * The built CLI as a user runs it, on real files; the progress bar inside a real pseudo-terminal
 * (util-linux `script`) of a given width.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatProgressLine } from '../src/main/cli/scan'
import { jsonLine, safe } from '../src/main/cli/terminal'
import type { ImportProgress } from '../src/shared/api'
import { ffmpeg, hasCommand, makeTempDir } from './helpers/audio'
import { BIN, jsonLines, makeTone, runCli } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-cli-terminal-')
const music = join(tmp.dir, 'music')
const db = join(tmp.dir, 'lib.db')
// A clear-screen, a window title (OSC … BEL), an 8-bit CSI, a right-to-left override and a newline.
const EVIL = 'evil\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202etxt.\n  0 failed'
/** A control character other than newline (an oracle written apart from the code under test). */
const isControl = (ch: string) => {
  const c = ch.codePointAt(0) as number
  return (
    (c < 0x20 && c !== 0x0a) ||
    (c >= 0x7f && c <= 0x9f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0x2028 ||
    c === 0x2029
  )
}

beforeAll(() => {
  mkdirSync(music)
  makeTone(join(music, `${EVIL}.wav`), 330, 1)
  // A title tag with an escape sequence, on an otherwise ordinary file.
  makeTone(join(music, 'plain.wav'), 440, 1)
  ffmpeg(
    '-i',
    join(music, 'plain.wav'),
    '-metadata',
    'title=Title\u001b[2JTag',
    '-c',
    'copy',
    join(music, 'tagged.wav'),
  )
  // A file that fails: its failure reason quotes its name.
  writeFileSync(join(music, `broken\u001b[31m.mp3`), 'not audio at all\n'.repeat(200))
}, 60_000)

afterAll(() => tmp.cleanup())

/** Every line of `text` except newlines: no control character may be in it. */
function expectNoControls(text: string, what: string): void {
  expect(text.length, what).toBeGreaterThan(0)
  const bad = [...text].findIndex(isControl)
  expect(bad === -1 ? null : JSON.stringify(text.slice(Math.max(0, bad - 30), bad + 30)), `${what}`).toBeNull()
}

describe('file names and tags with escape sequences', () => {
  it('scan, tracks, similar and fingerprint print them with control characters as ?', () => {
    const scan = runCli(['scan', '--db', db, '--workers', '1', music])
    expect(scan.status, scan.stderr).toBe(0)
    expectNoControls(scan.stdout, 'scan summary')
    expect(scan.stdout).toMatch(/broken\?\[31m\.mp3/)

    const tracks = runCli(['tracks', '--db', db])
    expect(tracks.status).toBe(0)
    expectNoControls(tracks.stdout, 'tracks')
    expect(tracks.stdout).toContain('evil?[2J?]0;pwned??31m?txt.?  0 failed.wav')
    expect(tracks.stdout).toContain('Title?[2JTag')

    const similar = runCli(['similar', '--db', db, join(music, 'plain.wav')])
    expect(similar.status, similar.stderr).toBe(0)
    expectNoControls(similar.stdout, 'similar')
    expect(similar.stdout).toContain('Title?[2JTag')

    for (const args of [
      ['radio', '-n', '3', join(music, 'plain.wav')],
      ['path', '--steps', '2', join(music, 'plain.wav'), join(music, `${EVIL}.wav`)],
      ['playlist', 'create', 'mix\u001b]0;pwned\u0007', join(music, `${EVIL}.wav`), join(music, 'tagged.wav')],
      ['playlist', 'list'],
      ['playlist', 'show', '1'],
    ]) {
      const r = runCli([...args, '--db', db])
      // (three tracks are too few for a path of two steps: it explains why, on stderr)
      if (args[0] !== 'path') expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0)
      expectNoControls(`${r.stdout}${r.stderr}`, args.slice(0, 2).join(' '))
    }

    const fp = runCli(['fingerprint', join(music, `${EVIL}.wav`), join(music, 'broken\u001b[31m.mp3')])
    expectNoControls(fp.stdout, 'fingerprint')
    expectNoControls(fp.stderr, 'fingerprint errors')
  }, 180_000)

  it('--json keeps the exact names but escapes every control character', () => {
    const out = runCli(['tracks', '--db', db, '--json']).stdout
    expectNoControls(out, 'tracks --json')
    const rows = jsonLines(out)
    expect(rows.map((r) => r.path)).toContain(join(music, `${EVIL}.wav`))
    expect(rows.map((r) => r.title)).toContain('Title\u001b[2JTag')
  })
})

describe('terminal helpers', () => {
  it('safe() replaces control characters only; jsonLine() parses back to the same value', () => {
    expect(safe('Beyoncé — Déjà vu 日本 ♫')).toBe('Beyoncé — Déjà vu 日本 ♫')
    expect(safe('a\tb\u0000c\u007fd\u0085e\u2028f\u2069')).toBe('a?b?c?d?e?f?')
    expect(safe(null)).toBe('')
    const value = { path: EVIL, n: 1, nested: ['\u009b', '\u2029', 'ok'] }
    const line = jsonLine(value)
    expect(line.endsWith('\n')).toBe(true)
    expect([...line].some(isControl)).toBe(false)
    expect(JSON.parse(line)).toEqual(value)
  })
})

describe('the progress line', () => {
  const progress: ImportProgress = {
    phase: 'analysing',
    found: 12_345,
    tagged: 12_345,
    analysed: 4_321,
    failed: 17,
    skipped: 2_000,
    pending: 5_000,
    current: ['/a.flac', '/b.flac'],
    tracksPerSec: 12.34,
    realtimeFactor: 250,
    etaSec: 3725,
    elapsedSec: 60,
    recentFailures: [],
  }
  const counts = '6338/11340'

  it('fits every width, keeps the counts whole, and drops whole fields from the least useful', () => {
    const full = formatProgressLine(progress, 400)
    const fields = full.split(' · ')
    expect(fields[0]).toMatch(/^\[[#.]{24}\] 6338\/11340$/)
    expect(fields.slice(1)).toEqual([
      'analysing',
      'ETA 1:02:05',
      'failed 17',
      '12.3 tracks/s',
      '250× realtime',
      'analysed 4321',
      'skipped 2000',
      'found 12345',
      'tagged 12345',
    ])
    let previous = 0
    for (let cols = 4; cols <= 200; cols++) {
      const line = formatProgressLine(progress, cols)
      expect(line, `${cols} columns`).toContain(counts)
      if (cols - 1 >= counts.length) expect(line.length, `${cols} columns`).toBeLessThanOrEqual(cols - 1)
      // Only whole fields, in order: the line is a prefix of the full one (bar width aside).
      const shown = line.split(' · ')
      expect(fields.slice(1, shown.length)).toEqual(shown.slice(1))
      expect(shown.length).toBeGreaterThanOrEqual(previous)
      previous = shown.length
    }
  })

  it.skipIf(!hasCommand('script'))(
    'in a real 24-column terminal, the scan shows whole counts',
    () => {
      const fresh = join(tmp.dir, 'tty.db')
      const cmd = `stty cols 24 rows 10; ${process.execPath} ${BIN} scan --db ${fresh} --workers 1 ${music} >/dev/null`
      const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', timeout: 120_000 })
      expect(r.status, r.stdout + r.stderr).toBe(0)
      const drawn = r.stdout
        .split('\r')
        .map((l) => l.replace(/\n/g, '').trimEnd())
        .filter((l) => /\d+\/\d+/.test(l))
      expect(drawn.length).toBeGreaterThan(0)
      for (const line of drawn) {
        expect(line.length, line).toBeLessThanOrEqual(23)
        expect(line, line).toMatch(/(^|\] )\d+\/\d+( · |$)/)
      }
    },
    180_000,
  )
})
