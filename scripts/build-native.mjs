// Builds the optional in-process decoder (src/dsp-worker/native/libav-decoder.c) into
// out/native/libav-decoder.node, against the system's FFmpeg development files found by pkg-config
// (Debian: libavformat-dev libavcodec-dev libavutil-dev pkg-config) and Node's own headers.
// Without them it prints one line and exits 0: the worker then decodes through the ffmpeg command line.
//   node scripts/build-native.mjs [--require]   --require: exit 1 when the addon cannot be built
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const source = join(root, 'src/dsp-worker/native/libav-decoder.c')
const target = join(root, 'out/native/libav-decoder.node')
const required = process.argv.includes('--require')

function skip(why) {
  rmSync(target, { force: true })
  console.log(`native decoder not built (${why}); compressed audio will decode through the ffmpeg command line`)
  process.exit(required ? 1 : 0)
}

if (process.platform === 'win32') skip('the build script covers Linux and macOS')
const pkgs = ['libavformat', 'libavcodec', 'libavutil']
const pc = spawnSync('pkg-config', ['--cflags', '--libs', ...pkgs], { encoding: 'utf8' })
if (pc.error || pc.status !== 0) skip(`pkg-config finds no ${pkgs.join('/')} development files`)

// Node's headers: beside the running node (/usr/include/node, ~/.nvm/…/include/node) or npm's nodedir.
const nodeDirs = [
  process.env.npm_config_nodedir,
  join(dirname(process.execPath), '..'),
  join(dirname(process.execPath), '..', '..'),
].filter(Boolean)
const include = nodeDirs.map((d) => join(d, 'include', 'node')).find((d) => existsSync(join(d, 'node_api.h')))
if (!include) skip('node_api.h not found beside node')

const cc = process.env.CC || 'cc'
mkdirSync(dirname(target), { recursive: true })
const flags = pc.stdout.trim().split(/\s+/)
const args = [
  '-O2',
  '-std=c11',
  '-fPIC',
  '-shared',
  '-Wall',
  '-Wextra',
  '-Werror=implicit-function-declaration',
  `-I${include}`,
  ...flags.filter((f) => !f.startsWith('-l')),
  source,
  '-o',
  target,
  ...flags.filter((f) => f.startsWith('-l')),
  ...(process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : []),
]
const r = spawnSync(cc, args, { encoding: 'utf8' })
if (r.error || r.status !== 0)
  skip(`${cc} failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' | ')}`)
if (r.stderr.trim()) process.stderr.write(r.stderr)
console.log(`native decoder built: ${target}`)
