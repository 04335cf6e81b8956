/**
 * The standalone fingerprint server's routes, kept compatible for scripts: `GET /health` and
 * `POST /fingerprint` with their status codes (200, 400, 404, 415), analysed in a real DSP worker
 * process so the server keeps answering while a file is analysed.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeCorruptMp3 } from '../e2e/fixture-library'
import { type Core, openCore } from '../src/main/core/service'
import { type RunningServer, startServer } from '../src/main/server/server'
import { DIMENSION_KEYS } from '../src/shared/dimensions'
import { ffmpeg, makeTempDir, sox } from './helpers/audio'

let tmp: ReturnType<typeof makeTempDir>
let core: Core
let server: RunningServer
const files: Record<string, string> = {}

const fingerprint = (body: unknown, raw?: string) =>
  fetch(`${server.url}/fingerprint`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  })

beforeAll(async () => {
  tmp = makeTempDir('soundprint-server-fp-')
  const d = tmp.dir
  files.sine = join(d, 'sine 1k.wav')
  sox('-n', '-r', '44100', '-c', '1', '-b', '16', files.sine, 'synth', '5', 'sine', '1000', 'gain', '-20')
  files.long = join(d, 'long.flac')
  sox('-n', '-r', '44100', '-c', '2', files.long, 'synth', '240', 'pinknoise', 'tremolo', '2', '50', 'gain', '-10')
  files.mp3 = join(d, 'chord.mp3')
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=220:duration=4',
    '-ac',
    '2',
    '-c:a',
    'libmp3lame',
    '-b:a',
    '128k',
    files.mp3,
  )
  files.corrupt = join(d, 'broken.mp3')
  writeCorruptMp3(files.corrupt, files.mp3)
  files.noise = join(d, 'random.mp3')
  writeFileSync(files.noise, Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7919) % 127)))
  files.empty = join(d, 'empty.wav')
  writeFileSync(files.empty, '')
  files.text = join(d, 'notes.txt')
  writeFileSync(files.text, 'these are not the sounds you are looking for\n'.repeat(100))
  files.dir = join(d, 'a folder.wav')
  mkdirSync(files.dir)
  core = await openCore({ dbPath: join(d, 'lib.db'), workers: 1 })
  server = await startServer({ core, port: 0, version: '9.9.9-test', rendererDir: null })
}, 120_000)

afterAll(async () => {
  await server?.close()
  await core?.close()
  tmp?.cleanup()
})

describe('GET /health', () => {
  it('reports healthy with the version and uptime', async () => {
    const res = await fetch(`${server.url}/health`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toEqual({ status: 'healthy', version: '9.9.9-test', uptimeSec: expect.any(Number) })
    expect(body.uptimeSec as number).toBeGreaterThanOrEqual(0)
  })
})

describe('POST /fingerprint', () => {
  it('fingerprints a file: 25 values, metadata, the caller’s track id, the processing time', async () => {
    const res = await fingerprint({ filepath: files.sine, track_id: 'abc-123' })
    expect(res.status, await res.clone().text()).toBe(200)
    const body = (await res.json()) as {
      track_id: string
      fingerprint: Record<string, number>
      metadata: Record<string, unknown>
      processing_time_ms: number
    }
    expect(body.track_id).toBe('abc-123')
    expect(Object.keys(body.fingerprint).sort()).toEqual([...DIMENSION_KEYS].sort())
    for (const v of Object.values(body.fingerprint)) expect(Number.isFinite(v)).toBe(true)
    // A 1 kHz sine: nearly all power in the 500 Hz–2 kHz band, centroid near 1 kHz.
    expect(body.fingerprint.mid).toBeGreaterThan(0.9)
    expect(body.fingerprint.spectral_centroid_hz).toBeGreaterThan(900)
    expect(body.fingerprint.spectral_centroid_hz).toBeLessThan(1100)
    expect(body.metadata).toEqual({
      durationSec: expect.any(Number),
      sampleRate: 44100,
      channels: 1,
      codec: expect.any(String),
    })
    expect(body.metadata.durationSec as number).toBeCloseTo(5, 1)
    expect(body.processing_time_ms).toBeGreaterThan(0)
  })

  it('makes up a track id when none is given and keeps a numeric one', async () => {
    const resA = await fingerprint({ filepath: files.mp3 })
    expect(resA.status, await resA.clone().text()).toBe(200)
    const a = (await resA.json()) as { track_id: unknown; metadata: { codec: string } }
    expect(typeof a.track_id).toBe('string')
    expect((a.track_id as string).length).toBeGreaterThan(8)
    expect(a.metadata.codec).toBe('mp3')
    const b = (await (await fingerprint({ filepath: files.mp3, track_id: 42 })).json()) as { track_id: unknown }
    expect(b.track_id).toBe(42)
  })

  it('answers 404 for a missing file', async () => {
    const res = await fingerprint({ filepath: join(tmp.dir, 'nope.flac') })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: string }).error).toMatch(/nope\.flac/)
  })

  it('answers 415 for a file that is not audio, whatever its name', async () => {
    for (const f of [files.text, files.noise]) {
      const res = await fingerprint({ filepath: f })
      expect(res.status, f).toBe(415)
      expect(typeof ((await res.json()) as { error: string }).error).toBe('string')
    }
  })

  it('answers 400 for undecodable audio and an empty file', async () => {
    for (const f of [files.corrupt, files.empty]) {
      const res = await fingerprint({ filepath: f })
      expect(res.status, f).toBe(400)
      expect(((await res.json()) as { error: string }).error.length, f).toBeGreaterThan(5)
    }
  })

  it('without a token, tells nothing about what is not a readable regular file: all answer like a missing one', async () => {
    // A folder, a FIFO, a device, an unreadable file, a dangling link: the same 404 as a missing file, so
    // a caller cannot map the disk (the server's own user may read more than the caller).
    const unreadable = join(tmp.dir, 'secret.wav')
    writeFileSync(unreadable, 'RIFF')
    chmodSync(unreadable, 0o000)
    const fifo = join(tmp.dir, 'pipe.wav')
    execFileSync('mkfifo', [fifo])
    const dangling = join(tmp.dir, 'dangling.wav')
    symlinkSync(join(tmp.dir, 'gone.wav'), dangling)
    const cases: string[] = [files.dir as string, fifo, '/dev/zero', '/', dangling, join(tmp.dir, 'nope.flac')]
    // root reads every file: only a non-root run can test an unreadable one
    if (process.getuid?.() !== 0) cases.push(unreadable, '/etc/shadow')
    const answers = new Set<string>()
    for (const f of cases) {
      const res = await fingerprint({ filepath: f })
      const body = (await res.json()) as { error: string; code?: string }
      expect(res.status, f).toBe(404)
      answers.add(`${res.status} ${body.code} ${body.error.replace(f, '<path>')}`)
    }
    expect([...answers]).toHaveLength(1)
  })

  it('without a token, takes only absolute paths: the working directory is not for callers to explore', async () => {
    for (const f of ['package.json', './package.json', 'src/../package.json', 'nope.wav', '~/x.wav']) {
      const res = await fingerprint({ filepath: f })
      expect(res.status, f).toBe(400)
      expect(((await res.json()) as { error: string }).error, f).toMatch(/absolute/)
    }
  })

  it('answers 400 for bad input', async () => {
    const cases: [unknown, string | undefined][] = [
      [{}, undefined],
      [{ filepath: '' }, undefined],
      [{ filepath: 12 }, undefined],
      [{ filepath: [files.sine] }, undefined],
      [{ filepath: files.sine, track_id: { x: 1 } }, undefined],
      [{ filepath: files.sine, extra: true }, undefined],
      [null, '{"filepath": '],
      [null, '[]'],
    ]
    for (const [body, raw] of cases) {
      const res = await fingerprint(body, raw)
      expect(res.status, raw ?? JSON.stringify(body)).toBe(400)
      expect(await res.json()).toHaveProperty('error')
    }
    expect((await fetch(`${server.url}/fingerprint`)).status).toBe(405)
  })

  it('keeps answering other requests while a long file is analysed (the work runs in a worker)', async () => {
    const started = performance.now()
    let analysedAt = 0
    const job = fingerprint({ filepath: files.long }).then(async (res) => {
      analysedAt = performance.now()
      return res
    })
    // Poll /health during the analysis: each answer must come back promptly.
    const latencies: number[] = []
    await new Promise((r) => setTimeout(r, 150))
    while (analysedAt === 0 && latencies.length < 200) {
      const t0 = performance.now()
      const res = await fetch(`${server.url}/health`)
      await res.json()
      if (analysedAt === 0) latencies.push(performance.now() - t0)
      await new Promise((r) => setTimeout(r, 20))
    }
    const res = await job
    expect(res.status, await res.clone().text()).toBe(200)
    const body = (await res.json()) as { metadata: { durationSec: number } }
    expect(body.metadata.durationSec).toBeCloseTo(240, 0)
    const analysisMs = analysedAt - started
    console.log(
      `/fingerprint of 240 s of audio took ${analysisMs.toFixed(0)} ms; ${latencies.length} /health answers meanwhile, slowest ${Math.max(...latencies).toFixed(0)} ms`,
    )
    // Several answers arrived during the analysis, none waiting for it.
    expect(latencies.length).toBeGreaterThanOrEqual(3)
    expect(Math.max(...latencies)).toBeLessThan(analysisMs / 2)
  })
})
