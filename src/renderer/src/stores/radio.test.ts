import { afterEach, describe, expect, it } from 'vitest'
import { installMemoryStorage } from '../../../../test/helpers/memory-storage'
import type { ScoredTrack } from '../../../shared/api'
import { type ClientApi, setApi } from '../api'

// A memory localStorage, installed before the store modules read their preferences.
installMemoryStorage()

const { bindEngine, usePlayer } = await import('./player')
const { startRadioWatch, useRadio } = await import('./radio')

const track = (id: number) => ({ id, title: `T${id}`, artist: null, lufs: -16, peakDb: -3, durationSec: 6 })
const noop = () => {}
bindEngine({
  load: noop,
  preload: noop,
  play: noop,
  pause: noop,
  stop: noop,
  seek: noop,
  currentTime: () => 0,
  setTrackGain: noop,
  setOutput: noop,
})

afterEach(() => {
  useRadio.getState().stop()
  usePlayer.getState().stop()
  setApi(null)
})

describe('radio store', () => {
  it('starts while another queue plays: the player ticking during the first request does not end it', async () => {
    let answer: (tracks: ScoredTrack[]) => void = noop
    setApi({
      call: ((method: string) =>
        method === 'radio.next'
          ? new Promise((resolve) => {
              answer = (tracks) => resolve({ tracks } as never)
            })
          : Promise.reject(new Error(`unexpected ${method}`))) as ClientApi['call'],
      on: () => noop,
      audioUrl: (id) => `/a/${id}`,
      coverUrl: (id, size) => `/c/${id}/${size}`,
    })
    const stopWatch = startRadioWatch()
    usePlayer.getState().playList([track(1), track(2)], 0, { kind: 'selection', label: 'Album: A' })
    const starting = useRadio.getState().start([track(1), track(2)], 'Album: A')
    // The album keeps playing while the radio's first picks are on their way.
    usePlayer.getState().setTime(1, 6)
    usePlayer.getState().setTime(2, 6)
    answer([3, 4, 5].map((id) => ({ ...track(id), score: 0.9 }) as unknown as ScoredTrack))
    await starting
    expect(useRadio.getState().active).toBe(true)
    expect(usePlayer.getState().source?.kind).toBe('radio')
    expect(usePlayer.getState().entries.map((e) => e.track.id)).toEqual([3, 4, 5])
    // Replacing the queue afterwards still ends the radio.
    usePlayer.getState().playList([track(9)], 0, { kind: 'selection', label: 'x' })
    expect(useRadio.getState().active).toBe(false)
    stopWatch()
  })
})
