/**
 * "Add folder": in the desktop app a native folder dialog; in a browser a text box for a path on the
 * server's machine (a browser cannot hand the server a local folder).
 */
import { useState } from 'react'
import { canPickFolders, useImport } from '../stores/import'
import { TID } from '../testids'

export function AddFolder({ large = false }: { large?: boolean }) {
  const [path, setPath] = useState('')
  const busy = useImport((s) => s.busy === 'add')

  if (canPickFolders()) {
    return (
      <button
        type="button"
        className={large ? 'primary large' : 'primary'}
        data-testid={TID.addFolderButton}
        disabled={busy}
        onClick={() => void useImport.getState().chooseFolder()}
      >
        {busy ? 'Adding…' : 'Add folder…'}
      </button>
    )
  }

  return (
    <form
      className={large ? 'add-folder large' : 'add-folder'}
      onSubmit={async (e) => {
        e.preventDefault()
        if (await useImport.getState().addFolder(path)) setPath('')
      }}
    >
      <label className="visually-hidden" htmlFor={large ? 'add-folder-path-large' : 'add-folder-path'}>
        Folder path on the server
      </label>
      <input
        id={large ? 'add-folder-path-large' : 'add-folder-path'}
        data-testid={large ? undefined : TID.addFolderInput}
        type="text"
        placeholder="/path/to/music on the server"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        spellCheck={false}
        autoComplete="off"
      />
      <button type="submit" className="primary" data-testid={large ? undefined : TID.addFolderButton} disabled={busy}>
        {busy ? 'Adding…' : 'Add folder'}
      </button>
    </form>
  )
}
