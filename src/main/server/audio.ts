/**
 * `GET /api/audio/<id>`: streams a track's file for the browser's <audio> element, by track id only
 * (the core maps the id to its file, and serves only audio inside a library folder: `audio-access.ts`;
 * a client never names a path). HTTP Range requests (RFC 9110 §14)
 * give 206 with Content-Range, an unsatisfiable range 416, `If-Range` with a stale validator the whole
 * file; ETag/Last-Modified let the browser revalidate.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseRange } from '../core/http-range'
import type { Core } from '../core/service'
import { BASE_HEADERS, HttpError } from './http'
import { pipeFile } from './static'

export async function serveAudio(req: IncomingMessage, res: ServerResponse, core: Core, idText: string): Promise<void> {
  if (!/^[1-9][0-9]{0,15}$/.test(idText) || !Number.isSafeInteger(Number(idText))) {
    throw new HttpError(400, `bad track id "${idText.slice(0, 40)}"`, 'invalid_request')
  }
  const id = Number(idText)
  const file = await core.audioFile(id)
  if (!file.ok) throw new HttpError(404, file.message, file.code)

  const size = file.size
  const etag = `"${size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`
  const lastModified = new Date(file.mtimeMs).toUTCString()
  const headers: Record<string, string> = {
    ...BASE_HEADERS,
    'Content-Type': file.mime,
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Last-Modified': lastModified,
    'Cache-Control': 'no-cache',
  }

  const ifNoneMatch = req.headers['if-none-match']
  if (ifNoneMatch?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    res.writeHead(304, headers)
    res.end()
    return
  }

  // If-Range: serve the range only when the client's copy is still current.
  const ifRange = req.headers['if-range']
  const rangeHeader = ifRange && ifRange !== etag && ifRange !== lastModified ? undefined : req.headers.range
  const range = parseRange(rangeHeader, size)

  if (range.kind === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' })
    res.end()
    return
  }
  if (range.kind === 'partial') {
    const length = range.end - range.start + 1
    res.writeHead(206, {
      ...headers,
      'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
      'Content-Length': String(length),
    })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    await pipeFile(res, file.path, { start: range.start, end: range.end })
    return
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(size) })
  if (req.method === 'HEAD' || size === 0) {
    res.end()
    return
  }
  await pipeFile(res, file.path)
}
