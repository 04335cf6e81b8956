/**
 * The HTTP transport of the API contract (`soundprint serve`), on node:http:
 * - `POST /api/<method>`: the request as JSON (validated field by field against the contract,
 *   `validate.ts`) → the core's response as JSON; errors `{"error", "code"?}` with 400 (invalid),
 *   404 (unknown method or thing), 413 (body over the limit), 500.
 * - `GET /api/events`: server-sent events (`events.ts`); `GET /api/audio/<id>`: the track's file with
 *   Range support (`audio.ts`); `GET /api/cover/<cover id>?size=thumb|full`: a cover image (`cover.ts`).
 * - `GET /health`, `POST /fingerprint`: the standalone fingerprint server's routes (`fingerprint.ts`).
 * - everything else: the built renderer (`static.ts`).
 *
 * Safe by default: it binds loopback unless told otherwise, and a non-loopback address needs a token.
 * With a token, every /api route and /fingerprint need `Authorization: Bearer <token>` or
 * `?token=<token>` (EventSource and <audio> cannot send headers); /health and the static UI stay open.
 * Without a token the Host header must name a loopback address (no DNS rebinding). In every mode,
 * another site's page can neither frame the UI nor call any route (`guard.ts`, applied to every request).
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isIP } from 'node:net'
import { createNodeSpawner } from '../core/node-spawner'
import { DspPool } from '../core/pool'
import type { Core } from '../core/service'
import { isApiMethod, ValidationError, validateRequest } from '../core/validate'
import { serveAudio } from './audio'
import { serveCover } from './cover'
import { EventHub } from './events'
import { type Analyzer, FingerprintRoutes } from './fingerprint'
import { crossSiteRefusal, SECURITY_HEADERS } from './guard'
import { HttpError, readJson, sendError, sendJson } from './http'
import { resolveRendererDir, serveStatic } from './static'

export const DEFAULT_PORT = 8766
export const DEFAULT_HOST = '127.0.0.1'
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024
const MIN_TOKEN_LENGTH = 8

interface ServerOptions {
  core: Core
  /** Address to bind (default 127.0.0.1). A non-loopback address requires `token`. */
  host?: string
  /** Port (default 8766; 0 picks a free one). */
  port?: number
  /** Bearer token for /api and /fingerprint; required when `host` is not loopback. */
  token?: string | null
  /** The built renderer (default: out/renderer found beside the running code). */
  rendererDir?: string | null
  /** Reported by /health. */
  version: string
  /** Runs /fingerprint analyses (default: a one-worker DSP pool started on first use). */
  analyzer?: Analyzer
  /** Largest accepted request body (default 1 MiB). */
  maxBodyBytes?: number
  /** Interval of SSE keep-alive comments (default 15 s). */
  keepAliveMs?: number
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8766 */
  readonly url: string
  readonly host: string
  readonly port: number
  readonly server: Server
  /** Open event streams (GET /api/events) right now. */
  readonly eventClients: number
  /** Stops accepting connections, ends event streams and in-flight requests, stops the /fingerprint worker. */
  close(): Promise<void>
}

/** Whether a host name or address only reaches this machine. */
function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || h.startsWith('::ffff:127.')
  return false
}

/** The hostname part of a Host header ("[::1]:8766" → "::1", "example.com:80" → "example.com"). */
function hostnameOf(hostHeader: string): string {
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(hostHeader)
  if (m) return m[1] as string
  const i = hostHeader.lastIndexOf(':')
  return i >= 0 && hostHeader.indexOf(':') === i ? hostHeader.slice(0, i) : hostHeader
}

/** Why these options cannot start a server, or null. */
export function checkServerOptions(opts: Pick<ServerOptions, 'host' | 'token'>): string | null {
  const host = opts.host ?? DEFAULT_HOST
  const token = opts.token ?? null
  if (token !== null && token.length < MIN_TOKEN_LENGTH) {
    return `the token is too short (${token.length} characters): use at least ${MIN_TOKEN_LENGTH}, e.g. \`openssl rand -hex 16\``
  }
  if (!isLoopbackHost(host) && !token) {
    return `refusing to listen on ${host} without a token: anyone who can reach it could read your library and files. Pass --token <secret> (e.g. \`--token $(openssl rand -hex 16)\`), or bind 127.0.0.1`
  }
  return null
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const problem = checkServerOptions(opts)
  if (problem) throw new Error(problem)
  const host = opts.host ?? DEFAULT_HOST
  const token = opts.token ?? null
  const tokenDigest = token ? createHash('sha256').update(token).digest() : null
  const core = opts.core
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const rendererDir = opts.rendererDir === undefined ? resolveRendererDir() : opts.rendererDir
  const ownAnalyzer = !opts.analyzer
  const analyzer: Analyzer = opts.analyzer ?? new DspPool({ size: 1, spawner: createNodeSpawner() })
  const events = new EventHub(core, opts.keepAliveMs)
  const legacy = new FingerprintRoutes(analyzer, opts.version, maxBody, undefined, !token)

  const authorised = (req: IncomingMessage, url: URL): boolean => {
    if (!tokenDigest) return true
    const given = bearerToken(req.headers.authorization) ?? url.searchParams.get('token')
    if (!given) return false
    return timingSafeEqual(createHash('sha256').update(given).digest(), tokenDigest)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET'
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://localhost')
    } catch {
      throw new HttpError(400, 'bad request URL', 'bad_request')
    }
    const path = url.pathname

    // DNS rebinding: without a token, only names that resolve to this machine may be used.
    const hostHeader = req.headers.host
    if (!token && hostHeader && !isLoopbackHost(hostnameOf(hostHeader)) && hostnameOf(hostHeader) !== host) {
      throw new HttpError(
        403,
        `requests must address the server as localhost or 127.0.0.1, not ${hostHeader}`,
        'forbidden_host',
      )
    }
    // Another site's page (forgery, embedding audio, listening to events): refused for every route.
    const refusal = crossSiteRefusal(req, path)
    if (refusal) throw new HttpError(403, refusal, 'forbidden_origin')

    if (path === '/health') {
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET')
      legacy.health(res)
      return
    }
    if (path === '/fingerprint') {
      if (method !== 'POST') throw methodNotAllowed('POST')
      if (!authorised(req, url)) throw unauthorised()
      await legacy.fingerprint(req, res)
      return
    }
    if (path === '/api' || path.startsWith('/api/')) {
      if (!authorised(req, url)) throw unauthorised()
      const rest = path.slice(5)
      if (rest === 'events') {
        if (method !== 'GET') throw methodNotAllowed('GET')
        await events.open(req, res)
        return
      }
      // Matched on the path as sent too, before `..` is resolved: `/api/cover/../x` is a bad cover id, not /api/x.
      const rawPath = (req.url ?? '').split('?')[0] ?? ''
      if (rest.startsWith('cover/') || rawPath.startsWith('/api/cover/')) {
        if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET, HEAD')
        const idText = rawPath.startsWith('/api/cover/') ? rawPath.slice('/api/cover/'.length) : rest.slice(6)
        await serveCover(req, res, core, idText, url.searchParams.get('size'))
        return
      }
      if (rest.startsWith('audio/')) {
        if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET, HEAD')
        await serveAudio(req, res, core, rest.slice(6))
        return
      }
      let name: string
      try {
        name = decodeURIComponent(rest)
      } catch {
        name = rest
      }
      if (!isApiMethod(name)) throw new HttpError(404, `unknown API method "${name.slice(0, 80)}"`, 'unknown_method')
      if (method !== 'POST') throw methodNotAllowed('POST')
      const body = await readJson(req, maxBody)
      let request: ReturnType<typeof validateRequest>
      try {
        request = validateRequest(name, body)
      } catch (err) {
        if (err instanceof ValidationError) throw new HttpError(400, `${name}: ${err.message}`, err.code)
        throw err
      }
      const handler = core.api[name] as (req: unknown) => Promise<unknown>
      let result: unknown
      try {
        result = await handler(request)
      } catch (err) {
        throw coreError(name, err)
      }
      sendJson(res, 200, result ?? null)
      return
    }
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET, HEAD')
    await serveStatic(req, res, rendererDir, path)
  }

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (err instanceof HttpError) {
        sendError(res, err.status, err.message, err.code, err.headers)
        if (err.status === 413) {
          // The client may still be uploading: give it a moment to read the answer, then hang up.
          res.on('finish', () => setTimeout(() => req.socket.destroy(), 1000).unref())
        }
        return
      }
      console.error('soundprint serve: internal error:', err)
      sendError(res, 500, `internal error: ${err instanceof Error ? err.message : String(err)}`, 'internal')
    })
  })
  // Slow-loris guard for headers; responses (event streams, audio) may stay open as long as they like.
  server.headersTimeout = 30_000
  server.requestTimeout = 120_000

  await new Promise<void>((resolveListen, rejectListen) => {
    const onError = (err: NodeJS.ErrnoException) => {
      rejectListen(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${opts.port ?? DEFAULT_PORT} on ${host} is already in use: pick another with --port`)
          : err,
      )
    }
    server.once('error', onError)
    server.listen(opts.port ?? DEFAULT_PORT, host, () => {
      server.off('error', onError)
      resolveListen()
    })
  })
  const address = server.address() as AddressInfo
  const urlHost = isIP(host) === 6 ? `[${host}]` : host
  let closed: Promise<void> | null = null

  return {
    url: `http://${urlHost}:${address.port}`,
    host,
    port: address.port,
    server,
    get eventClients() {
      return events.size
    },
    close() {
      closed ??= (async () => {
        events.close()
        const done = new Promise<void>((r) => server.close(() => r()))
        server.closeIdleConnections()
        // In-flight requests get a moment to finish; then every connection is cut.
        const timer = setTimeout(() => server.closeAllConnections(), 2000)
        await done
        clearTimeout(timer)
        if (ownAnalyzer) await analyzer.close()
      })()
      return closed
    },
  }
}

/** The credentials of an `Authorization: Bearer <token>` header; the scheme is case-insensitive (RFC 9110 §11.1). */
function bearerToken(header: string | undefined): string | null {
  const m = /^\s*bearer[ \t]+(\S+)\s*$/i.exec(header ?? '')
  return m ? (m[1] as string) : null
}

function methodNotAllowed(allow: string): HttpError {
  return new HttpError(405, `method not allowed (use ${allow})`, 'method_not_allowed', { Allow: allow })
}

function unauthorised(): HttpError {
  return new HttpError(
    401,
    'this server needs its access token: send `Authorization: Bearer <token>` or add `?token=<token>`',
    'unauthorized',
    { 'WWW-Authenticate': 'Bearer realm="soundprint"' },
  )
}

/** Maps an error thrown by a core handler to an HTTP error by its `code` (or its message, as a last resort). */
function coreError(method: string, err: unknown): HttpError {
  const e = err as { message?: unknown; code?: unknown; status?: unknown }
  const message = typeof e?.message === 'string' ? e.message : String(err)
  const code = typeof e?.code === 'string' ? e.code : undefined
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 600) return new HttpError(e.status, message, code)
  switch (code) {
    case 'not_found':
    case 'NOT_FOUND':
    case 'ENOENT':
      return new HttpError(404, message, code)
    case 'invalid':
    case 'invalid_request':
    case 'invalid_argument':
    case 'bad_request':
    case 'not_a_folder':
    case 'ENOTDIR':
      return new HttpError(400, message, code)
    case 'conflict':
    case 'busy':
    case 'already_in_library':
    case 'read_only':
      return new HttpError(409, message, code)
    default:
      console.error(`soundprint serve: ${method} failed:`, err)
      return new HttpError(500, message, code ?? 'internal')
  }
}
