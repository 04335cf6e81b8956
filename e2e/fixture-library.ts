/**
 * A small music library generated at test time (sox + ffmpeg, nothing committed), shared by the
 * browser tests (e2e/) and the server's API tests (test/server-*.test.ts):
 * eight short, clearly different music-like tracks in five formats with tags, spread over nested
 * folders; one of them re-encoded as a second file (a duplicate by sound, not by bytes); and one
 * corrupt MP3 (a real ID3 tag, then no audio frames) that must fail with a reason.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ffmpeg, soxSynth } from '../test/helpers/audio'

export interface FixtureTrack {
  path: string
  title: string
  artist: string
  format: string
}

export interface FixtureLibrary {
  root: string
  /** The playable tracks, in generation order (includes the duplicate, last). */
  tracks: FixtureTrack[]
  /** The re-encoded copy and the track it copies. */
  duplicate: { path: string; of: string }
  corrupt: string
}

interface Recipe {
  title: string
  artist: string
  /** sox synth/effect arguments after `synth <seconds>` */
  synth: string[]
  effects: string[]
  folder: string
  format: 'wav' | 'flac' | 'mp3' | 'ogg' | 'm4a'
}

const SECONDS = 6

// Eight clearly different sounds: bass drones, bright leads, noise, pulses at different rates.
const RECIPES: Recipe[] = [
  {
    title: 'Low Drone',
    artist: 'Fixture Band',
    synth: ['sine', '55', 'sine', '110'],
    effects: ['tremolo', '0.5', '40'],
    folder: 'Ambient',
    format: 'flac',
  },
  {
    title: 'Square Pulse',
    artist: 'Fixture Band',
    synth: ['square', '440'],
    effects: ['tremolo', '4', '100', 'gain', '-12'],
    folder: 'Electro/Disc 1',
    format: 'mp3',
  },
  {
    title: 'Pink Rain',
    artist: 'Noise Unit',
    synth: ['pinknoise'],
    effects: ['tremolo', '3', '60', 'gain', '-6'],
    folder: 'Electro/Disc 1',
    format: 'ogg',
  },
  {
    title: 'Saw Chords',
    artist: 'Noise Unit',
    synth: ['sawtooth', '220', 'sawtooth', '277', 'sawtooth', '330'],
    effects: ['lowpass', '2000', 'tremolo', '2', '70', 'gain', '-9'],
    folder: 'Electro/Disc 2',
    format: 'wav',
  },
  {
    title: 'High Bells',
    artist: 'Glass',
    synth: ['triangle', '1760', 'sine', '2637'],
    effects: ['tremolo', '6', '90', 'gain', '-6'],
    folder: 'Ambient/Night',
    format: 'm4a',
  },
  {
    title: 'Brown Waves',
    artist: 'Glass',
    synth: ['brownnoise'],
    effects: ['tremolo', '0.25', '80', 'gain', '-3'],
    folder: 'Ambient/Night',
    format: 'flac',
  },
  {
    title: 'Mid Organ',
    artist: 'Fixture Band',
    synth: ['sine', '523', 'sine', '659', 'sine', '784'],
    effects: ['tremolo', '5', '30', 'gain', '-6'],
    folder: 'Organ',
    format: 'ogg',
  },
  {
    title: 'Fast Ticks',
    artist: 'Noise Unit',
    synth: ['whitenoise'],
    effects: ['highpass', '3000', 'tremolo', '8', '100', 'gain', '-15'],
    folder: 'Organ',
    format: 'mp3',
  },
]

const CODEC_ARGS: Record<Recipe['format'], string[]> = {
  wav: ['-c:a', 'pcm_s16le'],
  flac: ['-c:a', 'flac'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '192k'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '5'],
  // moov atom first, so the file also decodes from a buffer
  m4a: ['-c:a', 'aac', '-b:a', '160k', '-movflags', '+faststart'],
}

function encode(
  src: string,
  dest: string,
  format: Recipe['format'],
  title: string,
  artist: string,
  album: string,
): void {
  ffmpeg(
    '-i',
    src,
    ...CODEC_ARGS[format],
    '-metadata',
    `title=${title}`,
    '-metadata',
    `artist=${artist}`,
    '-metadata',
    `album=${album}`,
    dest,
  )
}

/** Writes the library under `dir`/library and returns what is where. Takes a few seconds. */
export function makeFixtureLibrary(dir: string): FixtureLibrary {
  const root = join(dir, 'library')
  const scratch = join(dir, 'scratch')
  mkdirSync(scratch, { recursive: true })
  const tracks: FixtureTrack[] = []
  RECIPES.forEach((r, i) => {
    const wav = join(scratch, `${i}.wav`)
    // Stereo with a little difference between the channels for a non-trivial stereo image. -R: the
    // same noise and dither every run, so every test run sees the same library.
    soxSynth(wav, SECONDS, [...r.synth, ...r.effects, 'fade', '0.05', String(SECONDS), '0.3'], { repeatable: true })
    const folder = join(root, r.folder)
    mkdirSync(folder, { recursive: true })
    const path = join(folder, `${String(i + 1).padStart(2, '0')} ${r.title}.${r.format}`)
    encode(wav, path, r.format, r.title, r.artist, r.folder.split('/')[0] as string)
    tracks.push({ path, title: r.title, artist: r.artist, format: r.format })
  })
  // The same recording as track 4 (Saw Chords, WAV), re-encoded to MP3 at 128 kbit/s.
  const original = tracks[3] as FixtureTrack
  const dupPath = join(root, 'Copies', 'Saw Chords (copy).mp3')
  mkdirSync(join(root, 'Copies'), { recursive: true })
  ffmpeg(
    '-i',
    original.path,
    '-af',
    'volume=-3dB',
    '-c:a',
    'libmp3lame',
    '-b:a',
    '128k',
    '-metadata',
    'title=Saw Chords (copy)',
    '-metadata',
    `artist=${original.artist}`,
    dupPath,
  )
  tracks.push({ path: dupPath, title: 'Saw Chords (copy)', artist: original.artist, format: 'mp3' })

  const corrupt = join(root, 'Broken', 'Broken Song.mp3')
  mkdirSync(join(root, 'Broken'), { recursive: true })
  const brokenSource = join(scratch, 'broken.mp3')
  encode(join(scratch, '0.wav'), brokenSource, 'mp3', 'Broken Song', 'Fixture Band', 'Broken')
  writeCorruptMp3(corrupt, brokenSource)
  return { root, tracks, duplicate: { path: dupPath, of: original.path }, corrupt }
}

/**
 * A damaged MP3 like an interrupted download gone wrong: the real ID3 tag of `source` (an MP3), then
 * bytes that hold no MPEG frame (no 0xFF sync byte anywhere), so decoders recognise the file and fail.
 */
export function writeCorruptMp3(dest: string, source: string): void {
  const src = readFileSync(source)
  if (src.subarray(0, 3).toString('latin1') !== 'ID3') throw new Error(`${source} has no ID3 tag`)
  // ID3v2 size: four 7-bit "syncsafe" bytes after the 10-byte header's first six.
  const tagSize =
    10 + (((src[6] as number) << 21) | ((src[7] as number) << 14) | ((src[8] as number) << 7) | (src[9] as number))
  const garbage = randomBytes(Math.max(32 * 1024, src.length - tagSize)).map((b) => b & 0x7f)
  writeFileSync(dest, Buffer.concat([src.subarray(0, tagSize), garbage]))
}
