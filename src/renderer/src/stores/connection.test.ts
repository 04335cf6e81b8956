import { afterEach, describe, expect, it, vi } from 'vitest'
import { OFFLINE_GRACE_MS, useConnection } from './connection'

describe('connection store', () => {
  afterEach(() => vi.useRealTimers())

  it('says offline only when the server stays away, and clears when the stream reopens', () => {
    vi.useFakeTimers()
    const c = useConnection.getState()
    c.setOpen(false)
    vi.advanceTimersByTime(OFFLINE_GRACE_MS / 2)
    c.setOpen(true) // a blip: nothing shown
    vi.advanceTimersByTime(OFFLINE_GRACE_MS)
    expect(useConnection.getState().offline).toBe(false)

    c.setOpen(false)
    c.setOpen(false) // repeated errors while retrying do not restart the clock
    vi.advanceTimersByTime(OFFLINE_GRACE_MS + 1)
    expect(useConnection.getState().offline).toBe(true)
    c.setOpen(true)
    expect(useConnection.getState()).toMatchObject({ offline: false, downSince: null })
  })
})
