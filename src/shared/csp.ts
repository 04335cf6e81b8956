/**
 * The renderer's Content-Security-Policy, one definition for both ways it is shown: the desktop window
 * (audio from the `soundprint-audio:` scheme) and `soundprint serve` (audio from the server itself).
 * Only the app's own scripts and styles, no remote content, no eval, no inline scripts, no plugins, and
 * no framing by any other page (`frame-ancestors 'none'`: clickjacking).
 */

/** Builds the policy; `mediaSrc` is where <audio> may load from (e.g. `'self'` or `soundprint-audio:`). */
export function rendererContentSecurityPolicy(mediaSrc: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `media-src ${mediaSrc}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}
