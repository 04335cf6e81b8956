/**
 * What a user can do about a track that could not be analysed, read from the recorded reason (the
 * analysis reports one sentence per failure; see src/dsp-worker/decode.ts).
 */
interface FailureAdvice {
  /** One line: what kind of problem this is. */
  kind: string
  /** What to do, in order. */
  steps: string[]
  /** Whether the same file may work after a change outside it (installing FFmpeg): offer a retry. */
  retryHelps: boolean
}

const RULES: { test: RegExp; advice: FailureAdvice }[] = [
  {
    test: /ffmpeg|decoder/i,
    advice: {
      kind: 'This format needs FFmpeg, which Soundprint could not find.',
      steps: [
        'Install FFmpeg on the computer running Soundprint (Debian/Ubuntu: apt install ffmpeg; macOS: brew install ffmpeg).',
        'Then analyse the folder again: the file itself is fine.',
      ],
      retryHelps: true,
    },
  },
  {
    test: /permission|EACCES|EPERM|not a regular file|is a directory/i,
    advice: {
      kind: 'Soundprint is not allowed to read this file.',
      steps: ['Check the file’s permissions (it must be readable by your user).', 'Then analyse the folder again.'],
      retryHelps: true,
    },
  },
  {
    test: /sample rate|unsupported|not an audio|unknown format|not a known|no audio stream/i,
    advice: {
      kind: 'This is not audio Soundprint can read.',
      steps: [
        'If it is music, convert it to FLAC, MP3, Ogg or WAV (44.1 or 48 kHz) with any audio converter.',
        'If it is not music (a cue sheet, a video, an image), you can ignore it: it stays out of similarity and the map.',
      ],
      retryHelps: false,
    },
  },
  {
    test: /truncated|damaged|corrupt|cannot be decoded|invalid|empty|zero bytes/i,
    advice: {
      kind: 'The file is damaged or incomplete.',
      steps: [
        'Play it in another player: if it stops early or will not play, the file is broken.',
        'Replace it with a good copy (re-download, re-rip or restore from a backup); the new file is analysed automatically.',
      ],
      retryHelps: false,
    },
  },
]

const FALLBACK: FailureAdvice = {
  kind: 'The analysis stopped on this file.',
  steps: ['Check that it plays in another player.', 'Replace or convert it, then analyse the folder again.'],
  retryHelps: true,
}

export function failureAdvice(reason: string | null): FailureAdvice {
  if (!reason) return FALLBACK
  return RULES.find((r) => r.test.test(reason))?.advice ?? FALLBACK
}
