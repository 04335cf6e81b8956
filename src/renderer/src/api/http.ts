/**
 * The contract over HTTP, for the browser served by `soundprint serve`:
 * - calls: `POST /api/<method>` with the request as JSON → the response as JSON; a failure is a
 *   non-2xx status with `{error, code?}`.
 * - events: one EventSource on `GET /api/events` (each message `event: <name>` / `data: <json>`);
 *   it reconnects by itself (the browser retries a dropped stream; one the browser gave up on is
 *   reopened here with a growing pause), and listeners of `connection` learn when it drops and
 *   when it (re)opens, so the UI can say it is offline and refresh what it may have missed.
 * - audio: `GET /api/audio/<id>` (Range supported); cover images: `GET /api/cover/<cover id>?size=thumb|full`.
 * - an optional bearer token: sent as `Authorization: Bearer …` on calls and as the `token` query
 *   parameter on the EventSource and audio URLs (which cannot carry headers).
 */
import type {
  ApiError,
  ApiEvent,
  ApiEvents,
  ApiMethod,
  ApiRequest,
  ApiResponse,
  CoverSize,
  SoundprintApi,
} from '../../../shared/api'
import { ApiCallError } from './errors'

interface HttpApiOptions {
  /** Origin + base path, e.g. '' (same origin) or 'http://127.0.0.1:8766'. */
  base?: string
  token?: string | null
  fetch?: typeof fetch
  EventSource?: typeof EventSource
  /** Pause before reopening an event stream the browser closed, growing ×2 up to `maxRetryMs`. */
  retryMs?: number
  maxRetryMs?: number
}

interface HttpApi extends SoundprintApi {
  /** Called with true when the event stream (re)opens and false when it drops. */
  onConnection(listener: (open: boolean) => void): () => void
}

export function createHttpApi(opts: HttpApiOptions = {}): HttpApi {
  const base = (opts.base ?? '').replace(/\/$/, '')
  const token = opts.token || null
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis)
  const ES = opts.EventSource ?? globalThis.EventSource
  const withToken = (url: string) =>
    token ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : url

  const listeners = new Map<ApiEvent, Set<(payload: never) => void>>()
  const connectionListeners = new Set<(open: boolean) => void>()
  const attached = new Set<ApiEvent>()
  let source: EventSource | null = null
  const firstRetry = opts.retryMs ?? 1000
  const maxRetry = opts.maxRetryMs ?? 15_000
  let retry = firstRetry
  let retryTimer: ReturnType<typeof setTimeout> | null = null

  const attach = (event: ApiEvent) => {
    if (!source || attached.has(event)) return
    attached.add(event)
    source.addEventListener(event, (msg) => {
      let payload: unknown
      try {
        payload = JSON.parse((msg as MessageEvent<string>).data)
      } catch {
        return
      }
      for (const l of listeners.get(event) ?? []) (l as (p: unknown) => void)(payload)
    })
  }

  const ensureSource = () => {
    if (source || !ES || retryTimer) return
    const es = new ES(withToken(`${base}/api/events`))
    source = es
    attached.clear()
    es.onopen = () => {
      retry = firstRetry
      for (const l of connectionListeners) l(true)
    }
    es.onerror = () => {
      for (const l of connectionListeners) l(false)
      // CONNECTING: the browser retries by itself. CLOSED: it gave up (e.g. an error status from a
      // proxy while the server restarts); open a new stream after a pause.
      if (es.readyState === 2 && source === es) {
        es.close()
        source = null
        retryTimer = setTimeout(() => {
          retryTimer = null
          ensureSource()
        }, retry)
        retry = Math.min(maxRetry, retry * 2)
      }
    }
    for (const e of listeners.keys()) attach(e)
  }

  return {
    async call<M extends ApiMethod>(method: M, req: ApiRequest<M>): Promise<ApiResponse<M>> {
      let res: Response
      try {
        res = await doFetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(req ?? {}),
        })
      } catch {
        throw new ApiCallError(
          'The Soundprint server is not answering. Is soundprint serve still running? (It reconnects by itself.)',
          'network',
        )
      }
      const text = await res.text()
      let body: unknown = null
      try {
        body = text ? JSON.parse(text) : null
      } catch {
        body = null
      }
      if (!res.ok) {
        const e = body as Partial<ApiError> | null
        const message =
          typeof e?.error === 'string' && e.error
            ? e.error
            : res.status === 401
              ? 'The server needs an access token: open the address with ?token=… as soundprint serve printed it.'
              : `${method} failed (HTTP ${res.status})`
        throw new ApiCallError(message, typeof e?.code === 'string' ? e.code : undefined, res.status)
      }
      return body as ApiResponse<M>
    },

    on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener as (payload: never) => void)
      ensureSource()
      attach(event)
      return () => {
        set.delete(listener as (payload: never) => void)
      }
    },

    audioUrl(id: number): string {
      return withToken(`${base}/api/audio/${encodeURIComponent(String(id))}`)
    },

    coverUrl(coverId: string, size: CoverSize): string {
      return withToken(`${base}/api/cover/${encodeURIComponent(coverId)}?size=${size === 'full' ? 'full' : 'thumb'}`)
    },

    onConnection(listener: (open: boolean) => void): () => void {
      connectionListeners.add(listener)
      ensureSource()
      return () => {
        connectionListeners.delete(listener)
      }
    },
  }
}
