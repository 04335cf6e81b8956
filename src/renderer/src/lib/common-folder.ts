/**
 * The deepest folder that holds every one of `paths` (POSIX or Windows separators; Windows paths
 * compare case-insensitively), or null when they share none (different drives) or there are none.
 */
export function commonFolder(paths: readonly string[]): string | null {
  if (paths.length === 0) return null
  const windows = paths.some((p) => /^[a-z]:[\\/]|^\\\\/i.test(p))
  const split = (p: string) => p.split(windows ? /[\\/]/ : '/')
  const same = (a: string, b: string) => (windows ? a.toLowerCase() === b.toLowerCase() : a === b)
  let common = split(paths[0]!).slice(0, -1)
  for (const p of paths.slice(1)) {
    const parts = split(p).slice(0, -1)
    let n = 0
    while (n < common.length && n < parts.length && same(common[n]!, parts[n]!)) n++
    common = common.slice(0, n)
    if (common.length === 0) return null
  }
  if (common.length === 1 && common[0] === '') return '/'
  if (common.length === 0) return null
  return common.join(windows ? '\\' : '/')
}
