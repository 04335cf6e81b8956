/**
 * The track actions menu (⋯ buttons, a library row's context menu): play now, play next, add to the
 * queue, start a radio, a path to another track, add to a playlist. One menu for the whole app,
 * opened at a point with `openTrackMenu`; arrow keys move, Enter picks, Esc closes.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { create } from 'zustand'
import { playable, type QueueTrack } from '../lib/queue'
import { openTrack } from '../stores/nav'
import { usePath } from '../stores/path'
import { usePlayer } from '../stores/player'
import { useRadio } from '../stores/radio'
import { LID } from '../testids-listen'
import { openSaveDialog } from './SavePlaylist'

interface MenuState {
  open: { tracks: QueueTrack[]; x: number; y: number; label: string; returnFocus: HTMLElement | null } | null
}

const useMenu = create<MenuState>()(() => ({ open: null }))

/** Opens the menu for `tracks` at a point (a button's corner, the mouse). */
export function openTrackMenu(tracks: QueueTrack[], x: number, y: number, label?: string): void {
  const ok = tracks.filter(playable)
  if (ok.length === 0) return
  const name = label ?? (ok.length === 1 ? (ok[0]?.title ?? 'track') : `${ok.length} tracks`)
  useMenu.setState({
    open: { tracks: ok, x, y, label: name, returnFocus: document.activeElement as HTMLElement | null },
  })
}

/** Opens the menu under an element (a ⋯ button, or a row reached by the keyboard). */
export function openTrackMenuAt(el: HTMLElement, tracks: QueueTrack[], label?: string): void {
  const r = el.getBoundingClientRect()
  openTrackMenu(tracks, r.left, r.bottom + 2, label)
}

export type TrackActionId = 'play' | 'next' | 'queue' | 'radio' | 'path' | 'playlist' | 'open'

interface TrackAction {
  id: TrackActionId
  label: string
  run(): void
  testId?: string
}

/** What can be done with these tracks (the menu's items; the library's selection bar shows them too). */
export function trackActions(tracks: QueueTrack[], label: string): TrackAction[] {
  const one = tracks.length === 1 ? tracks[0] : null
  const p = usePlayer.getState()
  const items: TrackAction[] = [
    {
      id: 'play',
      label: one ? 'Play now' : `Play ${tracks.length} tracks`,
      run: () => (one ? p.play(one) : p.playList(tracks, 0, { kind: 'selection', label })),
    },
    { id: 'next', label: 'Play next', run: () => p.playNext(tracks) },
    { id: 'queue', label: 'Add to queue', run: () => p.enqueue(tracks) },
    {
      id: 'radio',
      label: one ? 'Start radio' : `Start radio from ${tracks.length} tracks`,
      run: () => void useRadio.getState().start(tracks, label),
      testId: LID.startRadio,
    },
  ]
  if (one) items.push({ id: 'path', label: 'Path to…', run: () => usePath.getState().begin(one), testId: LID.pathOpen })
  items.push({
    id: 'playlist',
    label: 'Add to playlist…',
    run: () =>
      openSaveDialog(
        tracks.map((t) => t.id),
        label,
      ),
  })
  if (one) items.push({ id: 'open', label: 'Open track', run: () => openTrack(one.id) })
  return items
}

export function TrackMenu() {
  const open = useMenu((s) => s.open)
  const ref = useRef<HTMLDivElement>(null)
  const [pos, setPos] = useState({ x: 0, y: 0 })

  const close = (restore = true) => {
    const back = useMenu.getState().open?.returnFocus
    useMenu.setState({ open: null })
    if (restore) back?.focus?.()
  }

  useLayoutEffect(() => {
    if (!open || !ref.current) return
    const r = ref.current.getBoundingClientRect()
    setPos({
      x: Math.max(4, Math.min(open.x, window.innerWidth - r.width - 4)),
      y: Math.max(4, open.y + r.height > window.innerHeight - 4 ? open.y - r.height - 4 : open.y),
    })
    ref.current.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
  }, [open])

  useEffect(() => {
    if (!open) return
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) close(false)
    }
    window.addEventListener('pointerdown', onDown, true)
    return () => window.removeEventListener('pointerdown', onDown, true)
  })

  if (!open) return null
  const items = trackActions(open.tracks, open.label)
  return (
    <div
      ref={ref}
      className="track-menu"
      role="menu"
      aria-label={`Actions for ${open.label}`}
      data-testid={LID.trackMenu}
      style={{ left: pos.x, top: pos.y }}
      onKeyDown={(e) => {
        const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
        const at = all.indexOf(document.activeElement as HTMLElement)
        if (e.key === 'Escape' || e.key === 'Tab') close()
        else if (e.key === 'ArrowDown') all[(at + 1) % all.length]?.focus()
        else if (e.key === 'ArrowUp') all[(at - 1 + all.length) % all.length]?.focus()
        else if (e.key === 'Home') all[0]?.focus()
        else if (e.key === 'End') all.at(-1)?.focus()
        else return
        e.preventDefault()
        e.stopPropagation()
      }}
    >
      <div className="track-menu-label muted small">{open.label}</div>
      {items.map((it) => (
        <button
          key={it.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          data-testid={it.testId}
          onClick={() => {
            close(false)
            it.run()
          }}
        >
          {it.label}
        </button>
      ))}
    </div>
  )
}

/** A ⋯ button that opens the menu for one track (or a list). */
export function TrackMenuButton({ tracks, label }: { tracks: QueueTrack[]; label?: string }) {
  const name = label ?? tracks[0]?.title ?? 'track'
  return (
    <button
      type="button"
      className="icon-button more-button"
      aria-haspopup="menu"
      aria-label={`More actions for ${name}`}
      title="Play next, add to queue, radio, path, playlist…"
      onClick={(e) => {
        e.stopPropagation()
        openTrackMenuAt(e.currentTarget, tracks, label)
      }}
    >
      <span aria-hidden="true">⋯</span>
    </button>
  )
}
