/**
 * A memory-backed `localStorage` for store tests under Node: install it before a store module reads
 * its preferences (import the store dynamically after the call). Returns the map behind it.
 */
export function installMemoryStorage(): Map<string, string> {
  const memory = new Map<string, string>()
  globalThis.localStorage = {
    getItem: (k: string) => memory.get(k) ?? null,
    setItem: (k: string, v: string) => void memory.set(k, v),
    removeItem: (k: string) => void memory.delete(k),
    clear: () => memory.clear(),
    key: () => null,
    length: 0,
  } as Storage
  return memory
}
