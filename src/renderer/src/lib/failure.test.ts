import { describe, expect, it } from 'vitest'
import { failureAdvice } from './failure'

describe('failureAdvice', () => {
  it('tells the reasons the analysis gives apart', () => {
    expect(failureAdvice('song.m4a needs ffmpeg to decode: ffmpeg is not installed (or not on the PATH)').kind).toMatch(
      /FFmpeg/,
    )
    expect(failureAdvice('no audio could be decoded: the file is truncated or damaged').kind).toMatch(/damaged/)
    expect(failureAdvice('sample rate 4000 Hz is outside the supported 8–384 kHz').kind).toMatch(/not audio/)
    expect(failureAdvice('EACCES: permission denied').kind).toMatch(/not allowed/)
    expect(failureAdvice('something new').kind).toMatch(/stopped/)
    expect(failureAdvice(null).steps.length).toBeGreaterThan(0)
  })

  it('offers a retry only where something outside the file can fix it', () => {
    expect(failureAdvice('needs ffmpeg').retryHelps).toBe(true)
    expect(failureAdvice('the audio data is damaged').retryHelps).toBe(false)
  })
})
