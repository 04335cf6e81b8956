/**
 * The FFmpeg build that ships with the app: the npm package `@ffmpeg-installer/ffmpeg`, whose
 * per-platform optional dependency (`@ffmpeg-installer/<platform>-<arch>`) carries a static ffmpeg
 * binary. It comes after the in-process decoder and the system's ffmpeg in the registry, so it decodes
 * only where neither is present: `npm install` on a machine without FFmpeg, and the desktop installers
 * (Windows, macOS, the AppImage), still stream every supported format at constant memory.
 *
 * `SOUNDPRINT_FFMPEG=none` means no ffmpeg at all, this one included; `SOUNDPRINT_BUNDLED_FFMPEG=none`
 * goes without this one only, and a path there replaces it. In a packaged app the package is unpacked
 * from the asar archive (package.json `build.asarUnpack`), since a binary inside it cannot be run.
 */
import { createRequire } from 'node:module'
import { sep } from 'node:path'
import { commandLineDecoder, isExecutable } from './ffmpeg'

const PACKAGE = '@ffmpeg-installer/ffmpeg'
let cached: { key: string; path: string | null; why: string } | null = null

function lookUp(env: NodeJS.ProcessEnv): { path: string | null; why: string } {
  if (env.SOUNDPRINT_FFMPEG === 'none' || env.SOUNDPRINT_FFMPEG === '')
    return { path: null, why: 'disabled by SOUNDPRINT_FFMPEG' }
  const override = env.SOUNDPRINT_BUNDLED_FFMPEG
  if (override === 'none' || override === '') return { path: null, why: 'disabled by SOUNDPRINT_BUNDLED_FFMPEG' }
  if (override !== undefined)
    return isExecutable(override) ? { path: override, why: '' } : { path: null, why: `${override} is not executable` }
  let found: string
  try {
    // The package's index finds its platform's binary, and throws (a string) where there is none.
    found = (createRequire(import.meta.url)(PACKAGE) as { path: string }).path
  } catch (err) {
    return { path: null, why: `${PACKAGE} has no ffmpeg for ${process.platform}-${process.arch}: ${String(err)}` }
  }
  // Inside a packaged app the path points into app.asar; the binary itself sits in app.asar.unpacked.
  const path = found.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`)
  return isExecutable(path) ? { path, why: '' } : { path: null, why: `${path} is not executable` }
}

/** Absolute path of the bundled ffmpeg, or null (with the reason in `bundledFfmpegMissing()`). */
export function findBundledFfmpeg(env: NodeJS.ProcessEnv = process.env): string | null {
  const key = `${env.SOUNDPRINT_FFMPEG ?? '\0'}\0${env.SOUNDPRINT_BUNDLED_FFMPEG ?? '\0'}`
  if (cached?.key !== key) cached = { key, ...lookUp(env) }
  return cached.path
}

/** Why there is no bundled ffmpeg (one line). */
function bundledFfmpegMissing(env: NodeJS.ProcessEnv = process.env): string {
  findBundledFfmpeg(env)
  return `no bundled ffmpeg: ${cached?.why ?? ''}`
}

export const bundledFfmpegDecoder = commandLineDecoder(
  'bundled-ffmpeg',
  `the ffmpeg build shipped with the app (${PACKAGE}), streamed`,
  () => findBundledFfmpeg(),
  () => bundledFfmpegMissing(),
)
