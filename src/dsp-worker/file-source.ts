/** Random-access reads of a file for the header parsers (positional reads, no stream state). */
import { constants } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'

/** A path that names something other than a regular file (a named pipe, a socket, a device, a folder). */
export class NotRegularFileError extends Error {
  constructor(readonly kind: string) {
    super(`not a regular file (${kind})`)
    this.name = 'NotRegularFileError'
  }
}

/** What a stat says a non-regular entry is, in words ('a named pipe', …). */
export function entryKind(st: {
  isFIFO(): boolean
  isSocket(): boolean
  isBlockDevice(): boolean
  isCharacterDevice(): boolean
  isDirectory(): boolean
}): string {
  if (st.isFIFO()) return 'a named pipe'
  if (st.isSocket()) return 'a socket'
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'a device'
  if (st.isDirectory()) return 'a folder'
  return 'not a file'
}

/**
 * Opens `path` for reading only if it is a regular file. The open does not block (O_NONBLOCK: a named pipe
 * without a writer would otherwise hold one of libuv's four threads forever, and with them every other file
 * operation of the process), and the check is made on the opened descriptor, so a file swapped for a pipe
 * between a stat and the open is still refused. Throws NotRegularFileError, or the open's own error.
 */
export async function openRegularFile(path: string): Promise<FileHandle> {
  const fh = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const st = await fh.stat()
    if (!st.isFile()) throw new NotRegularFileError(entryKind(st))
    return fh
  } catch (err) {
    await fh.close()
    throw err
  }
}

export interface FileSource {
  readonly size: number
  /** Reads up to `length` bytes at `offset`; shorter at the end of the file. */
  read(offset: number, length: number): Promise<Buffer>
  /** Reads into `target` (reusing the caller's memory); returns the number of bytes read. */
  readInto(offset: number, target: Uint8Array): Promise<number>
  close(): Promise<void>
}

export async function openFileSource(path: string): Promise<FileSource> {
  const fh: FileHandle = await openRegularFile(path)
  const { size } = await fh.stat()
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset))
      const buf = Buffer.alloc(n)
      let got = 0
      while (got < n) {
        const { bytesRead } = await fh.read(buf, got, n - got, offset + got)
        if (bytesRead === 0) break
        got += bytesRead
      }
      return got === n ? buf : buf.subarray(0, got)
    },
    async readInto(offset, target) {
      let got = 0
      while (got < target.length) {
        const { bytesRead } = await fh.read(target, got, target.length - got, offset + got)
        if (bytesRead === 0) break
        got += bytesRead
      }
      return got
    },
    close: () => fh.close(),
  }
}
