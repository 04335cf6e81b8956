/**
 * `soundprint serve` refuses what it must: invalid and hostile request bodies (400 naming the field),
 * unknown methods (404), wrong verbs (405), oversized bodies (413), cross-site requests (403), DNS
 * rebinding (403), missing tokens (401), paths out of the UI folder; and it will not listen beyond
 * loopback without a token. Real HTTP requests against a server on a real (empty) library.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../src/main/core/service'
import { openCore } from '../src/main/core/service'
import { type RunningServer, startServer } from '../src/main/server/server'
import { makeTempDir } from './helpers/audio'

let tmp: ReturnType<typeof makeTempDir>
let core: Core
let server: RunningServer
let uiDir: string

/** A raw request (no URL normalisation by the client), for paths and headers fetch would rewrite. */
function raw(
  url: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(url)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        )
      },
    )
    req.on('error', reject)
    req.end(opts.body)
  })
}

const post = (path: string, body: string, headers: Record<string, string> = {}, base = server.url) =>
  fetch(`${base}${path}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } })

beforeAll(async () => {
  tmp = makeTempDir('soundprint-server-sec-')
  // A stand-in for out/renderer: index.html, a hashed asset, and a secret beside (not inside) the folder.
  uiDir = join(tmp.dir, 'ui')
  mkdirSync(join(uiDir, 'assets'), { recursive: true })
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Soundprint UI</title>')
  writeFileSync(join(uiDir, 'assets', 'index-abc123.js'), 'console.log("app")')
  writeFileSync(join(uiDir, 'assets', 'index-abc123.css'), 'body{}')
  writeFileSync(join(tmp.dir, 'secret.txt'), 'TOP SECRET')
  core = await openCore({ dbPath: join(tmp.dir, 'lib.db'), workers: 1 })
  server = await startServer({ core, port: 0, version: 'test', rendererDir: uiDir })
})

afterAll(async () => {
  await server?.close()
  await core?.close()
  tmp?.cleanup()
})

describe('request validation', () => {
  // [method, body, field named in the error]
  const bad: [string, string, RegExp][] = [
    ['library.roots', '{"x":1}', /x: unknown field/],
    ['library.roots', '[]', /expected an object/],
    ['library.roots', 'null', /expected an object/],
    ['library.roots', '"hello"', /expected an object/],
    ['library.addRoot', '{}', /path: required/],
    ['library.addRoot', '{"path":""}', /path: must not be empty/],
    ['library.addRoot', '{"path":42}', /path: expected a string/],
    ['library.addRoot', '{"path":["/tmp"]}', /path: expected a string/],
    ['library.addRoot', '{"path":"/tmp/a\\u0000b"}', /path: must not contain NUL/],
    ['library.addRoot', JSON.stringify({ path: `/${'a'.repeat(5000)}` }), /path: longer than 4096/],
    ['library.addRoot', '{"path":"/tmp","recursive":true}', /recursive: unknown field/],
    ['library.removeRoot', '{"id":"1"}', /id: expected an integer/],
    ['library.removeRoot', '{"id":0}', /id: must be between 1/],
    ['library.removeRoot', '{"id":-5}', /id: must be between 1/],
    ['library.removeRoot', '{"id":1.5}', /id: expected an integer/],
    ['library.removeRoot', '{"id":1e300}', /id: must be between 1/],
    ['library.rescan', '{"id":null}', /id: expected an integer/],
    ['import.status', '{"verbose":true}', /verbose: unknown field/],
    ['import.pause', '{"now":1}', /now: unknown field/],
    ['import.resume', '[1]', /expected an object/],
    ['import.cancel', '{"all":true}', /all: unknown field/],
    ['tracks.query', '{"limit":1001}', /limit: must be between 0 and 1000/],
    ['tracks.query', '{"limit":-1}', /limit: must be between 0 and 1000/],
    ['tracks.query', '{"offset":-1}', /offset: must be between 0/],
    ['tracks.query', '{"sort":"path; DROP TABLE tracks"}', /sort: expected one of/],
    ['tracks.query', '{"state":"deleted"}', /state: expected one of/],
    ['tracks.query', '{"desc":"yes"}', /desc: expected true or false/],
    ['tracks.query', '{"filter":{"$ne":null}}', /filter: expected a string/],
    ['tracks.query', '{"ids":[]}', /ids/],
    ['tracks.query', `{"ids":[${Array.from({ length: 1001 }, (_, i) => i + 1).join(',')}]}`, /ids/],
    ['tracks.query', '{"ids":[1,"2"]}', /ids\[1\]: expected an integer/],
    ['tracks.get', '{}', /id: required/],
    ['tracks.get', '{"id":true}', /id: expected an integer/],
    ['tracks.prioritize', '{"id":[1]}', /id: expected an integer/],
    ['similar.query', '{"id":1,"k":0}', /k: must be between 1 and 1000/],
    ['similar.query', '{"id":1,"k":100000}', /k: must be between 1 and 1000/],
    ['similar.query', '{"id":1,"weights":{"tempo":1}}', /weights.tempo: unknown key/],
    ['similar.query', '{"id":1,"weights":{"rhythm":-1}}', /weights.rhythm: must be between 0/],
    ['similar.query', '{"id":1,"weights":{"rhythm":"2"}}', /weights.rhythm: expected a finite number/],
    ['similar.query', '{"id":1,"weights":[1,2]}', /weights: expected an object/],
    ['similar.query', '{"id":1,"weights":{"__proto__":{"polluted":1}}}', /weights.__proto__: unknown key/],
    ['similar.query', '{"id":1,"constructor":{"prototype":{"x":1}}}', /constructor: unknown field/],
    ['library.stats', '{"dims":["lufs"]}', /dims: unknown field/],
    ['map.get', '{"colorBy":"loudness"}', /colorBy: expected one of/],
    ['map.get', '{"colorBy":"toString"}', /colorBy: expected one of/],
    ['map.get', '{"colorBy":"composer"}', /colorBy: expected one of/],
    ['albums.query', '{"sort":"rating"}', /sort: expected one of/],
    ['albums.get', '{}', /key: required/],
    ['artists.query', '{"limit":5000}', /limit: must be between/],
    ['genres.query', '{"all":true}', /all: unknown field/],
    ['folders.children', '{"path":""}', /path: must not be empty/],
    ['settings.get', '[]', /expected an object/],
    ['settings.set', '{"watchFolders":"no"}', /watchFolders: expected true or false/],
    ['watch.status', '{"roots":[]}', /roots: unknown field/],
    ['radio.next', '{"seeds":[]}', /seeds/],
    ['radio.next', '{"seeds":[1],"count":101}', /count: must be between 1 and 100/],
    ['radio.next', '{"seeds":[1],"feedback":[{"id":1,"kind":"hate"}]}', /feedback\[0\]\.kind: expected one of/],
    ['path.find', '{"from":1,"to":2,"steps":1}', /steps: must be between 2 and 30/],
    ['playlists.list', '{"all":true}', /all: unknown field/],
    ['playlists.get', '{"id":"1"}', /id: expected an integer/],
    ['playlists.create', '{"trackIds":[1]}', /name: required/],
    ['playlists.rename', '{"id":1,"name":42}', /name: expected a string/],
    ['playlists.setTracks', '{"id":1,"trackIds":"1,2"}', /trackIds/],
    ['playlists.delete', '{}', /id: required/],
    ['playlists.export', '{"id":1,"relativeTo":""}', /relativeTo: must not be empty/],
    ['playlists.import', '{"m3u":5}', /m3u: expected a string/],
  ]
  it.each(bad)('%s %s → 400', async (method, body, message) => {
    const res = await post(`/api/${method}`, body)
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const json = (await res.json()) as { error: string; code: string }
    expect(json.code).toBe('invalid_request')
    expect(json.error).toMatch(message)
  })

  it('covers every method of the contract with a rejected body', async () => {
    const { API_METHODS } = await import('../src/shared/api')
    expect(new Set(bad.map(([m]) => m))).toEqual(new Set(API_METHODS))
  })

  it('accepts valid bodies, including an empty body for methods without arguments', async () => {
    expect((await post('/api/library.roots', '')).status).toBe(200)
    expect(await (await post('/api/library.roots', '{}')).json()).toEqual([])
    const page = await post('/api/tracks.query', '{"filter":"x","sort":"tempoBpm","desc":true,"offset":0,"limit":1000}')
    expect(page.status).toBe(200)
    expect(await page.json()).toEqual({ total: 0, offset: 0, rows: [] })
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('answers malformed JSON with 400 and unknown methods with 404', async () => {
    const broken = await post('/api/tracks.query', '{"limit": 5')
    expect(broken.status).toBe(400)
    expect(((await broken.json()) as { code: string }).code).toBe('invalid_json')
    for (const name of ['nope', 'tracks.delete', '__proto__', 'constructor', 'library.roots/extra']) {
      const res = await post(`/api/${name}`, '{}')
      expect(res.status, name).toBe(404)
      expect(((await res.json()) as { error: string }).error).toMatch(/unknown API method/)
    }
  })

  it('answers a known method with the wrong verb with 405 and an Allow header', async () => {
    const res = await fetch(`${server.url}/api/library.roots`)
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
  })

  it('refuses bodies over 1 MiB with 413, declared or streamed', async () => {
    const big = JSON.stringify({ filter: 'x'.repeat(1024 * 1024 + 10) })
    const declared = await post('/api/tracks.query', big)
    expect(declared.status).toBe(413)
    expect(((await declared.json()) as { code: string }).code).toBe('payload_too_large')
    // Chunked upload without a Content-Length: the limit applies as the bytes arrive.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 40) controller.close()
        else {
          sent++
          controller.enqueue(chunk)
        }
      },
    })
    const streamed = await fetch(`${server.url}/api/tracks.query`, {
      method: 'POST',
      body: stream,
      headers: { 'Content-Type': 'application/json' },
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    // The server still answers afterwards.
    expect((await post('/api/library.roots', '{}')).status).toBe(200)
  })
})

describe('browser attacks', () => {
  it('refuses a cross-origin POST (another site calling the local server)', async () => {
    const res = await post('/api/library.addRoot', JSON.stringify({ path: tmp.dir }), { Origin: 'http://evil.example' })
    expect(res.status).toBe(403)
    expect(await (await post('/api/library.roots', '{}', { Origin: 'null' })).status).toBe(403)
    // The page the server itself served may call it.
    const same = await post('/api/library.roots', '{}', { Origin: server.url })
    expect(same.status).toBe(200)
  })

  it("refuses another site's GETs of audio, events and every other route, by Sec-Fetch-Site, Origin or Referer", async () => {
    const crossSite: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'audio' },
      // another port on localhost is the same site, but another origin
      { 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'audio' },
      { Origin: 'http://evil.example' },
      { Origin: 'null' },
      { Referer: 'http://evil.example/page.html' },
      { Referer: `http://localhost:1/${server.url}` },
    ]
    for (const headers of crossSite) {
      // (/health, like the UI, stays open to old browsers' navigations, which send only a Referer)
      const paths = ['/api/audio/1', '/api/events', '/api/anything-added-later', '/fingerprint']
      for (const path of headers.Referer ? paths : [...paths, '/health']) {
        const res = await raw(server.url, { path, headers })
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403)
        expect(JSON.parse(res.body).code).toBe('forbidden_origin')
      }
    }
    // A script or stylesheet of the UI embedded by another site: refused too.
    const embedded = await raw(server.url, {
      path: '/assets/index-abc123.js',
      headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'script' },
    })
    expect(embedded.status).toBe(403)
    // The app's own page, a typed address, and tools that are not browsers may.
    const allowed: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'audio' },
      { 'Sec-Fetch-Site': 'none', 'Sec-Fetch-Mode': 'navigate' },
      { Origin: server.url, Referer: `${server.url}/` },
      {},
    ]
    for (const headers of allowed) {
      expect((await raw(server.url, { path: '/api/audio/1', headers })).status, JSON.stringify(headers)).toBe(404)
    }
    // A link from another site opens the app (a top-level navigation), but not the API.
    const nav = { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' }
    expect((await raw(server.url, { path: '/', headers: nav })).status).toBe(200)
    expect((await raw(server.url, { path: '/api/audio/1', headers: nav })).status).toBe(403)
    expect((await raw(server.url, { path: '/api/events', headers: nav })).status).toBe(403)
  })

  it('forbids framing and sends the strict CSP with every response', async () => {
    const routes: [string, string][] = [
      ['GET', '/'],
      ['GET', '/tracks/42'],
      ['GET', '/assets/index-abc123.js'],
      ['GET', '/assets/missing.js'],
      ['GET', '/health'],
      ['POST', '/api/library.roots'],
      ['POST', '/api/nope'],
      ['GET', '/api/audio/1'],
    ]
    for (const [method, path] of routes) {
      const res = await raw(server.url, { method, path, body: method === 'POST' ? '{}' : undefined })
      expect(res.headers['x-frame-options'], path).toBe('DENY')
      const csp = String(res.headers['content-security-policy'])
      expect(csp, path).toMatch(/(^|; )frame-ancestors 'none'(;|$)/)
      expect(csp, path).toMatch(/(^|; )default-src 'none'(;|$)/)
      expect(csp, path).toMatch(/(^|; )script-src 'self'(;|$)/)
      expect(csp, path).toMatch(/(^|; )media-src 'self'(;|$)/)
      expect(csp, path).not.toMatch(/unsafe-eval|https?:|\*/)
      expect(res.headers['cross-origin-resource-policy'], path).toBe('same-origin')
    }
  })

  it('refuses requests that name another host (DNS rebinding)', async () => {
    const port = new URL(server.url).port
    const rebound = await raw(server.url, { path: '/api/events', headers: { Host: `attacker.example:${port}` } })
    expect(rebound.status).toBe(403)
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      const ok = await raw(server.url, {
        method: 'POST',
        path: '/api/library.roots',
        headers: { Host: host },
        body: '{}',
      })
      expect(ok.status, host).toBe(200)
    }
  })
})

describe('static UI', () => {
  it('serves index.html, assets with their MIME types, and the app for client routes', async () => {
    const index = await fetch(`${server.url}/`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await index.text()).toContain('Soundprint UI')
    const js = await fetch(`${server.url}/assets/index-abc123.js`)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('cache-control')).toContain('immutable')
    expect((await fetch(`${server.url}/assets/index-abc123.css`)).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    )
    const route = await fetch(`${server.url}/tracks/42`)
    expect(route.status).toBe(200)
    expect(await route.text()).toContain('Soundprint UI')
    expect((await fetch(`${server.url}/assets/missing-123.js`)).status).toBe(404)
    const head = await fetch(`${server.url}/assets/index-abc123.js`, { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe('18')
  })

  it('never serves a file outside the UI folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/..\\secret.txt',
      '/assets/%00.js',
      '/%ZZ',
    ]) {
      const res = await raw(server.url, { path })
      expect(res.body, path).not.toContain('TOP SECRET')
      expect(res.body, path).not.toContain('root:')
      expect([200, 400, 404], path).toContain(res.status)
      if (res.status === 200) expect(res.body, path).toContain('Soundprint UI')
    }
  })
})

describe('tokens and addresses', () => {
  it('will not listen beyond loopback without a token', async () => {
    await expect(startServer({ core, host: '0.0.0.0', port: 0, version: 'test' })).rejects.toThrow(
      /refusing to listen on 0\.0\.0\.0 without a token/,
    )
    await expect(startServer({ core, host: '0.0.0.0', port: 0, version: 'test', token: 'short' })).rejects.toThrow(
      /too short/,
    )
  })

  it('with a token, every /api route and /fingerprint need it; /health and the UI stay open', async () => {
    const token = 'correct-horse-battery-staple'
    const open = await startServer({ core, host: '0.0.0.0', port: 0, version: 'test', token, rendererDir: uiDir })
    const base = `http://127.0.0.1:${open.port}`
    try {
      const none = await post('/api/library.roots', '{}', {}, base)
      expect(none.status).toBe(401)
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
      expect((await post('/api/library.roots', '{}', { Authorization: 'Bearer wrong-token-value' }, base)).status).toBe(
        401,
      )
      expect((await post('/api/library.roots', '{}', { Authorization: `Bearer ${token}` }, base)).status).toBe(200)
      expect((await post(`/api/library.roots?token=${token}`, '{}', {}, base)).status).toBe(200)
      // The scheme is case-insensitive (RFC 9110 §11.1); the token itself is not.
      for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
        const auth = { Authorization: `${scheme} ${token}` }
        expect((await post('/api/library.roots', '{}', auth, base)).status, scheme).toBe(200)
      }
      expect(
        (await post('/api/library.roots', '{}', { Authorization: `Bearer ${token.toUpperCase()}` }, base)).status,
      ).toBe(401)
      expect((await post('/api/library.roots', '{}', { Authorization: `Basic ${token}` }, base)).status).toBe(401)
      expect((await fetch(`${base}/api/audio/1`)).status).toBe(401)
      expect((await fetch(`${base}/api/events`)).status).toBe(401)
      expect((await post('/fingerprint', '{"filepath":"/etc/passwd"}', {}, base)).status).toBe(401)
      // Any Host is fine once a token guards the API.
      const viaName = await raw(base, {
        method: 'POST',
        path: '/api/library.roots',
        headers: { Host: 'music-box.lan', Authorization: `Bearer ${token}` },
        body: '{}',
      })
      expect(viaName.status).toBe(200)
      const events = await fetch(`${base}/api/events?token=${token}`)
      expect(events.status).toBe(200)
      expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/)
      await events.body?.cancel()
      expect((await fetch(`${base}/health`)).status).toBe(200)
      expect((await fetch(`${base}/`)).status).toBe(200)
    } finally {
      await open.close()
    }
  })
})
