/**
 * The play queue, as a panel over the right edge above the player bar (Q shows and hides it): what
 * played (dimmed), what plays (marked), what comes next. Click a track to play it; reorder by dragging
 * its handle or with Alt+↑/↓; Delete removes; Clear keeps only the playing track. While a radio
 * plays, its seeds, "More like this" and "Stop radio" sit on top.
 */
import { useEffect, useRef, useState } from 'react'
import { formatDuration } from '../lib/format'
import { type QueueEntry, usePlayer } from '../stores/player'
import { LID } from '../testids-listen'
import { rowStyle, VirtualList } from './VirtualList'

export const QUEUE_ROW = 48

export function QueuePanel() {
  const entries = usePlayer((s) => s.entries)
  const index = usePlayer((s) => s.index)
  const source = usePlayer((s) => s.source)
  const playing = usePlayer((s) => s.playing)
  const [focusKey, setFocusKey] = useState<number | null>(null)
  const [drag, setDrag] = useState<{ from: number; over: number } | null>(null)
  const [announce, setAnnounce] = useState('')
  const panel = useRef<HTMLElement>(null)

  useEffect(() => {
    // Opening with Q puts the keyboard in the queue, on the playing track.
    const cur = panel.current?.querySelector<HTMLElement>('[data-current="true"] .queue-play')
    ;(cur ?? panel.current)?.focus()
  }, [])

  const focusIndex = focusKey == null ? -1 : entries.findIndex((e) => e.key === focusKey)
  const remaining = entries.slice(index + 1).reduce((sum, e) => sum + (e.track.durationSec ?? 0), 0)

  const moveBy = (i: number, delta: number) => {
    const to = i + delta
    if (to < 0 || to >= entries.length) return
    usePlayer.getState().move(i, to)
    const e = entries[i] as QueueEntry
    setFocusKey(e.key)
    setAnnounce(`${e.track.title} moved to position ${to + 1} of ${entries.length}`)
  }

  // Keep keyboard focus on a moved row (it may have been re-rendered at its new place).
  useEffect(() => {
    if (focusKey == null) return
    const el = panel.current?.querySelector<HTMLElement>(`[data-key="${focusKey}"] .queue-play`)
    if (el && document.activeElement !== el) el.focus()
  })

  const row = (i: number) => {
    const e = entries[i] as QueueEntry
    const current = i === index
    const cls = ['queue-item', current && 'current', i < index && 'played', drag?.over === i && 'drop-target']
    return (
      <li
        key={e.key}
        className={cls.filter(Boolean).join(' ')}
        style={rowStyle(i, QUEUE_ROW)}
        data-testid={LID.queueItem}
        data-track-id={e.track.id}
        data-index={i}
        data-key={e.key}
        data-current={current}
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
          if (drag) usePlayer.getState().move(drag.from, i)
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
          aria-current={current ? 'true' : undefined}
          aria-label={`${current ? 'Playing: ' : ''}${e.track.title}${e.track.artist ? ` by ${e.track.artist}` : ''}, ${i + 1} of ${entries.length}`}
          onFocus={() => setFocusKey(e.key)}
          onClick={() => usePlayer.getState().jump(i)}
          onKeyDown={(ev) => {
            if (ev.altKey && ev.key === 'ArrowUp') moveBy(i, -1)
            else if (ev.altKey && ev.key === 'ArrowDown') moveBy(i, 1)
            else if (ev.key === 'Delete' || ev.key === 'Backspace') {
              usePlayer.getState().remove(i)
              const next = entries[i + 1] ?? entries[i - 1]
              setFocusKey(next?.key ?? null)
              setAnnounce(`${e.track.title} removed from the queue`)
            } else if (!ev.altKey && (ev.key === 'ArrowUp' || ev.key === 'ArrowDown')) {
              const n = entries[i + (ev.key === 'ArrowUp' ? -1 : 1)]
              if (n) setFocusKey(n.key)
            } else return
            ev.preventDefault()
            ev.stopPropagation()
          }}
        >
          <span className="queue-mark" aria-hidden="true">
            {current ? <span className={`eq${playing ? ' on' : ''}`} /> : i + 1}
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
          aria-label={`Remove ${e.track.title} from the queue`}
          title="Remove"
          tabIndex={-1}
          onClick={() => usePlayer.getState().remove(i)}
        >
          <span aria-hidden="true">✕</span>
        </button>
      </li>
    )
  }

  return (
    <aside
      id="queue-panel"
      className="queue-panel"
      aria-label="Queue"
      ref={panel}
      tabIndex={-1}
      data-testid={LID.queuePanel}
      data-count={entries.length}
      onKeyDown={(e) => {
        if (e.key === 'Escape') usePlayer.getState().setQueueOpen(false)
      }}
    >
      <header className="queue-head">
        <div>
          <h2>{source?.kind === 'radio' ? 'Radio' : 'Queue'}</h2>
          <span className="muted small">
            {source && source.kind !== 'radio' ? `${source.label} · ` : ''}
            {entries.length - index - 1 > 0
              ? `${entries.length - index - 1} up next · ${formatDuration(remaining)}`
              : 'Nothing up next'}
          </span>
        </div>
        <div className="queue-actions">
          <button
            type="button"
            onClick={() => usePlayer.getState().clear()}
            disabled={entries.length <= 1}
            title="Remove everything but the playing track"
          >
            Clear
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Close the queue"
            title="Close (Q or Esc)"
            onClick={() => usePlayer.getState().setQueueOpen(false)}
          >
            <span aria-hidden="true">✕</span>
          </button>
        </div>
      </header>
      {entries.length === 0 ? (
        <p className="muted queue-empty">
          The queue is empty. Use ▶ on any track, “Play next” or “Add to queue”, or start a radio.
        </p>
      ) : (
        <VirtualList
          className="queue-list"
          label="Tracks in the queue"
          count={entries.length}
          rowHeight={QUEUE_ROW}
          renderRow={row}
          scrollTo={focusIndex >= 0 ? focusIndex : index}
        />
      )}
      <footer className="queue-foot">
        <span className="muted small">Drag ⠿ or Alt+↑/↓ to reorder · Delete removes · Enter plays</span>
      </footer>
      <div className="visually-hidden" aria-live="polite">
        {announce}
      </div>
    </aside>
  )
}
