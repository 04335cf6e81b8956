/**
 * A small library shaped like a real collection, generated at test time (sox + ffmpeg): two albums with
 * cover art (one embedded in the MP3s, one as cover.jpg beside FLACs, on two discs), untagged files
 * whose names sort naturally (track1, track2, track11), and two untagged "song.ogg" in different
 * folders (ambiguous titles). Used by e2e/library-views.spec.ts and the screenshots.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ffmpeg, sox } from '../test/helpers/audio'

export interface AlbumFixture {
  root: string
  embedded: { album: string; artist: string; year: number; titles: string[] }
  /** Titles in disc/track order: disc 1 Low Tide, Gulls; disc 2 Fog Horn, Breakwater. */
  folderCover: { album: string; artist: string; year: number; genre: string; titles: string[] }
  /** Untagged files whose titles come from their names, in natural order. */
  natural: string[]
  /** The two untagged song.ogg files' folders. */
  ambiguousFolders: string[]
  /** A file to copy into the library while it is watched (outside the library). */
  spare: string
}

const SECONDS = '4'

function tone(dest: string, i: number): void {
  // A different chord and pulse per index, so analysis gives distinct fingerprints.
  const f = 110 * 2 ** (i / 5)
  sox(
    '-R',
    '-n',
    '-r',
    '44100',
    '-c',
    '2',
    dest,
    'synth',
    SECONDS,
    'sine',
    String(f),
    'sawtooth',
    String(f * 1.5),
    'tremolo',
    String(1 + (i % 6)),
    '60',
    'gain',
    '-9',
  )
}

function image(dest: string, source: string): void {
  ffmpeg('-f', 'lavfi', '-i', source, '-frames:v', '1', '-q:v', '3', dest)
}

export function makeAlbumLibrary(dir: string): AlbumFixture {
  const root = join(dir, 'music')
  const scratch = join(dir, 'scratch')
  mkdirSync(scratch, { recursive: true })
  let n = 0
  const wav = () => {
    const p = join(scratch, `${n}.wav`)
    tone(p, n++)
    return p
  }

  // Album 1: MP3s with the cover embedded as an attached picture.
  const embedded = {
    album: 'Night Drive',
    artist: 'Neon Coast',
    year: 2019,
    titles: ['Ignition', 'Overpass', 'Tail Lights'],
  }
  const cover1 = join(scratch, 'cover1.jpg')
  image(cover1, 'mandelbrot=s=320x320')
  const d1 = join(root, 'Neon Coast', 'Night Drive')
  mkdirSync(d1, { recursive: true })
  embedded.titles.forEach((title, i) => {
    ffmpeg(
      '-i',
      wav(),
      '-i',
      cover1,
      '-map',
      '0:a',
      '-map',
      '1:v',
      '-c:a',
      'libmp3lame',
      '-b:a',
      '128k',
      '-c:v',
      'mjpeg',
      '-disposition:v',
      'attached_pic',
      '-id3v2_version',
      '3',
      '-metadata',
      `title=${title}`,
      '-metadata',
      `artist=${embedded.artist}`,
      '-metadata',
      `album_artist=${embedded.artist}`,
      '-metadata',
      `album=${embedded.album}`,
      '-metadata',
      `date=${embedded.year}`,
      '-metadata',
      'genre=Synthwave',
      '-metadata',
      `track=${i + 1}/${embedded.titles.length}`,
      join(d1, `${String(i + 1).padStart(2, '0')} ${title}.mp3`),
    )
  })

  // Album 2: FLACs on two discs with cover.jpg in the album folder; written in an order that is not
  // the disc/track order.
  const folderCover = {
    album: 'Harbour Lights',
    artist: 'Tide Pool',
    year: 2021,
    genre: 'Ambient',
    titles: ['Low Tide', 'Gulls', 'Fog Horn', 'Breakwater'],
  }
  const d2 = join(root, 'Tide Pool', 'Harbour Lights')
  mkdirSync(d2, { recursive: true })
  image(join(d2, 'cover.jpg'), 'gradients=s=400x400:c0=0x1d3557:c1=0x457b9d:c2=0xa8dadc:n=3:seed=7')
  const placement = [
    { disc: 2, track: 1 },
    { disc: 1, track: 2 },
    { disc: 1, track: 1 },
    { disc: 2, track: 2 },
  ]
  placement.forEach((p, i) => {
    const title = p.disc === 1 ? (p.track === 1 ? 'Low Tide' : 'Gulls') : p.track === 1 ? 'Fog Horn' : 'Breakwater'
    ffmpeg(
      '-i',
      wav(),
      '-c:a',
      'flac',
      '-metadata',
      `title=${title}`,
      '-metadata',
      `artist=${folderCover.artist}`,
      '-metadata',
      `album=${folderCover.album}`,
      '-metadata',
      `date=${folderCover.year}`,
      '-metadata',
      `genre=${folderCover.genre}`,
      '-metadata',
      `track=${p.track}`,
      '-metadata',
      `disc=${p.disc}`,
      join(d2, `take-${i}.flac`),
    )
  })

  // Untagged files named track1, track11, track2: natural order is 1, 2, 11.
  const loose = join(root, 'Loose')
  mkdirSync(loose, { recursive: true })
  for (const name of ['track11', 'track1', 'track2'])
    ffmpeg('-i', wav(), '-c:a', 'libvorbis', '-q:a', '3', join(loose, `${name}.ogg`))

  // Two untagged song.ogg: the same title, told apart by their folders.
  const ambiguousFolders = ['Demo A', 'Demo B']
  for (const f of ambiguousFolders) {
    mkdirSync(join(root, 'Demos', f), { recursive: true })
    ffmpeg('-i', wav(), '-c:a', 'libvorbis', '-q:a', '3', join(root, 'Demos', f, 'song.ogg'))
  }

  const spare = join(scratch, 'Late Arrival.ogg')
  ffmpeg(
    '-i',
    wav(),
    '-c:a',
    'libvorbis',
    '-q:a',
    '3',
    '-metadata',
    'title=Late Arrival',
    '-metadata',
    'artist=Watcher',
    spare,
  )

  return {
    root,
    embedded,
    folderCover,
    natural: ['track1', 'track2', 'track11'],
    ambiguousFolders,
    spare,
  }
}
