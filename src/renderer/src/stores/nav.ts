/**
 * Which screen shows, mirrored in the URL hash (#/library, #/map, #/track/42) so browser back and
 * forward work and a track page can be reloaded or bookmarked.
 */
import { create } from 'zustand'

export type Route =
  | { name: 'library' }
  | { name: 'map' }
  | { name: 'track'; id: number }
  | { name: 'playlists'; id?: number }

export function parseHash(hash: string): Route {
  const m = /^#?\/?track\/(\d+)/.exec(hash)
  if (m) return { name: 'track', id: Number(m[1]) }
  if (/^#?\/?map\b/.test(hash)) return { name: 'map' }
  const pl = /^#?\/?playlists(?:\/(\d+))?/.exec(hash)
  if (pl) return pl[1] ? { name: 'playlists', id: Number(pl[1]) } : { name: 'playlists' }
  return { name: 'library' }
}

export function routeHash(r: Route): string {
  if (r.name === 'playlists') return r.id != null ? `#/playlists/${r.id}` : '#/playlists'
  return r.name === 'track' ? `#/track/${r.id}` : `#/${r.name}`
}

interface NavState {
  route: Route
  /** The screen before this one (where Escape and "← Back" go), or null when opened directly. */
  previous: Route | null
  /** Set when going back: the list we return to focuses the row the user came from, once. */
  returnFocus: boolean
  /** The track opened last (highlighted on the sonic map). */
  lastTrackId: number | null
  navigate(r: Route): void
  /** Leave this page for the previous screen (the library when there is none). */
  back(): void
}

const initial: Route = typeof location !== 'undefined' ? parseHash(location.hash) : { name: 'library' }

export const useNav = create<NavState>()((set, get) => ({
  route: initial,
  previous: null,
  returnFocus: false,
  lastTrackId: initial.name === 'track' ? initial.id : null,
  navigate(r) {
    const cur = get().route
    if (routeHash(cur) === routeHash(r)) return
    set({ route: r, previous: cur, returnFocus: false, ...(r.name === 'track' ? { lastTrackId: r.id } : {}) })
    if (typeof location !== 'undefined' && location.hash !== routeHash(r)) location.hash = routeHash(r)
  },
  back() {
    const { previous, route } = get()
    const to = previous && routeHash(previous) !== routeHash(route) ? previous : ({ name: 'library' } as Route)
    get().navigate(to)
    set({ previous: null, returnFocus: true })
  },
}))

/** The list screen calls this when it mounts: true once if it should focus the row it left from. */
export function takeReturnFocus(): boolean {
  const { returnFocus } = useNav.getState()
  if (returnFocus) useNav.setState({ returnFocus: false })
  return returnFocus
}

export function startHashSync(): () => void {
  const onHash = () => {
    const r = parseHash(location.hash)
    const cur = useNav.getState().route
    if (routeHash(cur) !== routeHash(r))
      useNav.setState({
        route: r,
        previous: cur,
        // Browser Back from a track page returns focus to the row, like Escape.
        returnFocus: cur.name === 'track' && r.name !== 'track',
        ...(r.name === 'track' ? { lastTrackId: r.id } : {}),
      })
  }
  window.addEventListener('hashchange', onHash)
  return () => window.removeEventListener('hashchange', onHash)
}

/** What a "← back" button says for the screen it returns to. */
export function routeLabel(r: Route | null): string {
  if (!r || r.name === 'library') return 'Library'
  if (r.name === 'map') return 'Sonic map'
  if (r.name === 'playlists') return 'Playlists'
  return 'Back'
}

export const openTrack = (id: number): void => useNav.getState().navigate({ name: 'track', id })
