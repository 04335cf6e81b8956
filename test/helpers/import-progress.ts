/** An `ImportProgress` for tests: every count zero while analysing, with `over` on top. */
import type { ImportProgress } from '../../src/shared/api'

export const importProgress = (over: Partial<ImportProgress> = {}): ImportProgress => ({
  phase: 'analysing',
  found: 0,
  tagged: 0,
  analysed: 0,
  failed: 0,
  skipped: 0,
  pending: 0,
  current: [],
  tracksPerSec: 0,
  realtimeFactor: 0,
  etaSec: null,
  elapsedSec: 0,
  recentFailures: [],
  ...over,
})
