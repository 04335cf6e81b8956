/**
 * A virtualised, reorderable list of tracks — the queue and an open playlist share it. Click or Enter
 * plays a row; drag its ⠿ handle or press Alt+↑/↓ to move it; Delete removes it; ↑/↓ move the focus.
 * Moves are announced to screen readers, and the keyboard stays on the moved row.
 */
import { useEffect, useRef, useState } from 'react'
import { formatDuration } from '../lib/format'
import type { QueueTrack } from '../lib/queue'
import { usePlayer } from '../stores/player'
import { rowStyle, VirtualList } from './VirtualList'

const TRACK_ROW = 48

interface TrackRowItem {
  key: number
  track: QueueTrack
}

export function TrackRows({
  items,
  current = -1,
  playedBefore = -1,
  label,
  rowTestId,
  onActivate,
  onMove,
  onRemove,
  className,
}: {
  items: readonly TrackRowItem[]
  /** The index marked as playing (the queue's current entry). */
  current?: number
  /** Rows before this index are dimmed (already played). */
  playedBefore?: number
  label: string
  rowTestId: string
  onActivate(index: number): void
  onMove(from: number, to: number): void
  onRemove(index: number): void
  className?: string
}) {
  const playingId = usePlayer((s) => s.track?.id ?? null)
  const playing = usePlayer((s) => s.playing)
  const [focusKey, setFocusKey] = useState<number | null>(null)
  const [drag, setDrag] = useState<{ from: number; over: number } | null>(null)
  const [announce, setAnnounce] = useState('')
  const box = useRef<HTMLDivElement>(null)
  const focusIndex = focusKey == null ? -1 : items.findIndex((e) => e.key === focusKey)

  // Keep keyboard focus on a moved row (it may have been re-rendered at its new place).
  useEffect(() => {
    if (focusKey == null || !box.current?.contains(document.activeElement)) return
    const el = box.current.querySelector<HTMLElement>(`[data-key="${focusKey}"] .queue-play`)
    if (el && document.activeElement !== el) el.focus()
  })

  const moveBy = (i: number, delta: number) => {
    const to = i + delta
    if (to < 0 || to >= items.length) return
    const e = items[i] as TrackRowItem
    onMove(i, to)
    setFocusKey(e.key)
    setAnnounce(`${e.track.title} moved to position ${to + 1} of ${items.length}`)
  }

  const row = (i: number) => {
    const e = items[i] as TrackRowItem
    const isCurrent = current >= 0 ? i === current : e.track.id === playingId
    const cls = [
      'queue-item',
      className,
      isCurrent && (current >= 0 ? 'current' : 'playing'),
      i < playedBefore && 'played',
      drag?.over === i && 'drop-target',
    ]
    return (
      <li
        key={e.key}
        className={cls.filter(Boolean).join(' ')}
        style={rowStyle(i, TRACK_ROW)}
        data-testid={rowTestId}
        data-track-id={e.track.id}
        data-index={i}
        data-key={e.key}
        data-current={isCurrent}
        draggable
        onDragStart={(ev) => {
          ev.dataTransfer.effectAllowed = 'move'
          ev.dataTransfer.setData('text/plain', String(i))
          setDrag({ from: i, over: i })
        }}
        onDragOver={(ev) => {
          if (!drag) return
          ev.preventDefault()
          if (drag.over !== i) setDrag({ ...drag, over: i })
        }}
        onDrop={(ev) => {
          ev.preventDefault()
          if (drag && drag.from !== i) {
            onMove(drag.from, i)
            setAnnounce(`${items[drag.from]?.track.title ?? 'Track'} moved to position ${i + 1}`)
          }
          setDrag(null)
        }}
        onDragEnd={() => setDrag(null)}
      >
        <span className="queue-handle" aria-hidden="true" title="Drag to reorder">
          ⠿
        </span>
        <button
          type="button"
          className="queue-play"
          aria-current={isCurrent ? 'true' : undefined}
          aria-label={`${isCurrent ? 'Playing: ' : ''}${e.track.title}${e.track.artist ? ` by ${e.track.artist}` : ''}, ${i + 1} of ${items.length}`}
          onFocus={() => setFocusKey(e.key)}
          onClick={() => onActivate(i)}
          onKeyDown={(ev) => {
            if (ev.altKey && ev.key === 'ArrowUp') moveBy(i, -1)
            else if (ev.altKey && ev.key === 'ArrowDown') moveBy(i, 1)
            else if (ev.key === 'Delete' || ev.key === 'Backspace') {
              const next = items[i + 1] ?? items[i - 1]
              onRemove(i)
              setFocusKey(next?.key ?? null)
              setAnnounce(`${e.track.title} removed`)
            } else if (!ev.altKey && (ev.key === 'ArrowUp' || ev.key === 'ArrowDown')) {
              const n = items[i + (ev.key === 'ArrowUp' ? -1 : 1)]
              if (n) setFocusKey(n.key)
            } else return
            ev.preventDefault()
            ev.stopPropagation()
          }}
        >
          <span className="queue-mark" aria-hidden="true">
            {isCurrent ? <span className={`eq${playing ? ' on' : ''}`} /> : i + 1}
          </span>
          <span className="queue-text">
            <span className="queue-title">{e.track.title}</span>
            <span className="muted small">{e.track.artist ?? 'Unknown artist'}</span>
          </span>
          <span className="queue-time muted small">{formatDuration(e.track.durationSec ?? null)}</span>
        </button>
        <button
          type="button"
          className="icon-button queue-remove"
          aria-label={`Remove ${e.track.title}`}
          title="Remove"
          tabIndex={-1}
          onClick={() => onRemove(i)}
        >
          <span aria-hidden="true">✕</span>
        </button>
      </li>
    )
  }

  return (
    <div className="track-rows" ref={box}>
      <VirtualList
        className="queue-list"
        label={label}
        count={items.length}
        rowHeight={TRACK_ROW}
        renderRow={row}
        scrollTo={focusIndex >= 0 ? focusIndex : current}
      />
      <div className="visually-hidden" aria-live="polite">
        {announce}
      </div>
    </div>
  )
}
