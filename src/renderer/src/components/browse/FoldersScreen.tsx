/**
 * Folders: the library folders as a tree, expanded lazily (folders.children asks for one level at a
 * time); the chosen folder's tracks (and everything below it) in the library table.
 */
// biome-ignore-all lint/a11y/useFocusableInteractive: each tree item's name button takes the focus
import { useEffect, useState } from 'react'
import type { FolderNode } from '../../../../shared/api'
import { formatCount } from '../../lib/format'
import { tracksOf } from '../../lib/listen'
import { useLoaded } from '../../lib/useLoaded'
import { fetchFolderChildren } from '../../stores/browse'
import { useLibrary } from '../../stores/library'
import { useNav } from '../../stores/nav'
import { TrackTable } from '../TrackTable'
import { BrowseTabs } from './BrowseTabs'
import { ListenActions } from './ListenActions'

export function FoldersScreen({ path }: { path?: string }) {
  // The table below shows this folder; leaving the view shows the whole library again.
  useEffect(() => {
    useLibrary.getState().setFolder(path ?? null)
    return () => useLibrary.getState().setFolder(null)
  }, [path])
  const total = useLibrary((s) => s.total)
  return (
    <section className="screen browse folders-view" aria-label="Folders">
      <div className="toolbar">
        <BrowseTabs />
      </div>
      <div className="browse-split">
        <div className="side-list folder-tree" role="tree" aria-label="Library folders" data-testid="folder-tree">
          <FolderLevel parent={undefined} depth={0} selected={path} />
        </div>
        <div className="browse-detail">
          {path ? (
            <>
              <div className="detail-head">
                <h1 title={path}>{path.split(/[\\/]/).filter(Boolean).pop() ?? path}</h1>
                <span className="muted small folder-full-path">{path}</span>
                <ListenActions load={() => tracksOf({ folder: path, sort: 'album' })} label={`Folder: ${path}`} />
              </div>
              {total === 0 ? (
                <div className="state-message">
                  <p className="muted">No tracks in this folder.</p>
                </div>
              ) : (
                <TrackTable />
              )}
            </>
          ) : (
            <div className="state-message">
              <p className="muted">Choose a folder to see its tracks.</p>
            </div>
          )}
        </div>
      </div>
    </section>
  )
}

function FolderLevel({ parent, depth, selected }: { parent: string | undefined; depth: number; selected?: string }) {
  const { data: nodes, error } = useLoaded(parent ?? '', () => fetchFolderChildren(parent))
  if (error) return <p className="inline-error small">{error}</p>
  if (!nodes) return <p className="muted small tree-loading">Loading…</p>
  if (nodes.length === 0 && depth === 0) return <p className="muted small side-empty">No library folders yet.</p>
  return (
    <ul role={depth === 0 ? 'none' : 'group'} className="tree-level">
      {nodes.map((n) => (
        <FolderItem key={n.path} node={n} depth={depth} selected={selected} />
      ))}
    </ul>
  )
}

const isUnder = (path: string | undefined, folder: string) =>
  !!path && (path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`))

function FolderItem({ node, depth, selected }: { node: FolderNode; depth: number; selected?: string }) {
  // The library folders, and those on the way to the selected one, start open (a reload or a
  // bookmark shows where it is).
  const [open, setOpen] = useState(
    node.hasChildren && (depth === 0 || (isUnder(selected, node.path) && selected !== node.path)),
  )
  const isSelected = selected === node.path
  return (
    <li role="treeitem" aria-expanded={node.hasChildren ? open : undefined} aria-selected={isSelected}>
      <div className={`tree-row${isSelected ? ' selected' : ''}`} style={{ paddingLeft: 6 + depth * 16 }}>
        <button
          type="button"
          className="tree-toggle"
          aria-label={open ? `Collapse ${node.name}` : `Expand ${node.name}`}
          disabled={!node.hasChildren}
          onClick={() => setOpen((o) => !o)}
          tabIndex={-1}
        >
          <span aria-hidden="true">{node.hasChildren ? (open ? '▾' : '▸') : ''}</span>
        </button>
        <button
          type="button"
          className="tree-name"
          data-testid="folder-item"
          data-path={node.path}
          title={node.path}
          onClick={() => useNav.getState().navigate({ name: 'folders', path: node.path })}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight' && node.hasChildren && !open) {
              e.preventDefault()
              setOpen(true)
            } else if (e.key === 'ArrowLeft' && open) {
              e.preventDefault()
              setOpen(false)
            }
          }}
        >
          <FolderIcon open={open} />
          <span className="tree-label">{node.name}</span>
          <span className="muted small tree-count">{formatCount(node.trackCount)}</span>
        </button>
      </div>
      {open && <FolderLevel parent={node.path} depth={depth + 1} selected={selected} />}
    </li>
  )
}

function FolderIcon({ open }: { open: boolean }) {
  return (
    <svg className="tree-folder" viewBox="0 0 20 16" width="18" height="14" aria-hidden="true">
      <path
        d={open ? 'M1 3h6l2 2h9v2H5l-3 8H1z M5 7h14l-3 8H2z' : 'M1 2h6l2 2h10v11H1z'}
        fill="currentColor"
        fillRule="evenodd"
      />
    </svg>
  )
}
