/**
 * Which screen shows, mirrored in the URL hash (#/library, #/albums, #/album/<key>, #/artists/<name>,
 * #/genres/<name>, #/folders/<path>, #/map, #/track/42) so browser back and forward work and a page can
 * be reloaded or bookmarked.
 */
import { create } from 'zustand'

export type Route =
  | { name: 'library' }
  | { name: 'map' }
  | { name: 'track'; id: number }
  | { name: 'albums' }
  | { name: 'album'; key: string }
  | { name: 'artists'; artist?: string }
  | { name: 'genres'; genre?: string }
  | { name: 'folders'; path?: string }
  | { name: 'playlists'; id?: number }

/** The library's browse views (tabs above the table), in tab order. */
export const BROWSE_VIEWS = ['library', 'albums', 'artists', 'genres', 'folders'] as const

const decode = (s: string | undefined): string | undefined => {
  if (!s) return undefined
  try {
    return decodeURIComponent(s)
  } catch {
    return undefined
  }
}

export function parseHash(hash: string): Route {
  const [head, ...rest] = hash.replace(/^#?\/?/, '').split('/')
  const arg = rest.length > 0 ? decode(rest.join('/')) : undefined
  switch (head) {
    case 'track':
      return /^\d+$/.test(rest[0] ?? '') ? { name: 'track', id: Number(rest[0]) } : { name: 'library' }
    case 'map':
      return { name: 'map' }
    case 'playlists':
      return /^\d+$/.test(rest[0] ?? '') ? { name: 'playlists', id: Number(rest[0]) } : { name: 'playlists' }
    case 'albums':
      return { name: 'albums' }
    case 'album':
      return arg ? { name: 'album', key: arg } : { name: 'albums' }
    case 'artists':
      return arg ? { name: 'artists', artist: arg } : { name: 'artists' }
    case 'genres':
      return arg ? { name: 'genres', genre: arg } : { name: 'genres' }
    case 'folders':
      return arg ? { name: 'folders', path: arg } : { name: 'folders' }
    default:
      return { name: 'library' }
  }
}

export function routeHash(r: Route): string {
  const arg = (v: string | undefined) => (v ? `/${encodeURIComponent(v)}` : '')
  switch (r.name) {
    case 'track':
      return `#/track/${r.id}`
    case 'playlists':
      return r.id != null ? `#/playlists/${r.id}` : '#/playlists'
    case 'album':
      return `#/album${arg(r.key)}`
    case 'artists':
      return `#/artists${arg(r.artist)}`
    case 'genres':
      return `#/genres${arg(r.genre)}`
    case 'folders':
      return `#/folders${arg(r.path)}`
    default:
      return `#/${r.name}`
  }
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
  switch (r?.name ?? 'library') {
    case 'library':
      return 'Library'
    case 'map':
      return 'Sonic map'
    case 'playlists':
      return 'Playlists'
    case 'albums':
      return 'Albums'
    case 'album':
      return 'Album'
    case 'artists':
      return 'Artists'
    case 'genres':
      return 'Genres'
    case 'folders':
      return 'Folders'
    default:
      return 'Back'
  }
}

export const openAlbum = (key: string): void => useNav.getState().navigate({ name: 'album', key })

export const openTrack = (id: number): void => useNav.getState().navigate({ name: 'track', id })
