/** Random-access reads of a file for the header parsers (positional reads, no stream state). */
import { type FileHandle, open } from 'node:fs/promises'

export interface FileSource {
  readonly size: number
  /** Reads up to `length` bytes at `offset`; shorter at the end of the file. */
  read(offset: number, length: number): Promise<Buffer>
  /** Reads into `target` (reusing the caller's memory); returns the number of bytes read. */
  readInto(offset: number, target: Uint8Array): Promise<number>
  close(): Promise<void>
}

export async function openFileSource(path: string): Promise<FileSource> {
  const fh: FileHandle = await open(path, 'r')
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
