/**
 * The queue lives in the database: SIGKILL the `soundprint scan` process mid-import, scan again, and the
 * library ends complete — every file exactly once, all analysed, nothing lost, nothing duplicated. Also the
 * CLI's output formats (`scan --json`, `tracks --json`, the text summary).
 */
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir, sox, soxSynth } from './helpers/audio'
import { BIN, jsonLines, readTracks, runCli } from './helpers/library-fixtures'

const tmp = makeTempDir('soundprint-kill-')
const music = join(tmp.dir, 'music')
const dbPath = join(tmp.dir, 'library.db')
const FILES = 40

beforeAll(() => {
  // Distinct short WAVs in a few folders (sox is fast; WAV decodes without ffmpeg).
  for (let i = 0; i < FILES; i++) {
    const dir = join(music, `disc${i % 4}`)
    mkdirSync(dir, { recursive: true })
    soxSynth(join(dir, `t${String(i).padStart(2, '0')}.wav`), 2, ['sine', String(200 + 23 * i), 'vol', '0.5'])
  }
})
afterAll(() => tmp.cleanup())

/** Starts a JSON scan and SIGKILLs it once `killAfter` tracks are analysed; resolves with what it printed. */
function scanAndKill(killAfter: number): Promise<{ analysedAtKill: number; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'scan', '--db', dbPath, '--workers', '2', '--json', music], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let buf = ''
    let analysedAtKill = -1
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      buf += chunk
      let nl = buf.indexOf('\n')
      while (nl >= 0) {
        const line = buf.slice(0, nl)
        buf = buf.slice(nl + 1)
        nl = buf.indexOf('\n')
        const ev = JSON.parse(line) as { event: string; analysed?: number }
        if (analysedAtKill < 0 && ev.event === 'progress' && (ev.analysed ?? 0) >= killAfter) {
          analysedAtKill = ev.analysed!
          child.kill('SIGKILL')
        }
      }
    })
    child.on('error', reject)
    child.on('exit', (_code, signal) => resolve({ analysedAtKill, signal }))
  })
}

describe('scan survives SIGKILL', () => {
  it('a killed scan leaves a consistent queue that the next scan finishes without duplicates or losses', async () => {
    const killed = await scanAndKill(3)
    expect(killed.signal).toBe('SIGKILL')
    expect(killed.analysedAtKill).toBeGreaterThanOrEqual(3)
    const mid = readTracks(dbPath)
    const doneMid = mid.filter((t) => t.state === 'done').length
    expect(doneMid).toBeGreaterThanOrEqual(3)
    expect(doneMid).toBeLessThan(FILES)

    const r = runCli(['scan', '--db', dbPath, '--workers', '2', '--json', music])
    expect(r.status, r.stderr).toBe(0)
    const events = jsonLines(r.stdout)
    const done = events[events.length - 1]!
    expect(done).toMatchObject({ event: 'done', tracks: FILES, failed: 0, missing: 0 })
    // The second scan analysed exactly what the first did not finish.
    expect(done.analysed).toBe(FILES - doneMid)

    const after = readTracks(dbPath)
    expect(after.length).toBe(FILES)
    expect(new Set(after.map((t) => t.path)).size).toBe(FILES)
    for (const t of after) expect(t, t.path).toMatchObject({ state: 'done', has_fp: 1 })
    // Tracks finished before the kill kept their fingerprint (not analysed again).
    const before = new Map(mid.filter((t) => t.state === 'done').map((t) => [t.id, t.analysed_at]))
    for (const t of after) if (before.has(t.id)) expect(t.analysed_at).toBe(before.get(t.id))
  })

  it('prints the documented JSON events and track lines', () => {
    const r = runCli(['scan', '--db', dbPath, '--json', music])
    expect(r.status).toBe(0)
    const events = jsonLines(r.stdout)
    expect(events.length).toBeGreaterThanOrEqual(2)
    for (const e of events.slice(0, -1).filter((x) => x.event !== 'failed')) {
      expect(e.event).toBe('progress')
      for (const k of ['phase', 'found', 'tagged', 'analysed', 'failed', 'skipped', 'pending', 'etaSec'])
        expect(e).toHaveProperty(k)
    }
    const done = events[events.length - 1]!
    expect(Object.keys(done).sort()).toEqual(
      ['analysed', 'elapsedSec', 'event', 'failed', 'missing', 'skipped', 'tracks'].sort(),
    )
    expect(done).toMatchObject({ tracks: FILES, analysed: 0, failed: 0, skipped: FILES, missing: 0 })

    const t = runCli(['tracks', '--db', dbPath, '--json'])
    expect(t.status).toBe(0)
    const rows = jsonLines(t.stdout)
    expect(rows.length).toBe(FILES)
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['album', 'artist', 'id', 'path', 'state', 'title'])
      expect(row.state).toBe('done')
      expect(row.title).toMatch(/^t\d\d$/)
    }
    const text = runCli(['tracks', '--db', dbPath])
    expect(text.stdout).toMatch(new RegExp(`${FILES} tracks: ${FILES} done`))
  })

  it('lists failures with reasons and still exits 0; bad arguments exit 2', () => {
    const bad = join(tmp.dir, 'bad')
    mkdirSync(bad)
    writeFileSync(join(bad, 'empty.mp3'), '')
    const r = runCli(['scan', '--db', dbPath, bad])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/1 failed/)
    expect(r.stdout).toContain(join(bad, 'empty.mp3'))
    const rows = jsonLines(runCli(['tracks', '--db', dbPath, '--json']).stdout)
    const failed = rows.find((x) => x.path === join(bad, 'empty.mp3'))!
    expect(failed.state).toBe('failed')
    expect(failed.error).toMatch(/\w/)
    expect(runCli(['scan', '--db', dbPath, join(tmp.dir, 'no-such-folder')]).status).toBe(2)
    expect(runCli(['scan', '--db', dbPath]).status).toBe(2)
  })

  it('exits 1 with the reason when the workers cannot start, keeping the tracks queued', () => {
    const dead = join(tmp.dir, 'dead-worker.mjs')
    writeFileSync(dead, 'process.exit(3)\n')
    const folder = join(tmp.dir, 'unanalysed')
    mkdirSync(folder)
    sox('-n', '-r', '44100', '-c', '1', join(folder, 'x.wav'), 'synth', '1', 'sine', '300')
    const db = join(tmp.dir, 'dead.db')
    const r = runCli(['scan', '--db', db, folder], { SOUNDPRINT_WORKER: dead })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/workers/)
    expect(readTracks(db)).toMatchObject([{ path: join(folder, 'x.wav'), state: 'pending' }])
    // With working workers the queued track is analysed by the next scan.
    const again = runCli(['scan', '--db', db, '--json', folder])
    expect(again.status).toBe(0)
    expect(jsonLines(again.stdout).at(-1)).toMatchObject({ event: 'done', analysed: 1, tracks: 1 })
  })
})
