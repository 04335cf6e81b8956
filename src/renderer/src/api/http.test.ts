import { describe, expect, it } from 'vitest'
import { ApiCallError } from './errors'
import { createHttpApi } from './http'

/** Records requests and answers with a scripted status and body. */
function fakeFetch(status: number, body: unknown) {
  const requests: { url: string; init: RequestInit }[] = []
  const fetch = (async (url: string, init: RequestInit) => {
    requests.push({ url, init })
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })
  }) as unknown as typeof globalThis.fetch
  return { fetch, requests }
}

/** A stand-in for the browser's EventSource: records its URL and lets the test push messages. */
class FakeEventSource {
  static last: FakeEventSource | null = null
  onopen: (() => void) | null = null
  onerror: (() => void) | null = null
  private listeners = new Map<string, ((m: { data: string }) => void)[]>()
  constructor(readonly url: string) {
    FakeEventSource.last = this
  }
  addEventListener(name: string, fn: (m: { data: string }) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn])
  }
  emit(name: string, data: string) {
    for (const fn of this.listeners.get(name) ?? []) fn({ data })
  }
}

describe('HTTP transport', () => {
  it('POSTs the request as JSON to /api/<method> and returns the JSON answer', async () => {
    const { fetch, requests } = fakeFetch(200, { total: 0, offset: 0, rows: [] })
    const api = createHttpApi({ fetch })
    const page = await api.call('tracks.query', { filter: 'saw', limit: 5 })
    expect(page.total).toBe(0)
    expect(requests[0]!.url).toBe('/api/tracks.query')
    expect(requests[0]!.init.method).toBe('POST')
    expect(JSON.parse(String(requests[0]!.init.body))).toEqual({ filter: 'saw', limit: 5 })
    expect((requests[0]!.init.headers as Record<string, string>).Authorization).toBeUndefined()
  })

  it('turns {error, code} with a non-2xx status into an ApiCallError', async () => {
    const { fetch } = fakeFetch(404, { error: 'no track with id 9', code: 'not_found' })
    const err = await createHttpApi({ fetch })
      .call('tracks.get', { id: 9 })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiCallError)
    expect(err).toMatchObject({ message: 'no track with id 9', code: 'not_found', status: 404 })
  })

  it('explains a missing token and an unreachable server', async () => {
    const noToken = await createHttpApi({ fetch: fakeFetch(401, '').fetch })
      .call('library.roots', {})
      .catch((e: Error) => e.message)
    expect(noToken).toMatch(/token/)
    const down = (async () => {
      throw new TypeError('Failed to fetch')
    }) as unknown as typeof fetch
    const unreachable = await createHttpApi({ fetch: down })
      .call('library.roots', {})
      .catch((e: Error) => e.message)
    expect(unreachable).toMatch(/The Soundprint server is not answering/)
    expect(unreachable).not.toMatch(/`|Failed to fetch/)
  })

  it('sends the token as a bearer header on calls and as ?token= on the event stream and audio', async () => {
    const { fetch, requests } = fakeFetch(200, [])
    const api = createHttpApi({
      fetch,
      token: 's3cret token',
      EventSource: FakeEventSource as unknown as typeof EventSource,
    })
    await api.call('library.roots', {})
    expect((requests[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer s3cret token')
    expect(api.audioUrl(42)).toBe('/api/audio/42?token=s3cret%20token')
    expect(api.coverUrl('ab12', 'thumb')).toBe('/api/cover/ab12?size=thumb&token=s3cret%20token')
    api.on('import.progress', () => {})
    expect(FakeEventSource.last!.url).toBe('/api/events?token=s3cret%20token')
  })

  it('delivers server-sent events to every listener of that event until they unsubscribe', () => {
    const api = createHttpApi({
      fetch: fakeFetch(200, {}).fetch,
      EventSource: FakeEventSource as unknown as typeof EventSource,
    })
    const got: unknown[] = []
    const off = api.on('library.changed', (p) => got.push(p))
    api.on('import.progress', () => got.push('wrong'))
    const es = FakeEventSource.last!
    expect(es.url).toBe('/api/events')
    es.emit('library.changed', '{"trackIds":[1,2]}')
    es.emit('library.changed', 'not json')
    off()
    es.emit('library.changed', '{}')
    expect(got).toEqual([{ trackIds: [1, 2] }])
    expect(api.audioUrl(7)).toBe('/api/audio/7')
  })
})

describe('HTTP transport: reconnecting', () => {
  class ClosingEventSource extends FakeEventSource {
    static all: ClosingEventSource[] = []
    readyState = 0
    closed = false
    constructor(url: string) {
      super(url)
      ClosingEventSource.all.push(this)
    }
    close() {
      this.closed = true
    }
  }

  it('reports drops and reopens, and opens a new stream when the browser gave up on the old one', async () => {
    ClosingEventSource.all = []
    const api = createHttpApi({ EventSource: ClosingEventSource as unknown as typeof EventSource, retryMs: 5 })
    const states: boolean[] = []
    const got: unknown[] = []
    api.onConnection((open) => states.push(open))
    api.on('library.changed', (p) => got.push(p))
    const first = ClosingEventSource.all[0]!
    first.onopen!()
    // A dropped stream the browser retries itself: reported, but no new EventSource.
    first.onerror!()
    expect(ClosingEventSource.all).toHaveLength(1)
    // The browser gave up (CLOSED): a new stream after the pause, with the listeners attached again.
    first.readyState = 2
    first.onerror!()
    expect(first.closed).toBe(true)
    await new Promise((r) => setTimeout(r, 30))
    expect(ClosingEventSource.all).toHaveLength(2)
    const second = ClosingEventSource.all[1]!
    second.onopen!()
    second.emit('library.changed', '{"trackIds":[5]}')
    expect(got).toEqual([{ trackIds: [5] }])
    expect(states).toEqual([true, false, false, true])
  })
})
