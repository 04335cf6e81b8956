/**
 * The analysis' stages together produce every dimension: the compiler refuses a set of stages that
 * misses a key (the `@ts-expect-error` lines below fail `npm run typecheck` if that check ever stops
 * working), and at run time their results hold exactly the table's keys.
 */
import { describe, expect, it } from 'vitest'
import { DIMENSION_COUNT, DIMENSION_KEYS, DIMENSIONS } from '../../shared/dimensions'
import { Path22kStage } from './path22k'
import { SpectralStage } from './spectral'
import { everyDimension } from './stage'
import { TimeDomainStage } from './time-domain'

const SR = 44100

describe('everyDimension', () => {
  it('compiles only with stages that produce every key, and they produce exactly the table', () => {
    const timeDomain = new TimeDomainStage(SR, 2)
    const spectral = new SpectralStage(SR)
    const path22k = new Path22kStage(SR)
    // @ts-expect-error the [22k] path's rhythm and harmony keys are missing
    everyDimension([timeDomain, spectral])
    // @ts-expect-error only the time-domain keys
    everyDimension([timeDomain])
    const stages = everyDimension([timeDomain, spectral, path22k])
    const x = new Float32Array(SR).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / SR))
    for (const s of stages) s.push(x, x, x)
    const keys = stages.flatMap((s) => Object.keys(s.finish()))
    expect([...keys].sort()).toEqual([...DIMENSION_KEYS].sort())
    expect(keys).toHaveLength(DIMENSION_COUNT)
  })

  it('DIMENSION_COUNT is the table length', () => {
    expect(DIMENSION_COUNT).toBe(DIMENSIONS.length)
  })
})
