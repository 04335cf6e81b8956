/**
 * Whether an Escape key press may leave the current page (a track page, an album page): not when
 * something else already used it, when the user is typing, or when it belongs to a layer above the
 * page — an open dialog, a menu, the queue panel, a popover — which Escape closes first.
 */
const LAYERS = 'dialog, [role="dialog"], [role="menu"], .queue-panel, details[open], [data-escape-layer]'

export function escapeLeavesPage(e: KeyboardEvent): boolean {
  if (e.key !== 'Escape' || e.defaultPrevented) return false
  const t = e.target instanceof Element ? e.target : null
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return false
  if (t?.closest(LAYERS)) return false
  // A modal dialog or a menu is open even when the focus is not in it.
  return !document.querySelector('dialog[open], [role="dialog"][aria-modal="true"], [role="menu"]')
}
