import { beforeEach, describe, expect, it, vi } from 'vitest'
import { installMemoryStorage } from '../../../../test/helpers/memory-storage'
import type { TrackDetail } from '../../../shared/api'
import { type ClientApi, setApi } from '../api'
import { dbToGain } from '../lib/gain'

// A memory localStorage, installed before the store modules read their preferences.
const memory = installMemoryStorage()

const { bindEngine, onSkip, restoreQueue, startQueuePersistence, usePlayer } = await import('./player')
type Track = Parameters<ReturnType<typeof usePlayer.getState>['play']>[0]

/** Records what the store asks of the audio engine. */
function fakeEngine() {
  const log: string[] = []
  let time = 0
  const engine = {
    log,
    gains: [] as number[],
    setTime: (t: number) => {
      time = t
    },
    load: (t: Track, gain: number) => {
      log.push(`load ${t.id}`)
      engine.gains.push(gain)
    },
    preload: (t: Track | null) => log.push(`preload ${t?.id ?? '-'}`),
    play: () => log.push('play'),
    pause: () => log.push('pause'),
    stop: () => log.push('stop'),
    seek: (s: number) => log.push(`seek ${s}`),
    currentTime: () => time,
    setTrackGain: (g: number) => engine.gains.push(g),
    setOutput: (v: number, m: boolean) => log.push(`output ${v} ${m}`),
  }
  return engine
}

const t = (id: number, lufs: number | null = -16, peakDb: number | null = -3): Track => ({
  id,
  title: `T${id}`,
  artist: null,
  lufs,
  peakDb,
  durationSec: 6,
})
const flush = () => new Promise((r) => setTimeout(r, 0))

let engine: ReturnType<typeof fakeEngine>
beforeEach(() => {
  usePlayer.getState().stop()
  usePlayer.setState({ shuffle: false, repeat: 'off', levelMatch: true })
  engine = fakeEngine()
  bindEngine(engine)
})

describe('player store', () => {
  it('plays a list, advances at the end of each track and stops after the last', async () => {
    const p = usePlayer.getState
    p().playList([t(1), t(2), t(3)])
    await flush()
    expect(p().track?.id).toBe(1)
    expect(engine.log).toContain('load 1')
    expect(engine.log).toContain('preload 2')
    p().next({ auto: true })
    await flush()
    p().next({ auto: true })
    await flush()
    expect(p().track?.id).toBe(3)
    p().next({ auto: true })
    await flush()
    expect(p().track?.id).toBe(3)
    expect(engine.log.slice(-2)).toEqual(['pause', 'seek 0'])
    expect(p().playing).toBe(false)
  })

  it('repeat one replays the track at its end; repeat all wraps round', async () => {
    const p = usePlayer.getState
    p().playList([t(1), t(2)])
    await flush()
    p().cycleRepeat() // all
    p().cycleRepeat() // one
    expect(p().repeat).toBe('one')
    p().next({ auto: true })
    await flush()
    expect(p().track?.id).toBe(1)
    expect(engine.log.filter((l) => l === 'load 1')).toHaveLength(2)
    p().cycleRepeat() // off
    p().cycleRepeat() // all
    p().jump(1)
    p().next({ auto: true })
    await flush()
    expect(p().track?.id).toBe(1)
  })

  it('applies the level-matched gain (capped by the peak), or unity when turned off', async () => {
    const p = usePlayer.getState
    p().playList([t(1, -10, -0.5), t(2, -26, -6)])
    await flush()
    expect(engine.gains.at(-1)).toBeCloseTo(dbToGain(-6), 9)
    p().next()
    await flush()
    expect(engine.gains.at(-1)).toBeCloseTo(dbToGain(5), 9) // wants +10 dB, the peak allows +5
    p().setLevelMatch(false)
    await flush()
    expect(engine.gains.at(-1)).toBe(1)
    expect(memory.get('soundprint.player.levelMatch')).toBe('false')
  })

  it('asks the library for the loudness of a track that came without it', async () => {
    const calls: unknown[] = []
    setApi({
      call: (async (method: string, req: unknown) => {
        calls.push([method, req])
        return { id: 5, lufs: -22, peakDb: -10 } as unknown as TrackDetail
      }) as ClientApi['call'],
      on: () => () => {},
      audioUrl: (id) => `/a/${id}`,
      coverUrl: (id, size) => `/c/${id}/${size}`,
    })
    usePlayer.getState().play({ id: 5, title: 'Five', artist: null })
    await flush()
    expect(calls).toEqual([['tracks.get', { id: 5 }]])
    expect(engine.gains.at(-1)).toBeCloseTo(dbToGain(6), 9)
    setApi(null)
  })

  it('skips a track that fails to play with a note, and stops when every track failed', async () => {
    const p = usePlayer.getState
    p().playList([t(1), t(2), t(3)])
    p().failed('the audio could not be decoded')
    await flush()
    expect(p().track?.id).toBe(2)
    expect(p().note).toMatch(/Skipped “T1”: the audio could not be decoded/)
    p().failed('x')
    p().failed('x')
    expect(p().playing).toBe(false)
    expect(p().note).toMatch(/Skipped/)
  })

  it('remembers volume and mute; a skip tells the listeners how far in it was', () => {
    const p = usePlayer.getState
    p().setVolume(0.4)
    p().toggleMute()
    expect(memory.get('soundprint.player.volume')).toBe('0.4')
    expect(memory.get('soundprint.player.muted')).toBe('true')
    expect(engine.log.at(-1)).toBe('output 0.4 true')
    p().setVolume(0.6) // moving the volume unmutes
    expect(p().muted).toBe(false)

    const skips: [number, number][] = []
    const off = onSkip((track, at) => skips.push([track.id, at]))
    p().playList([t(1), t(2)])
    engine.setTime(12)
    p().skip()
    off()
    expect(skips).toEqual([[1, 12]])
    expect(p().track?.id).toBe(2)
  })

  it('previous restarts the track after 3 s and goes back before', async () => {
    const p = usePlayer.getState
    p().playList([t(1), t(2)], 1)
    engine.setTime(10)
    p().previous()
    expect(p().track?.id).toBe(2)
    expect(engine.log.at(-1)).toBe('seek 0')
    engine.setTime(1)
    p().previous()
    expect(p().track?.id).toBe(1)
  })

  it('a queue replaced while it had tracks up next can be put back', async () => {
    const p = usePlayer.getState
    p().playList([t(1), t(2), t(3)], 0, { kind: 'selection', label: 'Mine' })
    await flush()
    expect(p().replaced).toBeNull() // nothing was queued before
    p().playList([t(7), t(8)], 0, { kind: 'radio', label: 'Radio: X' })
    await flush()
    expect(p().replaced?.by).toBe('Radio: X')
    expect(p().track?.id).toBe(7)
    p().undoReplace()
    await flush()
    expect(p().entries.map((e) => e.track.id)).toEqual([1, 2, 3])
    expect(p().track?.id).toBe(1)
    expect(p().source).toEqual({ kind: 'selection', label: 'Mine' })
    expect(p().replaced).toBeNull()
    // Replacing the last track (nothing up next) leaves nothing to put back.
    p().jump(2)
    p().playList([t(9)])
    await flush()
    expect(p().replaced).toBeNull()
  })

  it('keeps the queue across a reload: restored paused, in its order, without tracks gone meanwhile', async () => {
    const p = usePlayer.getState
    const stop = startQueuePersistence()
    p().playList([t(3), t(1), t(2), t(4)], 1, { kind: 'playlist', label: 'Mix', playlistId: 9 })
    await new Promise((r) => setTimeout(r, 700))
    stop()
    p().stop() // the reload
    expect(p().entries).toHaveLength(0)
    const asked: unknown[] = []
    setApi({
      call: (async (method: string, req: unknown) => {
        asked.push([method, req])
        // The library answers in its own order; track 4 is gone, track 2 failed meanwhile.
        return {
          total: 3,
          offset: 0,
          rows: [
            { ...t(1), state: 'done' },
            { ...t(2), state: 'failed' },
            { ...t(3), state: 'done' },
          ],
        }
      }) as ClientApi['call'],
      on: () => () => {},
      audioUrl: (id) => `/a/${id}`,
      coverUrl: (id, size) => `/c/${id}/${size}`,
    })
    await restoreQueue()
    setApi(null)
    expect(asked).toEqual([['tracks.query', { ids: [3, 1, 2, 4], limit: 1000 }]])
    expect(p().entries.map((e) => e.track.id)).toEqual([3, 1])
    expect(p().track?.id).toBe(1)
    expect(p().playing).toBe(false)
    expect(p().source).toEqual({ kind: 'playlist', label: 'Mix', playlistId: 9 })
    // Play loads the restored track.
    engine.log.length = 0
    p().toggle()
    await flush()
    expect(engine.log).toContain('load 1')
  })

  it('play on the loaded track toggles it; play on another inserts it after the current one', () => {
    const p = usePlayer.getState
    p().playList([t(1), t(2)])
    p().setPlaying(true)
    p().play(t(1))
    expect(engine.log.at(-1)).toBe('pause')
    p().play(t(9))
    expect(p().entries.map((e) => e.track.id)).toEqual([1, 9, 2])
    expect(p().track?.id).toBe(9)
    vi.restoreAllMocks()
  })
})
