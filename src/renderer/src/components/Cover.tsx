/**
 * Cover art from the library (`coverUrl`), loaded lazily; a calm placeholder (the album's initials on a
 * colour derived from its name) when there is none or it fails to load.
 */
import { useState } from 'react'
import { coverUrl } from '../lib/media'

function hue(text: string): number {
  let h = 0
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 360
  return h
}

function initials(text: string): string {
  const words = text
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
  return (words.length >= 2 ? `${words[0]![0]}${words[1]![0]}` : (words[0] ?? '♪').slice(0, 2)).toUpperCase()
}

export function Cover({
  coverId,
  name,
  size = 'thumb',
  className,
}: {
  coverId: string | null
  /** What the cover shows (album or track title): its alt text and the placeholder's initials. */
  name: string
  size?: 'thumb' | 'full'
  className?: string
}) {
  const [failed, setFailed] = useState<string | null>(null)
  const cls = `cover${className ? ` ${className}` : ''}`
  if (!coverId || failed === coverId) {
    return (
      <span
        className={`${cls} cover-none`}
        style={{ '--cover-hue': hue(name) } as React.CSSProperties}
        role="img"
        aria-label={`${name} (no cover)`}
        data-cover="none"
      >
        <span aria-hidden="true">{initials(name)}</span>
      </span>
    )
  }
  return (
    <img
      className={cls}
      src={coverUrl(coverId, size)}
      alt={`Cover of ${name}`}
      loading="lazy"
      decoding="async"
      draggable={false}
      data-cover={coverId}
      onError={() => setFailed(coverId)}
    />
  )
}
