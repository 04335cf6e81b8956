/** On-demand full garbage collection for the worker (between files) and after in-memory decodes. */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let gc: (() => void) | null | undefined
/**
 * Runs a full garbage collection so native buffers held by collected JS wrappers are freed now.
 * Uses `global.gc` when Node was started with --expose-gc, else enables it at run time.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    const g = (globalThis as { gc?: () => void }).gc
    if (typeof g === 'function') gc = g
    else
      try {
        setFlagsFromString('--expose-gc')
        gc = runInNewContext('gc') as () => void
      } catch {
        gc = null
      }
  }
  gc?.()
}
