/**
 * Folders dropped anywhere on the window. The desktop app gets each dropped folder's path from the
 * preload (`pathForFile`) and adds it; a browser cannot tell the server where a dropped folder lives,
 * so there the overlay says to type the path into "Add folder" instead.
 */
import { useEffect, useRef, useState } from 'react'
import { canPickFolders, useImport } from '../stores/import'

const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files')

export function DropOverlay() {
  const [over, setOver] = useState(false)
  const depth = useRef(0)
  const canDrop = canPickFolders()

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
      await useImport.getState().addDropped(Array.from(e.dataTransfer?.files ?? []))
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
