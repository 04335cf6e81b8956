/** One row of the library table (memoised; positioned by its index) and the cells of each column. */
// biome-ignore-all lint/a11y/useSemanticElements: a virtualised list cannot be a <table>; this is the WAI-ARIA grid pattern with absolutely positioned rows
// biome-ignore-all lint/a11y/useFocusableInteractive: cells are reached with aria-activedescendant from the focusable grid, not by Tab
// biome-ignore-all lint/a11y/useKeyWithClickEvents: the grid handles the keyboard (arrows move, Enter opens) for every row
import { memo } from 'react'
import type { TrackSummary } from '../../../shared/api'
import { type ColumnDef, failedRowCells } from '../lib/columns'
import { ambiguityHint, formatDuration, formatLufs } from '../lib/format'
import { selectedTracks, useLibrary } from '../stores/library'
import { openTrack } from '../stores/nav'
import { usePlayer } from '../stores/player'
import { TID } from '../testids'
import { PlayingMark } from './PlayButton'
import { TempoText } from './TempoText'
import { openTrackMenu } from './TrackMenu'

export const ROW_HEIGHT = 34

const STATE_LABEL: Record<TrackSummary['state'], string> = {
  pending: 'Queued',
  analysing: 'Analysing',
  done: 'Done',
  failed: 'Failed',
  missing: 'Missing',
}

export const rowDomId = (i: number) => `track-row-${i}`

/** One cell's content for a column. */
function cellContent(col: ColumnDef, t: TrackSummary, playing: boolean): React.ReactNode {
  const dash = <span className="muted">—</span>
  switch (col.id) {
    case 'trackNo':
      return t.trackNo ?? ''
    case 'title':
      return (
        <>
          {playing ? (
            <PlayingMark />
          ) : (
            t.state !== 'failed' &&
            t.state !== 'missing' && (
              <button
                type="button"
                className="row-play"
                tabIndex={-1}
                aria-label={`Play ${t.title}`}
                title="Play (a click elsewhere on the row opens the track)"
                onClick={(e) => {
                  e.stopPropagation()
                  usePlayer.getState().play(t)
                }}
              />
            )
          )}
          {t.title}
          {t.ambiguous && <span className="muted folder-hint"> · {ambiguityHint(t)}</span>}
        </>
      )
    case 'artist':
      return t.artist ?? dash
    case 'album':
      return t.album ?? dash
    case 'albumArtist':
      return t.albumArtist ?? dash
    case 'discNo':
      return t.discNo ?? ''
    case 'year':
      return t.year ?? ''
    case 'genre':
      return t.genre ?? dash
    case 'durationSec':
      return formatDuration(t.durationSec)
    case 'tempoBpm':
      return <TempoText bpm={t.tempoBpm} stability={t.rhythmStability} />
    case 'lufs':
      return formatLufs(t.lufs)
    case 'state':
      return (
        <span className={`badge badge-${t.state}`} title={t.error ?? undefined}>
          {STATE_LABEL[t.state]}
        </span>
      )
  }
}

export const TrackTableRow = memo(function TrackTableRow({
  index,
  track,
  active,
  selected,
  playing,
  cols,
}: {
  index: number
  track: TrackSummary | undefined
  active: boolean
  /** In the multi-selection. */
  selected: boolean
  /** This row's track is the one in the player. */
  playing: boolean
  cols: ColumnDef[]
}) {
  const style = { transform: `translateY(${index * ROW_HEIGHT}px)` }
  if (!track) {
    return (
      <div className="row row-loading" role="row" aria-rowindex={index + 2} style={style} id={rowDomId(index)}>
        <div className="cell c-title" role="gridcell">
          <span className="skeleton" />
        </div>
      </div>
    )
  }
  const failed = track.state === 'failed' || track.state === 'missing'
  const cells = failed ? failedRowCells(cols) : cols.map((col) => ({ kind: 'column' as const, col }))
  return (
    <div
      className={`row${active ? ' active' : ''}${selected ? ' selected' : ''}${playing ? ' playing' : ''}${failed ? ` row-${track.state}` : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      id={rowDomId(index)}
      style={style}
      data-testid={TID.trackRow}
      data-track-id={track.id}
      data-state={track.state}
      onClick={(e) => {
        const lib = useLibrary.getState()
        lib.setCursor(index)
        // Ctrl/Cmd-click and Shift-click select (several tracks for the menu or the selection bar);
        // a plain click opens the track.
        if (e.shiftKey) lib.select(index, e.ctrlKey || e.metaKey ? 'extend-add' : 'extend')
        else if (e.ctrlKey || e.metaKey) lib.select(index, 'toggle')
        else {
          lib.clearSelection()
          openTrack(track.id)
        }
      }}
      onContextMenu={(e) => {
        e.preventDefault()
        const lib = useLibrary.getState()
        lib.setCursor(index)
        if (selected) void openSelectionMenu(e.clientX, e.clientY)
        else {
          lib.clearSelection()
          openTrackMenu([track], e.clientX, e.clientY)
        }
      }}
    >
      {cells.map((c) =>
        c.kind === 'reason' ? (
          <div
            key="reason"
            className="cell c-reason"
            role="gridcell"
            style={{ gridColumn: `span ${c.span}` }}
            title={track.error ?? undefined}
          >
            {track.error ?? (track.state === 'missing' ? 'The file is no longer in its folder.' : '')}
          </div>
        ) : (
          <div
            key={c.col.id}
            className={`cell ${c.col.className}`}
            role="gridcell"
            title={c.col.id === 'title' ? track.path : undefined}
          >
            {cellContent(c.col, track, playing)}
          </div>
        ),
      )}
    </div>
  )
})

/** The track menu for the whole selection, at a point. */
export async function openSelectionMenu(x: number, y: number): Promise<void> {
  const tracks = await selectedTracks()
  openTrackMenu(tracks, x, y)
}
