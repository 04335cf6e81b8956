/**
 * The event stream (`GET /api/events`): every new stream starts with the import status, core events
 * arrive as `event: <name>` / `data: <json>` blocks, keep-alive comments flow while nothing happens, and
 * a client that goes away is unsubscribed at once. Real core on a real (temporary) library.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Core, openCore } from '../src/main/core/service'
import { type RunningServer, startServer } from '../src/main/server/server'
import { makeTempDir, sox } from './helpers/audio'

let tmp: ReturnType<typeof makeTempDir>
let core: Core
let server: RunningServer

beforeAll(async () => {
  tmp = makeTempDir('soundprint-server-events-')
  mkdirSync(join(tmp.dir, 'music'))
  sox('-n', '-r', '44100', '-c', '2', join(tmp.dir, 'music', 'tone.flac'), 'synth', '3', 'sine', '440', 'gain', '-12')
  core = await openCore({ dbPath: join(tmp.dir, 'lib.db'), workers: 1 })
  server = await startServer({ core, port: 0, version: 'test', rendererDir: null, keepAliveMs: 100 })
})

afterAll(async () => {
  await server?.close()
  await core?.close()
  tmp?.cleanup()
})

/** Reads the raw stream text until `until` matches it (or the time runs out). */
async function readUntil(res: Response, until: (text: string) => boolean, ms = 60_000): Promise<string> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let text = ''
  const deadline = Date.now() + ms
  while (!until(text) && Date.now() < deadline) {
    const { value, done } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
  }
  reader.releaseLock()
  return text
}

it('starts with the import status, then sends keep-alive comments while idle', async () => {
  const ac = new AbortController()
  const res = await fetch(`${server.url}/api/events`, { signal: ac.signal })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
  expect(res.headers.get('cache-control')).toBe('no-store')
  const text = await readUntil(res, (t) => (t.match(/: keep-alive\n\n/g) ?? []).length >= 2, 10_000)
  const first = /event: (\S+)\ndata: (.*)\n\n/.exec(text)
  expect(first?.[1]).toBe('import.progress')
  expect(JSON.parse(first?.[2] as string)).toMatchObject({ phase: 'idle', found: 0 })
  expect((text.match(/: keep-alive\n\n/g) ?? []).length).toBeGreaterThanOrEqual(2)
  ac.abort()
})

it('delivers import.progress and library.changed as an import runs, to every open stream', async () => {
  const streams = await Promise.all([1, 2].map(() => fetch(`${server.url}/api/events`)))
  await expect.poll(() => server.eventClients).toBe(2)
  const add = await fetch(`${server.url}/api/library.addRoot`, {
    method: 'POST',
    body: JSON.stringify({ path: join(tmp.dir, 'music') }),
  })
  expect(add.status).toBe(200)
  const done = (t: string) => /"phase":"done"/.test(t) && /event: library\.changed/.test(t)
  const texts = await Promise.all(streams.map((s) => readUntil(s, done)))
  for (const text of texts) {
    const events = [...text.matchAll(/event: (\S+)\ndata: (.*)\n\n/g)].map((m) => ({
      name: m[1],
      data: JSON.parse(m[2] as string),
    }))
    expect(events.some((e) => e.name === 'library.changed')).toBe(true)
    const progress = events
      .filter((e) => e.name === 'import.progress')
      .map((e) => e.data as { phase: string; analysed: number })
    expect(progress.at(-1)).toMatchObject({ phase: 'done', analysed: 1 })
  }
  for (const s of streams) await s.body?.cancel()
})

it('forgets a client as soon as it disconnects', async () => {
  await expect.poll(() => server.eventClients).toBe(0)
  const ac = new AbortController()
  await fetch(`${server.url}/api/events`, { signal: ac.signal })
  await expect.poll(() => server.eventClients).toBe(1)
  ac.abort()
  await expect.poll(() => server.eventClients).toBe(0)
})
