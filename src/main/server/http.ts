/** Small HTTP helpers shared by the server's routes: JSON responses, errors, size-limited bodies. */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** An error that becomes an HTTP response: `{"error": message, "code"?}` with this status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

/** Headers every response carries. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(res.req.method === 'HEAD' ? undefined : text)
}

export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  code?: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, code ? { error: message, code } : { error: message }, headers)
}

/**
 * Reads the whole request body, at most `limit` bytes. A larger body (by Content-Length, or as it
 * streams in without one) is a 413; the connection is closed after the answer so the client stops
 * sending.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    const tooLarge = () =>
      new HttpError(413, `request body larger than ${limit} bytes`, 'payload_too_large', { Connection: 'close' })
    if (Number.isFinite(declared) && declared > limit) {
      // Let the rest of the upload drain (discarded) so the client reads our answer instead of a reset.
      req.resume()
      reject(tooLarge())
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let failed = false
    req.on('data', (chunk: Buffer) => {
      if (failed) return
      size += chunk.length
      if (size > limit) {
        failed = true
        chunks.length = 0
        reject(tooLarge())
        return
      }
      chunks.push(chunk)
    })
    let ended = false
    req.on('end', () => {
      ended = true
      if (!failed) resolve(Buffer.concat(chunks, size))
    })
    req.on('error', (err) => {
      if (!failed) reject(new HttpError(400, `could not read the request body: ${err.message}`, 'bad_body'))
      failed = true
    })
    // A client that hangs up mid-body ends neither way on every Node version: settle here too.
    req.on('close', () => {
      if (!ended && !failed) reject(new HttpError(400, 'the request body was cut short', 'bad_body'))
      failed = true
    })
  })
}

/** Reads and parses a JSON body (an empty body reads as `{}`). Malformed JSON is a 400. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const buf = await readBody(req, limit)
  const text = buf.toString('utf8').trim()
  if (text === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new HttpError(400, `the request body is not valid JSON (${(err as Error).message})`, 'invalid_json')
  }
}
