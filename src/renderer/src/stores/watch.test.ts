import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WatchStatus } from '../../../shared/api'
import { ApiCallError, type ClientApi, setApi } from '../api'
import { useWatch, watchSummary } from './watch'

const watching = (state: WatchStatus['roots'][number]['state'], problem: string | null = null): WatchStatus => ({
  enabled: true,
  roots: [
    { id: 1, path: '/music', state: 'watching', problem: null },
    { id: 2, path: '/media/usb', state, problem },
  ],
})

/** An API whose settings.set answers with `answer` and records what it was sent. */
function fakeApi(calls: [string, unknown][], answer: (method: string, req: unknown) => unknown): ClientApi {
  return {
    call: (async (method: string, req: unknown) => {
      calls.push([method, req])
      return answer(method, req)
    }) as ClientApi['call'],
    on: () => () => {},
    audioUrl: () => '',
    coverUrl: () => '',
  }
}

describe('watch store', () => {
  beforeEach(() => useWatch.setState({ watchFolders: null, status: null, busy: false, error: null }))
  afterEach(() => setApi(null))

  it('says how the folders are watched, offline ones and problems first', () => {
    expect(watchSummary({ watchFolders: null, status: null })).toBeNull()
    expect(watchSummary({ watchFolders: false, status: null })).toEqual({ text: 'not watched', warn: false })
    expect(watchSummary({ watchFolders: true, status: watching('watching') })).toEqual({ text: 'watched', warn: false })
    expect(watchSummary({ watchFolders: true, status: watching('offline') })).toEqual({ text: '1 offline', warn: true })
    expect(watchSummary({ watchFolders: true, status: watching('polling', 'ENOSPC') })).toEqual({
      text: 'watched, with problems',
      warn: true,
    })
  })

  it('loads the setting and the status, and turns watching off on the server', async () => {
    const calls: [string, unknown][] = []
    let on = true
    setApi(
      fakeApi(calls, (method, req) => {
        if (method === 'settings.set') on = (req as { watchFolders: boolean }).watchFolders
        if (method === 'settings.get' || method === 'settings.set') return { watchFolders: on }
        return on ? watching('watching') : { enabled: false, roots: [] }
      }),
    )
    await useWatch.getState().load()
    expect(useWatch.getState()).toMatchObject({ watchFolders: true, status: { enabled: true } })
    await useWatch.getState().setWatchFolders(false)
    expect(calls).toContainEqual(['settings.set', { watchFolders: false }])
    expect(useWatch.getState()).toMatchObject({ watchFolders: false, busy: false, status: { enabled: false } })
    // A pushed status replaces what was loaded.
    useWatch.getState().receive(watching('offline'))
    expect(useWatch.getState().status?.roots[1]?.state).toBe('offline')
  })

  it('keeps the old value and says why when the server refuses the change', async () => {
    setApi(
      fakeApi([], (method) => {
        if (method === 'settings.set') throw new ApiCallError('the library is open read-only', 'read_only', 403)
        return { watchFolders: true }
      }),
    )
    useWatch.setState({ watchFolders: true })
    await useWatch.getState().setWatchFolders(false)
    expect(useWatch.getState()).toMatchObject({
      watchFolders: true,
      busy: false,
      error: 'The library is open read-only',
    })
  })
})
