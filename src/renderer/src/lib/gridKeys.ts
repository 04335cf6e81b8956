/**
 * Where a key moves the cursor of a list of `n` rows showing `page` rows at a time: arrows by one,
 * Page Up/Down by a page, Home/End to the ends (clamped; from no cursor, ↓ goes to the first row).
 * null for a key that does not move it.
 */
export function cursorAfterKey(key: string, cursor: number, n: number, page: number): number | null {
  if (n === 0) return null
  const cur = cursor < 0 ? -1 : cursor
  let next: number
  switch (key) {
    case 'ArrowDown':
      next = cur + 1
      break
    case 'ArrowUp':
      next = cur < 0 ? 0 : cur - 1
      break
    case 'PageDown':
      next = cur + page
      break
    case 'PageUp':
      next = cur - page
      break
    case 'Home':
      next = 0
      break
    case 'End':
      next = n - 1
      break
    default:
      return null
  }
  return Math.max(0, Math.min(n - 1, next))
}
