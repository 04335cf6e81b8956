/**
 * Folders dropped anywhere on the window. The desktop app gets each dropped folder's path from the
 * preload (`pathForFile`) and adds it; a browser cannot tell the server where a dropped folder lives,
 * so there the overlay says to type the path into "Add folder" instead.
 */
import { useEffect, useRef, useState } from 'react'
import { getApi } from '../api'
import { useImport } from '../stores/import'

const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files')

export function DropOverlay() {
  const [over, setOver] = useState(false)
  const depth = useRef(0)
  const canDrop = !!getApi().pathForFile

  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      depth.current++
      setOver(true)
    }
    const overFn = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = canDrop ? 'copy' : 'none'
    }
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return
      depth.current = Math.max(0, depth.current - 1)
      if (depth.current === 0) setOver(false)
    }
    const drop = async (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      depth.current = 0
      setOver(false)
      const pathForFile = getApi().pathForFile
      if (!pathForFile) {
        useImport.setState({
          error:
            'A browser cannot tell the server where a dropped folder is. Type the folder’s path on the server into the box at the top and press Add folder.',
        })
        return
      }
      const paths = Array.from(e.dataTransfer?.files ?? [])
        .map((f) => pathForFile(f))
        .filter((p) => p)
      if (paths.length === 0) {
        useImport.setState({ error: 'Nothing to add: drop folders (or audio files’ folders) from your file manager.' })
        return
      }
      for (const p of paths) await useImport.getState().addFolder(p)
    }
    window.addEventListener('dragenter', enter)
    window.addEventListener('dragover', overFn)
    window.addEventListener('dragleave', leave)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragenter', enter)
      window.removeEventListener('dragover', overFn)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('drop', drop)
    }
  }, [canDrop])

  if (!over) return null
  return (
    <div className="drop-overlay" role="dialog" aria-label="Drop folders to add them">
      <div className="drop-card">
        {canDrop ? (
          <>
            <div className="drop-icon" aria-hidden="true">
              ⤓
            </div>
            <h2>Drop folders to add them to your library</h2>
            <p>Every track inside will be fingerprinted in the background.</p>
          </>
        ) : (
          <>
            <h2>Dropping works in the desktop app</h2>
            <p>In a browser, type the folder’s path on the server into “Add folder” at the top.</p>
          </>
        )}
      </div>
    </div>
  )
}
