/**
 * Progress maths for the import panel: a bar that never lies.
 *
 * - While discovering, the amount of work is unknown: the bar is indeterminate.
 * - Afterwards, the fraction is (analysed + failed) / total, where total is everything this import
 *   has to analyse: the larger of (found − skipped) and (analysed + failed + pending + in flight).
 *   It is clamped to [0, 1] and never moves backwards within one import (more files being found
 *   while tags are read must not make the bar jump back; it waits instead).
 * - 'done' is 1; 'idle' with nothing to do is 0 and determinate.
 * - A new import (counts restart, or a fresh 'discovering' after an end phase) resets the floor.
 */
import type { ImportPhase, ImportProgress } from '../../../shared/api'

export interface ProgressView {
  /** 0..1, or null when indeterminate. */
  fraction: number | null
  /** Tracks finished (analysed + failed) and the total to analyse, for "12 of 340". */
  completed: number
  total: number
  /** Whether work is under way (the panel shows pause/cancel). */
  active: boolean
}

const ACTIVE: readonly ImportPhase[] = ['discovering', 'reading-tags', 'analysing', 'paused']
const ENDED: readonly ImportPhase[] = ['done', 'cancelled', 'idle']

export function isActivePhase(phase: ImportPhase): boolean {
  return ACTIVE.includes(phase)
}

/** The instantaneous view of one progress message, without memory. */
export function progressFraction(p: ImportProgress): ProgressView {
  const completed = p.analysed + p.failed
  const inFlight = p.current.length
  const total = Math.max(p.found - p.skipped, completed + p.pending + inFlight, completed)
  const active = isActivePhase(p.phase)
  if (p.phase === 'done') return { fraction: 1, completed, total: Math.max(total, completed), active }
  if (p.phase === 'discovering') return { fraction: null, completed, total, active }
  const fraction = total > 0 ? Math.min(1, Math.max(0, completed / total)) : p.phase === 'idle' ? 0 : null
  return { fraction, completed, total, active }
}

/**
 * Remembers the last shown fraction of the current import so the bar never goes backwards.
 * Feed every progress message to `update`; it returns what to show.
 */
export class ProgressTracker {
  private floor = 0
  private last: ImportProgress | null = null

  update(p: ImportProgress): ProgressView {
    if (this.isNewImport(p)) this.floor = 0
    this.last = p
    const view = progressFraction(p)
    if (view.fraction == null) return view
    const fraction = Math.min(1, Math.max(this.floor, view.fraction))
    this.floor = fraction
    return { ...view, fraction }
  }

  private isNewImport(p: ImportProgress): boolean {
    const prev = this.last
    if (!prev) return true
    if (ENDED.includes(prev.phase) && p.phase !== prev.phase && isActivePhase(p.phase)) return true
    // Counters and the clock only grow within one import.
    return (
      p.found < prev.found || p.analysed < prev.analysed || p.failed < prev.failed || p.elapsedSec + 1 < prev.elapsedSec
    )
  }
}

/** A finished check by the folder watcher that changed nothing (every file unchanged): no summary. */
function quietBackground(p: ImportProgress): boolean {
  return (
    p.background === true &&
    p.analysed === 0 &&
    p.failed === 0 &&
    p.pending === 0 &&
    p.found === p.skipped &&
    (p.newlyMissing ?? 0) === 0
  )
}

/**
 * What the import area shows: the live panel while an import runs, the one-line summary of a finished
 * import with a result until the user closes it, otherwise nothing.
 */
export function importDisplay(p: ImportProgress | null, dismissed: boolean): 'panel' | 'summary' | null {
  if (!p) return null
  if (isActivePhase(p.phase)) return 'panel'
  const hasResult = p.found > 0 || p.analysed > 0 || p.failed > 0
  if (dismissed || !hasResult || p.phase === 'idle' || quietBackground(p)) return null
  return 'summary'
}
