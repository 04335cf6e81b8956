/**
 * Which screen shows, mirrored in the URL hash (#/library, #/map, #/track/42) so browser back and
 * forward work and a track page can be reloaded or bookmarked.
 */
import { create } from 'zustand'

export type Route = { name: 'library' } | { name: 'map' } | { name: 'track'; id: number }

export function parseHash(hash: string): Route {
  const m = /^#?\/?track\/(\d+)/.exec(hash)
  if (m) return { name: 'track', id: Number(m[1]) }
  if (/^#?\/?map\b/.test(hash)) return { name: 'map' }
  return { name: 'library' }
}

export function routeHash(r: Route): string {
  return r.name === 'track' ? `#/track/${r.id}` : `#/${r.name}`
}

interface NavState {
  route: Route
  /** The track opened last (highlighted on the sonic map). */
  lastTrackId: number | null
  navigate(r: Route): void
}

const initial: Route = typeof location !== 'undefined' ? parseHash(location.hash) : { name: 'library' }

export const useNav = create<NavState>()((set) => ({
  route: initial,
  lastTrackId: initial.name === 'track' ? initial.id : null,
  navigate(r) {
    set(r.name === 'track' ? { route: r, lastTrackId: r.id } : { route: r })
    if (typeof location !== 'undefined' && location.hash !== routeHash(r)) location.hash = routeHash(r)
  },
}))

export function startHashSync(): () => void {
  const onHash = () => {
    const r = parseHash(location.hash)
    const cur = useNav.getState().route
    if (routeHash(cur) !== routeHash(r))
      useNav.setState(r.name === 'track' ? { route: r, lastTrackId: r.id } : { route: r })
  }
  window.addEventListener('hashchange', onHash)
  return () => window.removeEventListener('hashchange', onHash)
}

export const openTrack = (id: number): void => useNav.getState().navigate({ name: 'track', id })
