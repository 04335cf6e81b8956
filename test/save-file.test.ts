/**
 * The desktop save dialog behind playlist export (src/main/electron/save-file.ts): the renderer's
 * arguments are checked and reduced to a plain file name, the dialog proposes it in the given folder,
 * and the chosen file gets the text as UTF-8 (nothing is written when the user cancels).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkSaveRequest, MAX_SAVE_CHARS, saveWithDialog } from '../src/main/electron/save-file'
import { makeTempDir } from './helpers/audio'

const tmp = makeTempDir()
afterAll(() => tmp.cleanup())

describe('save-file IPC', () => {
  it('accepts a name and text, and reduces the name to a plain file name', () => {
    expect(checkSaveRequest('Road trip.m3u8', '#EXTM3U\n')).toEqual({
      fileName: 'Road trip.m3u8',
      contents: '#EXTM3U\n',
    })
    expect(checkSaveRequest('../../etc/passwd', 'x')?.fileName).toBe('.._.._etc_passwd')
    expect(checkSaveRequest('a\u0000b\n.m3u8', 'x')?.fileName).toBe('ab.m3u8')
  })

  it('refuses what is not two strings, an empty name, or too much text', () => {
    expect(checkSaveRequest(1, 'x')).toBeNull()
    expect(checkSaveRequest('a.m3u8', { toString: () => 'x' })).toBeNull()
    expect(checkSaveRequest('  ', 'x')).toBeNull()
    expect(checkSaveRequest('..', 'x')).toBeNull()
    expect(checkSaveRequest('a.m3u8', 'x'.repeat(MAX_SAVE_CHARS + 1))).toBeNull()
  })

  it('proposes the name in the folder, writes UTF-8 where the user chose, and nothing on cancel', async () => {
    const asked: [string, string][] = []
    const target = join(tmp.dir, 'Mix – ünïcode.m3u8')
    const text = '#EXTM3U\n#EXTINF:6,Ünïcode Band - Café\n/music/Café.flac\n'
    const ok = await saveWithDialog({ fileName: 'Mix.m3u8', contents: text }, '/home/u/Music', {
      ask: async (p, ext) => {
        asked.push([p, ext])
        return target
      },
    })
    expect(ok).toBe(true)
    expect(asked).toEqual([['/home/u/Music/Mix.m3u8', 'm3u8']])
    expect(readFileSync(target, 'utf8')).toBe(text)

    const cancelled = join(tmp.dir, 'never.m3u8')
    expect(await saveWithDialog({ fileName: 'never.m3u8', contents: 'x' }, tmp.dir, { ask: async () => null })).toBe(
      false,
    )
    expect(existsSync(cancelled)).toBe(false)
  })
})
