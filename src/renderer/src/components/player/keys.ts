/**
 * Playback keys anywhere outside text fields: Space play/pause, ←/→ seek 5 s, Shift+←/→ previous /
 * next, M mute, Q show or hide the queue. A key another control already handled (the sonic map's
 * arrows, a slider's arrows, a button's Space) is left to it.
 */
import { usePlayer } from '../../stores/player'

export const SEEK_STEP_SEC = 5

/** Whether a key pressed on `target` belongs to that element rather than to the player. */
function ownsKey(target: EventTarget | null, key: string): boolean {
  const el = target as HTMLElement | null
  if (!el || typeof el.tagName !== 'string') return false
  if (el.isContentEditable) return true
  const tag = el.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type
    // Text-like inputs take every key; sliders and checkboxes take arrows and Space.
    if (type !== 'range' && type !== 'checkbox' && type !== 'radio' && type !== 'button') return true
    return key === ' ' || key.startsWith('Arrow')
  }
  if (key === ' ' && (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || el.getAttribute('role') === 'button'))
    return true
  return false
}

/** Applies one key to the player; true when it was a playback key. */
function handlePlayerKey(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false
  const p = usePlayer.getState()
  switch (e.key) {
    case ' ':
      if (!p.track) return false
      p.toggle()
      return true
    case 'ArrowLeft':
      if (!p.track) return false
      if (e.shiftKey) p.previous()
      else p.seek(p.time - SEEK_STEP_SEC)
      return true
    case 'ArrowRight':
      if (!p.track) return false
      if (e.shiftKey) p.skip()
      else p.seek(p.time + SEEK_STEP_SEC)
      return true
    case 'm':
    case 'M':
      p.toggleMute()
      return true
    case 'q':
    case 'Q':
      p.setQueueOpen(!p.queueOpen)
      return true
    default:
      return false
  }
}

export function startPlayerKeys(): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || (e.repeat && e.key === ' ')) return
    if (ownsKey(e.target, e.key)) return
    if (handlePlayerKey(e)) e.preventDefault()
  }
  window.addEventListener('keydown', onKey)
  return () => window.removeEventListener('keydown', onKey)
}
