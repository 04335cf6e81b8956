/** Player icons as inline SVG (emoji and media glyphs are missing from many system fonts). */
const P = {
  prev: 'M6 5h2v14H6zM9.5 12 19 5v14z',
  next: 'M16 5h2v14h-2zM5 5l9.5 7L5 19z',
  play: 'M7 4.5v15L19.5 12z',
  pause: 'M6.5 5h4v14h-4zM13.5 5h4v14h-4z',
  shuffle:
    'M16 4h4v4h-1.6V6.7l-3.4 3.4-1.1-1.1 3.4-3.4H16zM4 6.3l1.1-1.1L19 19h-1.6zM18.4 17.3V16H20v4h-4v-1.6h1.3l-3.7-3.7 1.1-1.1zM4 17.7l4.6-4.6 1.1 1.1L5.1 18.8z',
  repeat: 'M7 7h10V4.5l3.5 3.5L17 11.5V9H9v3H7zM17 17H7v2.5L3.5 16 7 12.5V15h8v-3h2z',
  volume:
    'M4 9h4l5-4v14l-5-4H4zM15.5 8.5a5 5 0 0 1 0 7l-1.1-1.1a3.4 3.4 0 0 0 0-4.8zM17.8 6.2a8.2 8.2 0 0 1 0 11.6l-1.1-1.1a6.6 6.6 0 0 0 0-9.4z',
  muted:
    'M4 9h4l5-4v14l-5-4H4zM15.3 9.4l1.1-1.1 2.1 2.1 2.1-2.1 1.1 1.1-2.1 2.1 2.1 2.1-1.1 1.1-2.1-2.1-2.1 2.1-1.1-1.1 2.1-2.1z',
} as const

type IconName = keyof typeof P

export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" className="icon" fill="currentColor">
      <path d={P[name]} />
    </svg>
  )
}
