/**
 * `GET /api/cover/<cover id>?size=thumb|full`: a cover image by its content-addressed id (`core/covers.ts`),
 * never by path: an id that is not 32 hex digits, or a size other than thumb or full, is refused with 400
 * before anything touches the disk; an unknown id is 404. A cover's bytes never change under its id, so it
 * may be cached for a year, and its ETag answers a revalidation with 304.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { COVER_CACHE_CONTROL, parseCoverRequest } from '../core/covers'
import type { Core } from '../core/service'
import { BASE_HEADERS, HttpError } from './http'

export async function serveCover(
  req: IncomingMessage,
  res: ServerResponse,
  core: Core,
  idText: string,
  sizeText: string | null,
): Promise<void> {
  const parsed = parseCoverRequest(idText, sizeText)
  if (!parsed.ok) throw new HttpError(400, parsed.message, 'invalid_request')
  const cover = await core.coverImage(parsed.id, parsed.size)
  if (!cover.ok)
    throw new HttpError(cover.status, cover.message, cover.status === 404 ? 'not_found' : 'invalid_request')
  const headers: Record<string, string> = {
    ...BASE_HEADERS,
    'Content-Type': cover.mime,
    ETag: cover.etag,
    'Cache-Control': COVER_CACHE_CONTROL,
  }
  const ifNoneMatch = req.headers['if-none-match']
  if (ifNoneMatch?.split(',').some((t) => t.trim() === cover.etag || t.trim() === '*')) {
    res.writeHead(304, headers)
    res.end()
    return
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(cover.data.length) })
  res.end(req.method === 'HEAD' ? undefined : cover.data)
}
