import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importProgress } from '../../../../test/helpers/import-progress'
import type { ImportProgress } from '../../../shared/api'
import { ApiCallError, type ClientApi, setApi } from '../api'
import { finishedImportKey, useImport } from './import'

const progress = (over: Partial<ImportProgress>): ImportProgress =>
  importProgress({ phase: 'done', found: 60, tagged: 60, analysed: 58, failed: 2, elapsedSec: 41, ...over })

/** A localStorage that lives as long as the test (a "browser profile"). */
function installStorage(): Map<string, string> {
  const data = new Map<string, string>()
  ;(globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  }
  return data
}

const reload = () => useImport.setState({ progress: null, view: null, dismissed: false, error: null, notice: null })

describe('import store: the finished-import summary', () => {
  beforeEach(() => {
    installStorage()
    reload()
  })
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage
    setApi(null)
  })

  it('stays closed once closed, across a reload, until the next import finishes', () => {
    const done = progress({})
    useImport.getState().receive(done)
    expect(useImport.getState().dismissed).toBe(false)
    useImport.getState().dismiss()
    expect(useImport.getState().dismissed).toBe(true)

    reload() // a new page (or browser session) on the same profile gets the same status
    useImport.getState().receive(done)
    expect(useImport.getState().dismissed).toBe(true)

    // The next import shows progress while it runs, and its own summary when done.
    useImport.getState().receive(progress({ phase: 'analysing', analysed: 3, pending: 4 }))
    expect(useImport.getState().dismissed).toBe(false)
    useImport.getState().receive(progress({ analysed: 62, found: 64, elapsedSec: 3 }))
    expect(useImport.getState().dismissed).toBe(false)
  })

  it('tells finished imports apart', () => {
    expect(finishedImportKey(progress({}))).toBe(finishedImportKey(progress({ current: ['x'] })))
    expect(finishedImportKey(progress({}))).not.toBe(finishedImportKey(progress({ phase: 'cancelled' })))
    expect(finishedImportKey(progress({}))).not.toBe(finishedImportKey(progress({ analysed: 59 })))
  })
})

describe('import store: adding a folder', () => {
  afterEach(() => setApi(null))

  const apiAnswering = (answer: (method: string) => unknown): ClientApi => ({
    call: (async (method: string) => answer(method)) as ClientApi['call'],
    on: () => () => {},
    audioUrl: () => '',
    coverUrl: () => '',
  })

  it('says so, as a notice rather than an error, when the folder is already in the library', async () => {
    setApi(
      apiAnswering((m) => {
        if (m === 'library.addRoot')
          throw new ApiCallError('/music/a is already in the library (inside /music)', 'already_in_library', 409)
        return progress({})
      }),
    )
    const ok = await useImport.getState().addFolder('/music/a')
    expect(ok).toBe(false)
    expect(useImport.getState().error).toBeNull()
    expect(useImport.getState().notice).toContain('already in the library (inside /music)')
  })

  it('keeps other failures as errors', async () => {
    setApi(
      apiAnswering(() => {
        throw new ApiCallError('folder not found: /nope', 'not_found', 404)
      }),
    )
    expect(await useImport.getState().addFolder('/nope')).toBe(false)
    expect(useImport.getState().error).toContain('Folder not found: /nope')
    expect(useImport.getState().notice).toBeNull()
  })
})
