/**
 * The renderer's Content-Security-Policy, one definition for both ways it is shown: the desktop window
 * (audio from the `soundprint-audio:` scheme) and `soundprint serve` (audio from the server itself).
 * Only the app's own scripts and styles, no remote content, no eval, no inline scripts, no plugins, and
 * no framing by any other page (`frame-ancestors 'none'`: clickjacking).
 */

/**
 * Builds the policy; `trackSource` is where a track's audio and cover images come from: `'self'` over
 * HTTP (`/api/audio/<id>`, `/api/cover/<id>`), `soundprint-audio:` in the desktop app.
 */
export function rendererContentSecurityPolicy(trackSource: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${trackSource === "'self'" ? '' : ` ${trackSource}`}`,
    "font-src 'self'",
    `media-src ${trackSource}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}
