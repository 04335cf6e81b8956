/** Wires the API's pushed events (and the HTTP event stream's reconnects) into the stores. */
import { getApi } from '../api'
import { useDetails } from './details'
import { useDisplay } from './display'
import { useImport } from './import'
import { useLibrary } from './library'
import { useMap } from './map'
import { useNav } from './nav'
import { useSimilar } from './similar'

export function startEvents(): () => void {
  const api = getApi()
  const offs: (() => void)[] = []
  offs.push(api.on('import.progress', (p) => useImport.getState().receive(p)))
  offs.push(
    api.on('library.changed', ({ trackIds }) => {
      useLibrary.getState().refresh()
      useDetails.getState().invalidate(trackIds)
      useDisplay.getState().refreshStats()
      useMap.getState().markStale()
      const route = useNav.getState().route
      if (route.name === 'track' && (!trackIds || trackIds.includes(route.id))) {
        const sim = useSimilar.getState()
        if (sim.queryId === route.id && !sim.loading) void sim.load(route.id)
      }
    }),
  )
  if (api.onConnection) {
    let wasDown = false
    offs.push(
      api.onConnection((open) => {
        if (!open) wasDown = true
        else if (wasDown) {
          // Missed events while disconnected: catch up.
          wasDown = false
          void useImport.getState().loadStatus()
          useLibrary.getState().refresh()
          useDetails.getState().invalidate()
        }
      }),
    )
  }
  return () => {
    for (const off of offs) off()
  }
}
