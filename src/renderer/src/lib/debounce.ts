/** Trailing-edge debounce with cancel and flush (for filter typing and weight sliders). */
interface Debounced<A extends unknown[]> {
  (...args: A): void
  cancel(): void
  /** Run a pending call now. */
  flush(): void
  readonly pending: boolean
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | null = null
  let lastArgs: A | null = null
  const run = () => {
    timer = null
    const args = lastArgs
    lastArgs = null
    if (args) fn(...args)
  }
  const d = ((...args: A) => {
    lastArgs = args
    if (timer != null) clearTimeout(timer)
    timer = setTimeout(run, ms)
  }) as Debounced<A>
  d.cancel = () => {
    if (timer != null) clearTimeout(timer)
    timer = null
    lastArgs = null
  }
  d.flush = () => {
    if (timer != null) {
      clearTimeout(timer)
      run()
    }
  }
  Object.defineProperty(d, 'pending', { get: () => timer != null })
  return d
}
