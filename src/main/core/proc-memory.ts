/**
 * Resident memory of a process from Linux's /proc/<pid>/status (VmRSS now, VmHWM the peak so far).
 * Returns null where /proc does not exist (macOS, Windows) or the process is gone.
 */
import { readFileSync } from 'node:fs'

interface ProcMemory {
  rssBytes: number
  peakRssBytes: number
}

export function readProcMemory(pid: number): ProcMemory | null {
  if (process.platform !== 'linux') return null
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/status`, 'latin1')
  } catch {
    return null
  }
  const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(text)
  if (!rss) return null
  const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(text)
  const rssBytes = Number(rss[1]) * 1024
  return { rssBytes, peakRssBytes: hwm ? Number(hwm[1]) * 1024 : rssBytes }
}
