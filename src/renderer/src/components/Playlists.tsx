/**
 * Playlists: the saved playlists on the left (new from the queue, import M3U/M3U8), the open one on
 * the right — rename in place, play, shuffle, radio from it, export as M3U8 (a download in the
 * browser, a save dialog in the desktop app), delete; its tracks reorder by drag or Alt+↑/↓ and
 * Delete removes one. An import reports the entries that are not in the library.
 */
import { useEffect, useRef, useState } from 'react'
import type { PlaylistDetail } from '../../../shared/api'
import { formatDuration } from '../lib/format'
import { useNav } from '../stores/nav'
import { usePlayer } from '../stores/player'
import { exportChoosesFolder, usePlaylists } from '../stores/playlists'
import { useRadio } from '../stores/radio'
import { LID } from '../testids-listen'
import { TrackRows } from './TrackRows'

export function PlaylistsScreen({ id }: { id: number | null }) {
  const list = usePlaylists((s) => s.list)
  const loaded = usePlaylists((s) => s.loaded)
  const open = usePlaylists((s) => s.open)
  const error = usePlaylists((s) => s.error)
  const report = usePlaylists((s) => s.importReport)
  const queueLength = usePlayer((s) => s.entries.length)

  useEffect(() => {
    void usePlaylists.getState().load()
  }, [])
  useEffect(() => {
    void usePlaylists.getState().show(id)
  }, [id])
  // After an import, show the playlist it made.
  useEffect(() => {
    if (open && open.id !== id) useNav.getState().navigate({ name: 'playlists', id: open.id })
  }, [open, id])

  return (
    <section className="screen playlists" aria-label="Playlists">
      <div className="playlists-side">
        <div className="playlists-head">
          <h1>Playlists</h1>
        </div>
        <div className="playlists-tools">
          <button
            type="button"
            disabled={queueLength === 0}
            title={queueLength === 0 ? 'The queue is empty' : 'Save the play queue as a new playlist'}
            onClick={async () => {
              const ids = usePlayer.getState().entries.map((e) => e.track.id)
              const p = await usePlaylists
                .getState()
                .create(`Queue ${new Date().toLocaleDateString()} ${new Date().toLocaleTimeString()}`, ids)
              if (p) useNav.getState().navigate({ name: 'playlists', id: p.id })
            }}
          >
            New from queue
          </button>
          <ImportButton />
        </div>
        {error && (
          <p className="inline-error small" role="alert">
            {error}
          </p>
        )}
        {report && (
          <div className="import-report" role="status" data-testid={LID.importReport}>
            <p>
              Imported “{report.name}”: {report.count} {report.count === 1 ? 'track' : 'tracks'}
              {report.missing.length > 0 ? `, ${report.missing.length} not in the library:` : '.'}
            </p>
            {report.missing.length > 0 && (
              <ul>
                {report.missing.slice(0, 50).map((m) => (
                  <li key={m} className="muted small" title={m}>
                    {m}
                  </li>
                ))}
                {report.missing.length > 50 && <li className="muted small">and {report.missing.length - 50} more</li>}
              </ul>
            )}
            <button type="button" className="link small" onClick={() => usePlaylists.getState().clearReport()}>
              Dismiss
            </button>
          </div>
        )}
        {loaded && list.length === 0 ? (
          <p className="muted small playlists-empty">
            No playlists yet. Save one from the queue, a radio, a path or a similar list, or import an M3U file.
          </p>
        ) : (
          <ul className="playlist-list" aria-label="Saved playlists">
            {list.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  className={`playlist-item${p.id === id ? ' open' : ''}`}
                  aria-current={p.id === id ? 'page' : undefined}
                  data-testid={LID.playlistItem}
                  data-playlist-id={p.id}
                  onClick={() => useNav.getState().navigate({ name: 'playlists', id: p.id })}
                >
                  <span className="playlist-name">{p.name}</span>
                  <span className="muted small">
                    {p.trackCount} {p.trackCount === 1 ? 'track' : 'tracks'} · {formatDuration(p.durationSec)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="playlist-main">
        {open && open.id === id ? (
          <PlaylistView key={open.id} playlist={open} />
        ) : (
          <p className="muted playlist-none">
            {id != null && loaded ? 'Loading the playlist…' : 'Choose a playlist on the left.'}
          </p>
        )}
      </div>
    </section>
  )
}

function ImportButton() {
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>
        Import M3U…
      </button>
      <input
        ref={input}
        type="file"
        accept=".m3u,.m3u8,audio/x-mpegurl,audio/mpegurl"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Import an M3U or M3U8 playlist"
        data-testid={LID.playlistImport}
        onChange={async (e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          if (!file) return
          const text = await file.text()
          await usePlaylists
            .getState()
            .importM3u(text, file.name.replace(/\.m3u8?$/i, '').slice(0, 200) || 'Imported playlist')
        }}
      />
    </>
  )
}

function PlaylistView({ playlist }: { playlist: PlaylistDetail }) {
  const [name, setName] = useState(playlist.name)
  const [exported, setExported] = useState<string | null>(null)
  const relativePaths = usePlaylists((s) => s.relativeExport)
  // Stable keys (the same track may appear twice): id and occurrence, so a moved row keeps the focus.
  const seen = new Map<number, number>()
  const items = playlist.tracks.map((track) => {
    const n = seen.get(track.id) ?? 0
    seen.set(track.id, n + 1)
    return { key: track.id * 1000 + n, track }
  })
  const ids = playlist.tracks.map((t) => t.id)
  const source = { kind: 'playlist' as const, label: playlist.name, playlistId: playlist.id }
  const rename = () => {
    const n = name.trim()
    if (n && n !== playlist.name) void usePlaylists.getState().rename(playlist.id, n)
    else setName(playlist.name)
  }
  const setIds = (next: number[]) => void usePlaylists.getState().setTracks(playlist.id, next)

  return (
    <div className="playlist-view">
      <header className="playlist-view-head">
        <input
          className="playlist-title"
          aria-label="Playlist name"
          data-testid={LID.playlistName}
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          onBlur={rename}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur()
            if (e.key === 'Escape') setName(playlist.name)
          }}
        />
        <span className="muted">
          {playlist.trackCount} {playlist.trackCount === 1 ? 'track' : 'tracks'} ·{' '}
          {formatDuration(playlist.durationSec)}
        </span>
      </header>
      <div className="playlist-actions">
        <button
          type="button"
          className="primary"
          disabled={ids.length === 0}
          onClick={() => usePlayer.getState().playList(playlist.tracks, 0, source)}
        >
          ▶ Play
        </button>
        <button
          type="button"
          disabled={ids.length === 0}
          onClick={() => {
            if (!usePlayer.getState().shuffle) usePlayer.getState().toggleShuffle()
            const start = Math.floor(Math.random() * playlist.tracks.length)
            usePlayer.getState().playList(playlist.tracks, start, source)
          }}
        >
          ⤮ Shuffle
        </button>
        <button
          type="button"
          data-testid={LID.startRadio}
          disabled={ids.length === 0}
          title="An endless mix that sounds like this playlist"
          onClick={() => void useRadio.getState().start(playlist.tracks, playlist.name)}
        >
          ◉ Radio
        </button>
        <span className="export-group">
          <button
            type="button"
            data-testid={LID.playlistExport}
            onClick={async () => {
              const r = await usePlaylists.getState().exportM3u(playlist.id, relativePaths)
              if (r)
                setExported(
                  r.relativeTo
                    ? `Exported ${r.fileName}: its paths start at ${r.relativeTo}, so keep the file in that folder.`
                    : `Exported ${r.fileName}`,
                )
            }}
          >
            Export M3U8
          </button>
          <label
            className="small"
            title={
              exportChoosesFolder()
                ? 'Write paths relative to where you save the playlist, so the folder can move with it'
                : 'Write paths relative to the folder that holds all these tracks; put the playlist there'
            }
          >
            <input
              type="checkbox"
              data-testid={LID.playlistRelative}
              checked={relativePaths}
              onChange={(e) => usePlaylists.getState().setRelativeExport(e.target.checked)}
            />{' '}
            Relative paths
          </label>
        </span>
        <button
          type="button"
          className="playlist-delete"
          onClick={() => {
            if (window.confirm(`Delete the playlist “${playlist.name}”? Its tracks stay in the library.`)) {
              void usePlaylists.getState().remove(playlist.id)
              useNav.getState().navigate({ name: 'playlists' })
            }
          }}
        >
          Delete
        </button>
        {exported && (
          <span className="muted small" role="status">
            {exported}
          </span>
        )}
      </div>
      {ids.length === 0 ? (
        <p className="muted">This playlist is empty. Add tracks with “Add to playlist…” in any track’s ⋯ menu.</p>
      ) : (
        <TrackRows
          items={items}
          label={`Tracks of ${playlist.name}`}
          rowTestId={LID.playlistTrack}
          className="playlist-track"
          onActivate={(i) => usePlayer.getState().playList(playlist.tracks, i, source)}
          onMove={(from, to) => {
            const next = ids.slice()
            const [moved] = next.splice(from, 1)
            next.splice(to, 0, moved as number)
            setIds(next)
          }}
          onRemove={(i) => setIds(ids.filter((_, j) => j !== i))}
        />
      )}
    </div>
  )
}
