/**
 * A worker must not outlive its parent. The IPC channel's 'disconnect' (or the parent port's 'close') tells
 * a worker whose event loop is free, but a file decoded in process runs in one synchronous loop: a worker
 * whose `soundprint scan` was SIGKILLed went on for 35.8 s with a 3-hour file. So the parent is also checked
 * by a timer between jobs and from the decode loop itself (`check`, called per chunk, throttled): once the
 * parent process is gone the worker is re-parented (its parent pid changes), and it exits.
 */

const CHECK_INTERVAL_MS = 250

/**
 * Starts watching the parent process: calls `onGone` (default: exit) within about CHECK_INTERVAL_MS of its
 * death when the event loop is free, and from `check()` when it is not. Returns `check`, cheap enough to call
 * for every decoded chunk.
 */
export function watchParent(onGone: () => void = () => process.exit(0)): () => void {
  const parent = process.ppid
  const gone = (): boolean => process.ppid !== parent
  let last = performance.now()
  const timer = setInterval(() => {
    if (gone()) onGone()
  }, CHECK_INTERVAL_MS)
  timer.unref()
  return () => {
    const now = performance.now()
    if (now - last < CHECK_INTERVAL_MS) return
    last = now
    if (gone()) onGone()
  }
}
