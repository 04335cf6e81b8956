/**
 * The Electron IPC layer over a real core (temp SQLite file): every contract method has a handler,
 * and every value from the renderer is validated before it reaches the core — bad, missing and
 * hostile arguments come back as clean `bad_request` replies, never as a crash or a core call.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Core, openCore } from '../src/main/core/service'
import { REQUEST_SCHEMAS, validateRequest } from '../src/main/core/validate'
import { createIpcDispatcher, type IpcReply } from '../src/main/electron/ipc'
import { API_METHODS } from '../src/shared/api'
import { makeTempDir } from './helpers/audio'

let core: Core
let dispatch: (method: unknown, req: unknown) => Promise<IpcReply>
const tmp = makeTempDir()

beforeAll(async () => {
  core = await openCore({ dbPath: join(tmp.dir, 'library.db'), workers: 1 })
  dispatch = createIpcDispatcher(core.api, validateRequest)
})

afterAll(async () => {
  await core?.close()
  tmp.cleanup()
})

describe('contract coverage', () => {
  it('the core has a handler and the validator a schema for every contract method', () => {
    for (const m of API_METHODS) {
      expect(typeof core.api[m], m).toBe('function')
      expect(typeof REQUEST_SCHEMAS[m], m).toBe('function')
    }
    expect(Object.keys(core.api).sort()).toEqual([...API_METHODS].sort())
  })
})

describe('IPC validation', () => {
  it('answers valid calls', async () => {
    const roots = await dispatch('library.roots', {})
    expect(roots).toEqual({ ok: true, value: [] })
    const page = await dispatch('tracks.query', { filter: 'x', sort: 'title', offset: 0, limit: 10 })
    expect(page).toMatchObject({ ok: true, value: { total: 0, rows: [] } })
  })

  const bad: [string, unknown, unknown][] = [
    ['unknown method', 'fs.readFile', {}],
    ['prototype method name', '__proto__', {}],
    ['constructor as method', 'constructor', {}],
    ['non-string method', 42, {}],
    ['missing request', 'tracks.get', undefined],
    ['null request', 'tracks.get', null],
    ['array request', 'tracks.get', [1]],
    ['missing id', 'tracks.get', {}],
    ['string id', 'tracks.get', { id: '1' }],
    ['negative id', 'tracks.get', { id: -1 }],
    ['fractional id', 'tracks.get', { id: 1.5 }],
    ['NaN id', 'similar.query', { id: Number.NaN }],
    ['infinite k', 'similar.query', { id: 1, k: Number.POSITIVE_INFINITY }],
    ['unknown group weight', 'similar.query', { id: 1, weights: { loudness: 2 } }],
    ['negative weight', 'similar.query', { id: 1, weights: { rhythm: -1 } }],
    ['extra key', 'library.roots', { evil: true }],
    ['prototype pollution', 'tracks.query', JSON.parse('{"__proto__": {"polluted": true}}')],
    ['huge limit', 'tracks.query', { limit: 1e9 }],
    ['bad sort key', 'tracks.query', { sort: 'path; DROP TABLE tracks' }],
    ['bad state', 'tracks.query', { state: 'deleted' }],
    ['empty path', 'library.addRoot', { path: '' }],
    ['non-string path', 'library.addRoot', { path: { toString: 'x' } }],
    ['overlong path', 'library.addRoot', { path: 'a'.repeat(100_000) }],
    ['bad colour key', 'map.get', { colorBy: 'everything' }],
  ]
  for (const [name, method, req] of bad) {
    it(`rejects ${name}`, async () => {
      const reply = await dispatch(method, req)
      expect(reply.ok).toBe(false)
      expect(reply).toMatchObject({ code: 'bad_request' })
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    })
  }

  it('reports core errors as replies, not crashes', async () => {
    const reply = await dispatch('tracks.get', { id: 999_999 })
    expect(reply.ok).toBe(false)
    if (!reply.ok) expect(reply.error).toMatch(/999999|not found|no track/i)
  })

  it('the database is untouched by rejected calls', async () => {
    await dispatch('library.addRoot', { path: '' })
    expect(await dispatch('library.roots', {})).toEqual({ ok: true, value: [] })
  })
})
