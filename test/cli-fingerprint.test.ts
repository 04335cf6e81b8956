/**
 * `soundprint fingerprint` as a user runs it: bin/soundprint.mjs → out/main/cli.js (built by
 * `npm run build`; `npm test` builds first), real files made by sox, exit codes and output shapes.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIMENSION_KEYS, DIMENSIONS, GROUPS } from '../src/shared/dimensions'
import { makeTempDir, sox } from './helpers/audio'

const BIN = resolve('bin/soundprint.mjs')
const tmp = makeTempDir('soundprint-cli-')
const f = (name: string) => join(tmp.dir, name)

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: tmp.dir, timeout: 120_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(() => {
  if (!existsSync(resolve('out/main/cli.js'))) throw new Error('out/main/cli.js is missing: run `npm run build` first')
  sox('-n', '-r', '44100', '-c', '2', f('tone.flac'), 'synth', '3', 'sine', '440', 'vol', '0.5')
  sox('-n', '-r', '48000', '-c', '1', f('mono.wav'), 'synth', '2', 'sine', '1000', 'vol', '0.1')
  writeFileSync(f('notes.mp3'), 'just text\n')
})
afterAll(() => tmp.cleanup())

describe('soundprint fingerprint', () => {
  it('--json: one object per file, in argument order, exit 0', () => {
    const r = run('fingerprint', '--json', 'tone.flac', f('mono.wav'))
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(2)
    const [a, b] = lines.map((l) => JSON.parse(l))
    expect(Object.keys(a)).toEqual([
      'path',
      'ok',
      'fingerprint',
      'durationSec',
      'sampleRate',
      'channels',
      'codec',
      'analysisVersion',
      'analysisMs',
      'silent',
    ])
    expect(a).toMatchObject({
      path: 'tone.flac',
      ok: true,
      sampleRate: 44100,
      channels: 2,
      codec: 'flac',
      silent: false,
    })
    expect(Object.keys(a.fingerprint)).toEqual(DIMENSION_KEYS) // the canonical order of the spec
    for (const k of DIMENSION_KEYS) expect(typeof a.fingerprint[k]).toBe('number')
    expect(a.durationSec).toBeCloseTo(3, 3)
    expect(b).toMatchObject({ path: f('mono.wav'), ok: true, sampleRate: 48000, channels: 1, codec: 'pcm' })
  })

  it('--json with a failure: {"path","ok":false,"error"} in its place, exit 1', () => {
    const r = run('fingerprint', '--json', 'notes.mp3', 'tone.flac', 'missing.ogg')
    expect(r.code).toBe(1)
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(out.map((o) => [o.path, o.ok])).toEqual([
      ['notes.mp3', false],
      ['tone.flac', true],
      ['missing.ogg', false],
    ])
    expect(out[0]).toMatchObject({ error: expect.stringMatching(/text file/), code: 'unsupported' })
    expect(out[2]).toMatchObject({ error: 'file not found', code: 'not_found' })
  })

  it('without --json: a table by group with units; errors on stderr', () => {
    const r = run('fingerprint', 'tone.flac', 'missing.ogg')
    expect(r.code).toBe(1)
    for (const g of GROUPS) expect(r.stdout).toContain(g.label)
    for (const d of DIMENSIONS) expect(r.stdout).toContain(d.label)
    expect(r.stdout).toMatch(/Loudness\s+-?\d+\.\d LUFS/)
    expect(r.stdout).toMatch(/Tempo\s+\d+\.\d BPM/)
    expect(r.stdout).toContain('44.1 kHz · stereo · flac')
    expect(r.stderr).toMatch(/missing\.ogg: file not found/)
  })

  it('usage errors exit 2 with the usage text', () => {
    for (const args of [['fingerprint'], ['fingerprint', '--bogus', 'x.wav'], ['frobnicate'], []]) {
      const r = run(...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(/usage: soundprint/)
    }
  })

  it('--help lists the commands; fingerprint --help shows its usage', () => {
    const r = run('--help')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/fingerprint\s+analyse/)
    const h = run('fingerprint', '--help')
    expect(h.code).toBe(0)
    expect(h.stdout).toMatch(/usage: soundprint fingerprint \[--json\] FILE…/)
  })
})
