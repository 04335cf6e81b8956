/**
 * The worker protocol with a real process: out/main/worker.js (built by `npm run build`; `npm test`
 * builds first) started with child_process.fork, as the pool does under Node.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ANALYSIS_VERSION, DIMENSION_KEYS } from '../src/shared/dimensions'
import type { WorkerMessage } from '../src/shared/worker-protocol'
import { ffmpeg, makeTempDir, sox } from './helpers/audio'

const WORKER = resolve('out/main/worker.js')
const tmp = makeTempDir('soundprint-worker-')
const f = (name: string) => join(tmp.dir, name)

class WorkerProcess {
  readonly child: ChildProcess
  readonly messages: WorkerMessage[] = []
  private waiters: (() => void)[] = []
  stderr = ''
  constructor(env: NodeJS.ProcessEnv = {}) {
    this.child = fork(WORKER, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, ...env } })
    this.child.stderr?.on('data', (d) => {
      this.stderr += d
    })
    this.child.on('message', (m: WorkerMessage) => {
      this.messages.push(m)
      for (const w of this.waiters.splice(0)) w()
    })
  }
  async next(pred: (m: WorkerMessage) => boolean, ms = 30_000): Promise<WorkerMessage> {
    const end = Date.now() + ms
    for (;;) {
      const m = this.messages.find(pred)
      if (m) return m
      if (Date.now() > end) throw new Error(`timed out; got ${JSON.stringify(this.messages)}; stderr ${this.stderr}`)
      await new Promise<void>((r) => {
        this.waiters.push(r)
        setTimeout(r, 200)
      })
    }
  }
  reply(id: number): Promise<WorkerMessage> {
    return this.next((m) => 'id' in m && m.id === id)
  }
  /** Job answers only (no ready/stats). */
  answers(): Exclude<WorkerMessage, { type: string }>[] {
    return this.messages.filter((m): m is Exclude<WorkerMessage, { type: string }> => 'id' in m)
  }
  send(id: number, path: unknown): void {
    this.child.send({ id, path })
  }
}

const workers: WorkerProcess[] = []
const start = (env?: NodeJS.ProcessEnv) => {
  const w = new WorkerProcess(env)
  workers.push(w)
  return w
}

beforeAll(() => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` first`)
  sox('-n', '-r', '44100', '-c', '2', f('tone.wav'), 'synth', '4', 'sine', '440', 'vol', '0.5')
  ffmpeg('-i', f('tone.wav'), f('tone.flac'))
  ffmpeg('-i', f('tone.wav'), '-c:a', 'libvorbis', f('tone.ogg'))
  ffmpeg('-i', f('tone.wav'), '-c:a', 'libopus', f('tone.opus'))
  writeFileSync(f('text.mp3'), 'not audio at all\n')
})
afterEach(() => {
  for (const w of workers.splice(0)) if (w.child.exitCode === null) w.child.kill()
})
afterAll(() => tmp.cleanup())

describe('DSP worker process', () => {
  it('says ready with its pid, then answers a job with a full result', async () => {
    const w = start()
    const ready = await w.next((m) => 'type' in m && m.type === 'ready')
    expect(ready).toEqual({ type: 'ready', pid: w.child.pid })
    w.send(1, f('tone.flac'))
    const m = await w.reply(1)
    if (!('result' in m)) throw new Error(`expected a result, got ${JSON.stringify(m)}`)
    expect(Object.keys(m.result.fingerprint).sort()).toEqual([...DIMENSION_KEYS].sort())
    expect(m.result).toMatchObject({
      sampleRate: 44100,
      channels: 2,
      codec: 'flac',
      analysisVersion: ANALYSIS_VERSION,
      silent: false,
    })
    expect(m.result.durationSec).toBeCloseTo(4, 3)
    expect(m.result.analysisMs).toBeGreaterThan(0)
    const stats = await w.next((m) => 'type' in m && m.type === 'stats')
    expect('rssBytes' in stats && stats.rssBytes).toBeGreaterThan(10e6)
  })

  it('answers bad jobs with coded errors and keeps serving', async () => {
    const w = start()
    w.send(1, f('missing.wav'))
    w.send(2, f('text.mp3'))
    w.send(3, tmp.dir)
    w.send(4, 42) // not a path at all
    w.send(5, f('tone.wav'))
    expect(await w.reply(1)).toMatchObject({ id: 1, code: 'not_found', error: 'file not found' })
    expect(await w.reply(2)).toMatchObject({ id: 2, code: 'unsupported' })
    expect(await w.reply(3)).toMatchObject({ id: 3, code: 'unreadable' })
    expect(await w.reply(4)).toMatchObject({ id: 4, code: 'internal' })
    const ok = await w.reply(5)
    expect('result' in ok && ok.result.codec).toBe('pcm')
    expect(w.child.exitCode).toBeNull()
  })

  it('runs many jobs one at a time and answers each once, in order', async () => {
    const w = start()
    const files = ['tone.wav', 'tone.flac', 'tone.ogg', 'tone.opus', 'text.mp3']
    const n = 30
    for (let i = 0; i < n; i++) w.send(100 + i, f(files[i % files.length] as string))
    await w.next(() => w.answers().length >= n, 120_000)
    const replies = w.answers()
    expect(replies.map((m) => m.id)).toEqual(Array.from({ length: n }, (_, i) => 100 + i))
    for (const [i, m] of replies.entries()) {
      if (files[i % files.length] === 'text.mp3') expect('code' in m && m.code).toBe('unsupported')
      else expect('result' in m, JSON.stringify(m)).toBe(true)
    }
  })

  it('reports decoder_missing when a file needs ffmpeg and there is none', async () => {
    const w = start({ SOUNDPRINT_FFMPEG: 'none', SOUNDPRINT_LIBAV: 'none' })
    w.send(1, f('tone.opus'))
    const m = await w.reply(1)
    expect(m).toMatchObject({ id: 1, code: 'decoder_missing' })
    expect('error' in m && m.error).toMatch(/ffmpeg/)
  })

  it('exits when its parent disconnects', async () => {
    const w = start()
    await w.next((m) => 'type' in m && m.type === 'ready')
    const exited = new Promise<number | null>((r) => w.child.once('exit', (code) => r(code)))
    w.child.disconnect()
    expect(await exited).toBe(0)
  })
})
