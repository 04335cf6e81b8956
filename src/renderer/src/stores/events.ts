/**
 * Wires the API's pushed events (and the HTTP event stream's reconnects) into the stores.
 * `library.changed` can arrive ten times a second during an import: the table refreshes itself at
 * most once a second, and everything else here (track details, similar tracks, statistics, the map,
 * the album and artist grids) is refreshed from the changes collected over a couple of seconds.
 */
import { getApi } from '../api'
import { invalidatePaged } from '../lib/usePaged'
import { useConnection } from './connection'
import { useDetails } from './details'
import { useDisplay } from './display'
import { useImport } from './import'
import { useLibrary } from './library'
import { useMap } from './map'
import { useNav } from './nav'
import { useSimilar } from './similar'
import { useWatch } from './watch'

const CHANGE_FLUSH_MS = 2000

export function startEvents(): () => void {
  const api = getApi()
  const offs: (() => void)[] = []
  let changed: Set<number> | 'all' | null = null
  let timer: ReturnType<typeof setTimeout> | null = null

  const flush = () => {
    timer = null
    const ids = changed
    changed = null
    if (!ids) return
    useDetails.getState().invalidate(ids === 'all' ? undefined : [...ids])
    useDisplay.getState().refreshStats()
    useMap.getState().markStale()
    invalidatePaged()
    const route = useNav.getState().route
    if (route.name === 'track' && (ids === 'all' || ids.has(route.id))) {
      const sim = useSimilar.getState()
      if (sim.queryId === route.id && !sim.loading) void sim.load(route.id)
    }
  }

  offs.push(api.on('import.progress', (p) => useImport.getState().receive(p)))
  offs.push(api.on('watch.status', (s) => useWatch.getState().receive(s)))
  offs.push(
    api.on('library.changed', ({ trackIds }) => {
      useLibrary.getState().refresh()
      if (!trackIds) changed = 'all'
      else if (changed !== 'all') {
        changed ??= new Set()
        for (const id of trackIds) changed.add(id)
      }
      timer ??= setTimeout(flush, CHANGE_FLUSH_MS)
    }),
  )
  if (api.onConnection) {
    let wasDown = false
    offs.push(
      api.onConnection((open) => {
        useConnection.getState().setOpen(open)
        if (!open) wasDown = true
        else if (wasDown) {
          // Missed events while disconnected: catch up.
          wasDown = false
          void useImport.getState().loadStatus()
          void useWatch.getState().load()
          useLibrary.getState().refresh()
          useDetails.getState().invalidate()
          invalidatePaged()
        }
      }),
    )
  }
  return () => {
    if (timer) clearTimeout(timer)
    for (const off of offs) off()
  }
}
