/**
 * Loads something once per key (an album, a folder's children, the genres): the last value loaded
 * (kept while the next one loads) and the error of the last attempt. A result that arrives after the
 * key changed or the component went away is dropped.
 */
import { useEffect, useState } from 'react'
import { errorMessage } from '../api'

export function useLoaded<T>(key: string, load: () => Promise<T>): { data: T | null; error: string | null } {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key names what is loaded (`load` is rebuilt each render)
  useEffect(() => {
    let live = true
    setError(null)
    load().then(
      (d) => {
        if (live) setData(d)
      },
      (err: unknown) => {
        if (live) setError(errorMessage(err))
      },
    )
    return () => {
      live = false
    }
  }, [key])
  return { data, error }
}
