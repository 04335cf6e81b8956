/**
 * "Save as playlist" / "Add to playlist": one dialog for the queue, a radio, a path, a similar list,
 * a selection or a single track — a new playlist by name, or appended to an existing one.
 */
import { useEffect, useRef, useState } from 'react'
import { create } from 'zustand'
import { formatDuration } from '../lib/format'
import { usePlaylists } from '../stores/playlists'

interface SaveDialogState {
  trackIds: number[] | null
  suggestedName: string
  /** What happened last ("Saved “Road trip” (12 tracks)"), shown briefly. */
  done: string | null
}

const useSaveDialog = create<SaveDialogState>()(() => ({ trackIds: null, suggestedName: '', done: null }))

export function openSaveDialog(trackIds: number[], suggestedName: string): void {
  useSaveDialog.setState({ trackIds, suggestedName, done: null })
  void usePlaylists.getState().load()
}

let doneTimer: ReturnType<typeof setTimeout> | undefined
function finished(message: string): void {
  useSaveDialog.setState({ trackIds: null, done: message })
  clearTimeout(doneTimer)
  doneTimer = setTimeout(() => useSaveDialog.setState({ done: null }), 4000)
}

export function SavePlaylistDialog() {
  const ids = useSaveDialog((s) => s.trackIds)
  const suggested = useSaveDialog((s) => s.suggestedName)
  const done = useSaveDialog((s) => s.done)
  const list = usePlaylists((s) => s.list)
  const error = usePlaylists((s) => s.error)
  const [name, setName] = useState('')
  const dialog = useRef<HTMLDialogElement>(null)

  useEffect(() => {
    const d = dialog.current
    if (!d) return
    if (ids && !d.open) {
      setName(suggested)
      d.showModal()
    } else if (!ids && d.open) d.close()
  }, [ids, suggested])

  const count = ids?.length ?? 0
  const create = async () => {
    const n = name.trim()
    if (!n || !ids) return
    const p = await usePlaylists.getState().create(n, ids)
    if (p) finished(`Saved “${p.name}” (${p.trackCount} tracks, ${formatDuration(p.durationSec)})`)
  }

  return (
    <>
      <dialog
        ref={dialog}
        className="modal save-playlist"
        aria-labelledby="save-pl-h"
        onClose={() => useSaveDialog.setState({ trackIds: null })}
      >
        <h2 id="save-pl-h">
          Save {count} {count === 1 ? 'track' : 'tracks'} as a playlist
        </h2>
        <form
          method="dialog"
          className="save-new"
          onSubmit={(e) => {
            e.preventDefault()
            void create()
          }}
        >
          <label htmlFor="save-pl-name">New playlist</label>
          <div className="row-inline">
            <input
              id="save-pl-name"
              type="text"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
            />
            <button type="submit" className="primary" disabled={!name.trim()}>
              Save
            </button>
          </div>
        </form>
        {list.length > 0 && (
          <div className="save-existing">
            <span className="muted small">or add to</span>
            <ul>
              {list.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className="link"
                    onClick={async () => {
                      if (!ids) return
                      await usePlaylists.getState().append(p.id, ids)
                      if (!usePlaylists.getState().error) finished(`Added ${count} to “${p.name}”`)
                    }}
                  >
                    {p.name}
                  </button>
                  <span className="muted small"> {p.trackCount} tracks</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {error && (
          <p className="inline-error small" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={() => useSaveDialog.setState({ trackIds: null })}>
            Cancel
          </button>
        </div>
      </dialog>
      {done && (
        <div className="toast" role="status">
          {done}
        </div>
      )}
    </>
  )
}
