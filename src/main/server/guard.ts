/**
 * What every response of `soundprint serve` carries, and which requests another website may make —
 * decided here, in one place, for every route (routes added later inherit both):
 * - headers: a strict Content-Security-Policy with `frame-ancestors 'none'` and `X-Frame-Options: DENY`
 *   (no framing, so no clickjacking), `Cross-Origin-Resource-Policy: same-origin` (another site's
 *   <audio>/<img> cannot embed anything), `nosniff`, `no-referrer`;
 * - requests: only the app's own pages may call the server. A browser says where a request comes from
 *   in `Sec-Fetch-Site` (anything but `same-origin` or `none`, i.e. typed or bookmarked, is refused —
 *   `same-site` too, since another port on localhost is the same site), in `Origin` and in `Referer`
 *   (older browsers); any of them naming another origin refuses the request. Tools that send none of
 *   them (curl, scripts) are not browsers and are unaffected. The one exception: opening the UI itself
 *   (not /api or /fingerprint) by a top-level navigation, e.g. a link from another site.
 */
import type { IncomingMessage } from 'node:http'
import { rendererContentSecurityPolicy } from '../../shared/csp'

/** The renderer's policy as served over HTTP: audio comes from the server itself (`/api/audio/<id>`). */
const SERVED_CONTENT_SECURITY_POLICY = rendererContentSecurityPolicy("'self'")

/** Set on every response before its route runs. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': SERVED_CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

/** Routes that read or change the library, or read files: never open to another site. */
function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/fingerprint'
}

/** `host[:port]` of a URL or Host header, normalised (lower case, default port dropped), or null. */
function originHostOf(url: string): string | null {
  try {
    const u = new URL(url)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : null
  } catch {
    return null
  }
}

/** Why this request from a browser page of another origin is refused, or null when it may go ahead. */
export function crossSiteRefusal(req: IncomingMessage, path: string): string | null {
  const method = req.method ?? 'GET'
  const mode = req.headers['sec-fetch-mode']
  const origin = req.headers.origin
  // A navigation sends no Origin; a browser without Sec-Fetch-* cannot tell us more than that.
  const navigation = mode === 'navigate' || (mode === undefined && origin === undefined)
  if ((method === 'GET' || method === 'HEAD') && !isApiPath(path) && navigation) return null
  const site = req.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `${site} request refused`
  const host = originHostOf(`http://${req.headers.host ?? ''}`)
  if (origin !== undefined && originHostOf(origin) !== host) return `cross-origin request from ${origin} refused`
  const referer = req.headers.referer
  if (referer !== undefined && originHostOf(referer) !== host) return 'request from another site refused'
  return null
}
