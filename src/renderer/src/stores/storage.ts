/** Persisted UI preferences in localStorage, tolerant of it being absent, full or corrupt. */
export function loadPref<T>(key: string, fallback: T, valid: (v: unknown) => v is T): T {
  try {
    const raw = globalThis.localStorage?.getItem(`soundprint.${key}`)
    if (raw == null) return fallback
    const v: unknown = JSON.parse(raw)
    return valid(v) ? v : fallback
  } catch {
    return fallback
  }
}

export function savePref(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(`soundprint.${key}`, JSON.stringify(value))
  } catch {
    // Private mode or quota: the preference lasts for this session only.
  }
}
