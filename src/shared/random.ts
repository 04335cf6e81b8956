/** Deterministic PRNG (mulberry32): reproducible noise in tests, the same chance figures on every evaluation. */
export function rng(seed = 1): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher–Yates shuffle of `items` in place (every order equally likely for a uniform `random`); returns `items`. */
export function shuffleInPlace<A extends { length: number; [i: number]: unknown }>(
  items: A,
  random: () => number = Math.random,
): A {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const t = items[i]
    items[i] = items[j]
    items[j] = t
  }
  return items
}
