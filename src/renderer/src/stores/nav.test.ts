import { describe, expect, it } from 'vitest'
import { parseHash, routeHash, routeLabel, takeReturnFocus, useNav } from './nav'

describe('nav store', () => {
  it('goes back to the screen it came from and asks it to focus the row, once', () => {
    useNav.setState({ route: { name: 'library' }, previous: null, returnFocus: false })
    useNav.getState().navigate({ name: 'map' })
    useNav.getState().navigate({ name: 'track', id: 7 })
    expect(useNav.getState()).toMatchObject({ previous: { name: 'map' }, lastTrackId: 7 })
    expect(routeLabel(useNav.getState().previous)).toBe('Sonic map')
    useNav.getState().back()
    expect(useNav.getState().route).toEqual({ name: 'map' })
    expect(takeReturnFocus()).toBe(true)
    expect(takeReturnFocus()).toBe(false)
  })

  it('goes to the library when the page was opened directly', () => {
    useNav.setState({ route: { name: 'track', id: 3 }, previous: null, returnFocus: false })
    useNav.getState().back()
    expect(useNav.getState().route).toEqual({ name: 'library' })
  })

  it('round-trips routes through the URL hash', () => {
    for (const r of [
      { name: 'library' },
      { name: 'map' },
      { name: 'track', id: 42 },
      { name: 'albums' },
      { name: 'album', key: 'Ünder/score\u0001 #1?' },
      { name: 'artists' },
      { name: 'artists', artist: 'AC/DC' },
      { name: 'genres', genre: 'Drum & Bass' },
      { name: 'folders', path: '/music/a b/c%d' },
    ] as const)
      expect(parseHash(routeHash(r))).toEqual(r)
    expect(parseHash('#/album/%E0%A4%A')).toEqual({ name: 'albums' })
    expect(parseHash('#/nonsense')).toEqual({ name: 'library' })
  })
})
