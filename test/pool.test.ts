/**
 * The DSP pool with real worker processes: the built worker entry out/main/worker.js (run
 * `npm run build` first; `npm test` does) forked by the Node spawner, on audio made by sox.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeSpawner, resolveWorkerEntry } from '../src/main/core/node-spawner'
import { DspPool } from '../src/main/core/pool'
import { DIMENSION_KEYS } from '../src/shared/dimensions'
import { makeTempDir, sox } from './helpers/audio'

const tmp = makeTempDir('soundprint-pool-')
const file = (name: string) => join(tmp.dir, name)
let jobId = 0
const job = (path: string) => ({ id: ++jobId, path })

/** Waits until `cond` holds, polling every 10 ms; fails after `ms`. */
async function until(cond: () => boolean, ms = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Live (not zombie) child processes of this test process. */
function children(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,stat=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([pid, stat, comm]) => pid && !stat?.startsWith('Z') && comm !== 'ps')
    .map(([pid]) => Number(pid))
}

beforeAll(() => {
  // Resolved the way the CLI resolves it (SOUNDPRINT_WORKER or out/main/worker.js).
  const entry = resolveWorkerEntry()
  expect(existsSync(entry)).toBe(true)
  sox('-n', '-r', '44100', '-c', '2', '-b', '16', file('a.wav'), 'synth', '3', 'sine', '440', 'vol', '0.5')
  sox('-n', '-r', '44100', '-c', '1', '-b', '16', file('b.wav'), 'synth', '2', 'pinknoise', 'vol', '0.3')
  sox('-n', '-r', '22050', '-c', '1', '-b', '16', file('c.wav'), 'synth', '4', 'square', '110', 'vol', '0.3')
  // Long enough that no analyser finishes it within a fraction of a second: for crash and timeout tests.
  sox('-n', '-r', '44100', '-c', '2', '-b', '16', file('long.wav'), 'synth', '300', 'pinknoise', 'vol', '0.3')
  writeFileSync(file('notes.txt'), 'this is not audio\n'.repeat(100))
})

afterAll(() => tmp.cleanup())

describe('DspPool with real workers', () => {
  it('analyses files in parallel, one job per worker, and reports per-file errors', async () => {
    const pool = new DspPool({ size: 2, spawner: createNodeSpawner() })
    try {
      expect(pool.size).toBe(2)
      expect(pool.workerPids).toEqual([]) // lazily started
      let maxBusy = 0
      const watch = setInterval(() => (maxBusy = Math.max(maxBusy, pool.busy)), 1)
      const outcomes = await Promise.all(
        ['a.wav', 'b.wav', 'c.wav', 'a.wav', 'notes.txt', 'missing.wav'].map((n) => pool.run(job(file(n)))),
      )
      clearInterval(watch)
      expect(maxBusy).toBeLessThanOrEqual(2)
      for (const o of outcomes.slice(0, 4)) {
        expect(o.ok).toBe(true)
        if (o.ok) {
          expect(Object.keys(o.result.fingerprint).sort()).toEqual([...DIMENSION_KEYS].sort())
          expect(o.result.durationSec).toBeGreaterThan(1.5)
        }
      }
      const [a1, , , a2, text, missing] = outcomes
      if (a1?.ok && a2?.ok) expect(a2.result.fingerprint).toEqual(a1.result.fingerprint)
      expect(text).toMatchObject({ ok: false, code: 'unsupported' })
      expect(missing).toMatchObject({ ok: false, code: 'not_found' })
      expect(pool.busy).toBe(0)
      expect(pool.workerPids).toHaveLength(2)
      expect(pool.stats()).toMatchObject({ spawned: 2, jobs: 6, crashed: 0, timedOut: 0 })
    } finally {
      await pool.close()
    }
  })

  it('starts only as many workers as there are jobs for', async () => {
    const pool = new DspPool({ size: 3, spawner: createNodeSpawner() })
    try {
      expect((await pool.run(job(file('c.wav')))).ok).toBe(true)
      expect((await pool.run(job(file('c.wav')))).ok).toBe(true)
      expect(pool.stats().spawned).toBe(1)
      expect(pool.workerPids).toHaveLength(1)
    } finally {
      await pool.close()
    }
  })

  it('reports a worker killed mid-job as crashed, replaces it and carries on', async () => {
    const pool = new DspPool({ size: 1, spawner: createNodeSpawner() })
    try {
      const running = pool.run(job(file('long.wav')))
      await until(() => pool.busy === 1, 20_000, 'the job to start')
      const [pid] = pool.workerPids
      await new Promise((r) => setTimeout(r, 50))
      process.kill(pid!, 'SIGKILL')
      const outcome = await running
      expect(outcome).toMatchObject({ ok: false, code: 'crashed' })
      if (!outcome.ok) expect(outcome.error).toMatch(/SIGKILL/)
      const next = await pool.run(job(file('a.wav')))
      expect(next.ok).toBe(true)
      expect(pool.workerPids).toHaveLength(1)
      expect(pool.workerPids[0]).not.toBe(pid)
      expect(pool.stats()).toMatchObject({ spawned: 2, crashed: 1 })
    } finally {
      await pool.close()
    }
  })

  it('kills a job past its timeout and continues with a fresh worker', async () => {
    const pool = new DspPool({ size: 1, spawner: createNodeSpawner(), jobTimeoutMs: 3000, jobTimeoutPerMbMs: 0 })
    try {
      const running = pool.run(job(file('long.wav')))
      await until(() => pool.busy === 1, 20_000, 'the job to start')
      // A hung worker, whatever the machine's speed: stopped before it can finish 5 minutes of audio.
      const [pid] = pool.workerPids
      process.kill(pid!, 'SIGSTOP')
      const outcome = await running
      expect(outcome).toMatchObject({ ok: false, code: 'timeout' })
      if (!outcome.ok) expect(outcome.error).toMatch(/longer than/)
      await until(() => !alive(pid!), 10_000, 'the timed-out worker to exit')
      const next = await pool.run(job(file('a.wav')))
      expect(next).toMatchObject({ ok: true })
      expect(pool.workerPids).toHaveLength(1)
      expect(pool.workerPids[0]).not.toBe(pid)
      expect(pool.stats()).toMatchObject({ timedOut: 1, spawned: 2, crashed: 0 })
    } finally {
      await pool.close()
    }
  })

  it('gives long files a proportionally longer timeout', async () => {
    // 300 s of 16-bit stereo 44.1 kHz ≈ 53 MB: at 1 s per MB far beyond the 300 ms base.
    const pool = new DspPool({ size: 1, spawner: createNodeSpawner(), jobTimeoutMs: 300, jobTimeoutPerMbMs: 1000 })
    try {
      const outcome = await pool.run(job(file('long.wav')))
      expect(outcome.ok).toBe(true)
    } finally {
      await pool.close()
    }
  }, 120_000)

  it('gives long audio a proportionally longer timeout when its duration is known', async () => {
    // No allowance by size: only the 300 s duration hint (at 50 ms per second of audio = 15 s) saves
    // the job from the 300 ms base.
    const opts = { size: 1, spawner: createNodeSpawner(), jobTimeoutMs: 300, jobTimeoutPerMbMs: 0 }
    const pool = new DspPool({ ...opts, jobTimeoutPerAudioSecMs: 50 })
    try {
      expect(await pool.run(job(file('long.wav')), { durationSec: 300 })).toMatchObject({ ok: true })
      // The same job without the hint is stopped at the base timeout.
      expect(await pool.run(job(file('long.wav')))).toMatchObject({ ok: false, code: 'timeout' })
    } finally {
      await pool.close()
    }
  }, 120_000)

  it('recycles a worker whose memory grew past the limit, between jobs', async () => {
    const pool = new DspPool({ size: 1, spawner: createNodeSpawner(), maxWorkerRssMb: 1 })
    try {
      for (const n of ['a.wav', 'b.wav', 'c.wav']) {
        const o = await pool.run(job(file(n)))
        expect(o.ok).toBe(true)
        await until(() => pool.workerPids.length === 0, 5000, 'the worker to be recycled')
      }
      const s = pool.stats()
      expect(s.recycled).toBe(3)
      expect(s.spawned).toBe(3)
      expect(s.crashed).toBe(0)
      expect(s.peakWorkerRssBytes).toBeGreaterThan(1024 * 1024)
    } finally {
      await pool.close()
    }
    // A generous limit never recycles.
    const roomy = new DspPool({ size: 1, spawner: createNodeSpawner(), maxWorkerRssMb: 4096 })
    try {
      for (const n of ['a.wav', 'b.wav']) expect((await roomy.run(job(file(n)))).ok).toBe(true)
      expect(roomy.stats()).toMatchObject({ recycled: 0, spawned: 1 })
    } finally {
      await roomy.close()
    }
  })

  it('close() stops every worker, leaves no child process and rejects further and unfinished jobs', async () => {
    const pool = new DspPool({ size: 2, spawner: createNodeSpawner() })
    await Promise.all([pool.run(job(file('a.wav'))), pool.run(job(file('b.wav')))])
    const pids = pool.workerPids
    expect(pids).toHaveLength(2)
    const unfinished = pool.run(job(file('long.wav'))).catch((e: Error) => e)
    await until(() => pool.busy === 1, 10_000, 'the long job to start')
    await pool.close()
    expect(await unfinished).toBeInstanceOf(Error)
    expect(String(await unfinished)).toMatch(/closed/)
    for (const pid of pids) expect(alive(pid)).toBe(false)
    expect(children()).toEqual([])
    await expect(pool.run(job(file('a.wav')))).rejects.toThrow(/closed/)
  })

  it('rejects (does not blame the file) when workers cannot start at all', async () => {
    const broken = file('broken-worker.mjs')
    writeFileSync(broken, 'process.exit(3)\n')
    const pool = new DspPool({ size: 1, spawner: createNodeSpawner(broken) })
    try {
      await expect(pool.run(job(file('a.wav')))).rejects.toThrow(/cannot start.*code 3/)
      expect(pool.stats().spawned).toBe(3)
    } finally {
      await pool.close()
    }
    expect(children()).toEqual([])
  })
})

describe('resolveWorkerEntry', () => {
  it('finds out/main/worker.js from bundled code in out/main or out/main/chunks, and honours SOUNDPRINT_WORKER', () => {
    const root = join(tmp.dir, 'app')
    mkdirSync(join(root, 'out', 'main', 'chunks'), { recursive: true })
    for (const f of ['worker.js', 'cli.js', 'chunks/core-abc123.js']) writeFileSync(join(root, 'out', 'main', f), '')
    const expected = join(root, 'out', 'main', 'worker.js')
    expect(resolveWorkerEntry({}, pathToFileURL(join(root, 'out', 'main', 'cli.js')).href)).toBe(expected)
    expect(resolveWorkerEntry({}, pathToFileURL(join(root, 'out', 'main', 'chunks', 'core-abc123.js')).href)).toBe(
      expected,
    )
    // From the sources (tests): the repository's out/main/worker.js above src/main/core.
    mkdirSync(join(root, 'src', 'main', 'core'), { recursive: true })
    expect(resolveWorkerEntry({}, join(root, 'src', 'main', 'core', 'node-spawner.ts'))).toBe(expected)
    expect(resolveWorkerEntry({ SOUNDPRINT_WORKER: file('a.wav') }, '/nowhere/x.js')).toBe(file('a.wav'))
    expect(() => resolveWorkerEntry({ SOUNDPRINT_WORKER: file('nope.js') })).toThrow(/SOUNDPRINT_WORKER/)
    expect(() => resolveWorkerEntry({}, '/nowhere/at/all/x.js')).toThrow(/npm run build/)
  })
})
