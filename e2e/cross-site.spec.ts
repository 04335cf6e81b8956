/**
 * Another website open in the same browser must not use `soundprint serve`: it cannot frame the UI
 * (clickjacking), and it cannot load a track's audio or the event stream (which would tell it track ids,
 * durations and what the library is doing). A second real HTTP server on another port plays the
 * attacker: its page, opened in Chromium as `http://localhost:<port>` (another site) and as
 * `http://127.0.0.1:<port>` (the same site, another origin), tries all three; the app's own page, as a
 * control, does the same and succeeds.
 */
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { makeTempDir } from '../test/helpers/audio'
import { jsonLines, makeTone, runCli } from '../test/helpers/library-fixtures'
import { type ServeProcess, startServe } from './serve'

let tmp: ReturnType<typeof makeTempDir>
let serve: ServeProcess
let attacker: Server
let attackerPort: number
let trackId: number

/** What the attacker's page reports after trying each way in. */
interface Probe {
  audio: 'loaded' | 'error' | 'pending'
  duration: number | null
  events: 'open' | 'error' | 'pending'
  eventNames: string[]
}

/** A page that frames the app and loads its audio and events, recording what happened. */
function attackerPage(target: string, id: number): string {
  return `<!doctype html><title>Totally unrelated site</title>
<iframe id="victim" name="victim" src="${target}/" width="800" height="600"></iframe>
<script>
  window.probe = { audio: 'pending', duration: null, events: 'pending', eventNames: [] }
  const a = document.createElement('audio')
  a.preload = 'metadata'
  a.onloadedmetadata = () => { probe.audio = 'loaded'; probe.duration = a.duration }
  a.onerror = () => { probe.audio = 'error' }
  a.src = '${target}/api/audio/${id}'
  document.body.append(a)
  const es = new EventSource('${target}/api/events')
  es.onopen = () => { probe.events = 'open' }
  es.addEventListener('import.progress', () => probe.eventNames.push('import.progress'))
  es.onerror = () => { if (probe.events !== 'open') probe.events = 'error'; es.close() }
</script>`
}

async function probeSettled(page: Page): Promise<Probe> {
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { probe: Probe }).probe), { timeout: 20_000 })
    .toMatchObject({ audio: expect.stringMatching(/loaded|error/), events: expect.stringMatching(/open|error/) })
  return page.evaluate(() => (window as unknown as { probe: Probe }).probe)
}

test.beforeAll(async () => {
  test.setTimeout(120_000)
  tmp = makeTempDir('soundprint-e2e-cross-site-')
  const music = join(tmp.dir, 'music')
  mkdirSync(music)
  makeTone(join(music, 'tone.wav'), 440, 2)
  const db = join(tmp.dir, 'lib.db')
  expect(runCli(['scan', '--db', db, '--workers', '1', music]).status).toBe(0)
  trackId = jsonLines(runCli(['tracks', '--db', db, '--json']).stdout)[0]?.id as number
  expect(trackId).toBeGreaterThan(0)
  serve = await startServe(['--db', db, '--workers', '1'])
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(attackerPage(serve.url, trackId))
  })
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r))
  attackerPort = (attacker.address() as AddressInfo).port
})

test.afterAll(async () => {
  await serve?.stop()
  await new Promise((r) => attacker?.close(r))
  tmp?.cleanup()
})

for (const host of ['localhost', '127.0.0.1']) {
  test(`a page on http://${host}:<other port> cannot frame the UI, load audio or listen to events`, async ({
    page,
  }) => {
    const refusals: string[] = []
    page.on('console', (m) => refusals.push(m.text()))
    await page.goto(`http://${host}:${attackerPort}/`)
    const probe = await probeSettled(page)
    expect(probe.audio, 'cross-site <audio> got the track').toBe('error')
    expect(probe.duration).toBeNull()
    expect(probe.events, 'cross-site EventSource connected').toBe('error')
    expect(probe.eventNames).toEqual([])

    // The frame holds Chromium's error page, not the app (the app would have its #root and title).
    const frame = page.frame({ name: 'victim' })
    expect(frame).not.toBeNull()
    await expect.poll(() => frame?.url(), { timeout: 10_000 }).toMatch(/^chrome-error:/)
    expect(await frame?.locator('#root').count()).toBe(0)
    expect(refusals.join('\n')).toMatch(/frame-ancestors 'none'|X-Frame-Options/)
  })
}

test("the app's own page still plays audio and receives events", async ({ page }) => {
  await page.goto(`${serve.url}/`)
  await expect(page).toHaveTitle(/Soundprint/)
  const probe = await page.evaluate(async (id) => {
    const audio = await new Promise<string>((resolve) => {
      const a = new Audio()
      a.preload = 'metadata'
      a.onloadedmetadata = () => resolve(`loaded ${a.duration.toFixed(1)}`)
      a.onerror = () => resolve('error')
      a.src = `/api/audio/${id}`
    })
    const events = await new Promise<string>((resolve) => {
      const es = new EventSource('/api/events')
      es.addEventListener('import.progress', () => {
        es.close()
        resolve('import.progress')
      })
      es.onerror = () => {
        es.close()
        resolve('error')
      }
    })
    return { audio, events }
  }, trackId)
  expect(probe).toEqual({ audio: 'loaded 2.0', events: 'import.progress' })
})
