/**
 * The 25 dimensions of the sonic fingerprint, in their canonical order.
 *
 * This table is the single source of truth for keys, labels, groups, units and chart ranges; the
 * DSP engine, the database, the similarity index, the CLI, the HTTP/IPC API and the UI all import it.
 * Definitions live in `docs/fingerprint.md`.
 */

export const GROUPS = [
  { key: 'frequency', label: 'Frequency balance', color: '#e4572e' },
  { key: 'dynamics', label: 'Dynamics', color: '#f3a712' },
  { key: 'rhythm', label: 'Rhythm', color: '#a8c256' },
  { key: 'spectral', label: 'Spectral shape', color: '#29bf12' },
  { key: 'harmony', label: 'Harmony', color: '#17bebb' },
  { key: 'variation', label: 'Variation over time', color: '#4c6ef5' },
  { key: 'stereo', label: 'Stereo image', color: '#b15ee6' },
] as const

export type GroupKey = (typeof GROUPS)[number]['key']

/**
 * The groups similarity weighs and explains ("why similar", weight sliders): the seven groups of the
 * fingerprint plus timbre, the mel-cepstral descriptor stored beside the 25 values (not a radar axis).
 */
export const SIMILARITY_GROUPS = [...GROUPS, { key: 'timbre', label: 'Timbre', color: '#e64980' }] as const

export type SimilarityGroupKey = (typeof SIMILARITY_GROUPS)[number]['key']

interface DimensionInfo {
  /** Key exactly as in the spec; also the JSON/DB column name. */
  readonly key: string
  readonly label: string
  readonly group: GroupKey
  /** Unit shown beside values ('' for a plain ratio). */
  readonly unit: string
  /** Fixed display range for charts: values are clamped into [min, max]. */
  readonly range: readonly [number, number]
  /** Number of decimals worth showing. */
  readonly decimals: number
  /** One-line meaning, for tooltips. */
  readonly description: string
}

// biome-ignore format: one row per dimension reads best as a table
export const DIMENSIONS = [
  // Frequency balance (7)
  { key: 'sub_bass', label: 'Sub-bass', group: 'frequency', unit: '', range: [0, 0.6], decimals: 3, description: 'Share of power at 20–60 Hz' },
  { key: 'bass', label: 'Bass', group: 'frequency', unit: '', range: [0, 0.6], decimals: 3, description: 'Share of power at 60–250 Hz' },
  { key: 'low_mid', label: 'Low mids', group: 'frequency', unit: '', range: [0, 0.6], decimals: 3, description: 'Share of power at 250–500 Hz' },
  { key: 'mid', label: 'Mids', group: 'frequency', unit: '', range: [0, 0.6], decimals: 3, description: 'Share of power at 500 Hz–2 kHz' },
  { key: 'upper_mid', label: 'Upper mids', group: 'frequency', unit: '', range: [0, 0.6], decimals: 3, description: 'Share of power at 2–4 kHz' },
  { key: 'presence', label: 'Presence', group: 'frequency', unit: '', range: [0, 0.6], decimals: 3, description: 'Share of power at 4–6 kHz' },
  { key: 'air', label: 'Air', group: 'frequency', unit: '', range: [0, 0.6], decimals: 3, description: 'Share of power at 6–20 kHz' },
  // Dynamics (3)
  { key: 'lufs', label: 'Loudness', group: 'dynamics', unit: 'LUFS', range: [-40, -5], decimals: 1, description: 'Integrated loudness (ITU-R BS.1770-4 / EBU R128)' },
  { key: 'crest_db', label: 'Crest factor', group: 'dynamics', unit: 'dB', range: [0, 30], decimals: 2, description: 'Peak to RMS ratio' },
  { key: 'bass_mid_ratio_db', label: 'Bass/mid ratio', group: 'dynamics', unit: 'dB', range: [-30, 30], decimals: 1, description: 'Power at 20–250 Hz over power at 250–2000 Hz' },
  // Rhythm (4)
  { key: 'tempo_bpm', label: 'Tempo', group: 'rhythm', unit: 'BPM', range: [50, 220], decimals: 1, description: 'Dominant beat tempo' },
  { key: 'rhythm_stability', label: 'Pulse clarity', group: 'rhythm', unit: '', range: [0, 1], decimals: 2, description: 'Onset autocorrelation at the beat lag, r(τ*)/r(0)' },
  { key: 'transient_density', label: 'Transient density', group: 'rhythm', unit: '/s', range: [0, 10], decimals: 2, description: 'Onsets per second of non-silent audio' },
  { key: 'silence_ratio', label: 'Silence', group: 'rhythm', unit: '', range: [0, 1], decimals: 2, description: 'Share of frames below −60 dBFS' },
  // Spectral shape (3)
  { key: 'spectral_centroid_hz', label: 'Brightness (centroid)', group: 'spectral', unit: 'Hz', range: [0, 8000], decimals: 0, description: 'Median magnitude-weighted mean frequency' },
  { key: 'spectral_rolloff_hz', label: 'Roll-off (85 %)', group: 'spectral', unit: 'Hz', range: [0, 16000], decimals: 0, description: 'Median frequency below which 85 % of the power lies' },
  { key: 'spectral_flatness', label: 'Noisiness (flatness)', group: 'spectral', unit: '', range: [0, 0.6], decimals: 3, description: 'Median geometric/arithmetic mean of the power spectrum' },
  // Harmony (3)
  { key: 'harmonic_ratio', label: 'Harmonic ratio', group: 'harmony', unit: '', range: [0, 1], decimals: 2, description: 'Harmonic share of energy after harmonic/percussive separation' },
  { key: 'pitch_stability', label: 'Pitch stability', group: 'harmony', unit: '', range: [0, 1], decimals: 2, description: 'Share of frames with a steady, voiced pitch' },
  { key: 'chroma_energy', label: 'Tonal focus (chroma)', group: 'harmony', unit: '', range: [0, 1], decimals: 2, description: 'Concentration of the pitch-class profile' },
  // Variation over time (3)
  { key: 'dynamic_range_variation_db', label: 'Crest variation', group: 'variation', unit: 'dB', range: [0, 10], decimals: 2, description: 'Standard deviation of 1 s crest factors' },
  { key: 'loudness_range_lu', label: 'Loudness range', group: 'variation', unit: 'LU', range: [0, 25], decimals: 1, description: 'Loudness Range (EBU Tech 3342)' },
  { key: 'peak_consistency', label: 'Peak consistency', group: 'variation', unit: '', range: [0, 1], decimals: 2, description: '1/(1+CV) of the 1 s sample peaks' },
  // Stereo image (2)
  { key: 'stereo_width', label: 'Stereo width', group: 'stereo', unit: '', range: [0, 1], decimals: 2, description: 'Side energy over mid + side energy' },
  { key: 'phase_correlation', label: 'Phase correlation', group: 'stereo', unit: '', range: [-1, 1], decimals: 2, description: 'Pearson correlation of left and right' },
] as const satisfies readonly DimensionInfo[]

export type DimensionKey = (typeof DIMENSIONS)[number]['key']

/** Canonical order of the keys; vectors (Float32Array of length 25) use this order. */
export const DIMENSION_KEYS: readonly DimensionKey[] = DIMENSIONS.map((d) => d.key)

/** Number of dimensions: the table's length (a literal type, 25 today). */
export const DIMENSION_COUNT = DIMENSIONS.length

export const DIMENSION_BY_KEY: Readonly<Record<DimensionKey, DimensionInfo>> = Object.fromEntries(
  DIMENSIONS.map((d) => [d.key, d]),
) as Record<DimensionKey, DimensionInfo>

/** Index of each key in the canonical order. */
export const DIMENSION_INDEX: Readonly<Record<DimensionKey, number>> = Object.fromEntries(
  DIMENSIONS.map((d, i) => [d.key, i]),
) as Record<DimensionKey, number>

/**
 * How a dimension counts when the sonic map is coloured by its group: the group's colour is the mean of
 * weight × robust z over its dimensions, weight 1 unless given here. The frequency bands are shares of one
 * whole (more bass is less treble), so their mean says nothing; their group colours by tilt instead:
 * high = brighter (more upper mids, presence and air, less sub-bass, bass and low mids).
 */
export const GROUP_COLOR_WEIGHT: Readonly<Partial<Record<DimensionKey, number>>> = {
  sub_bass: -1,
  bass: -1,
  low_mid: -0.5,
  mid: 0,
  upper_mid: 0.5,
  presence: 1,
  air: 1,
}

/** The 25 values, keyed as in the spec. */
export type Fingerprint = Record<DimensionKey, number>

/**
 * Version of the analysis definitions. Bump it whenever any definition or algorithm choice that
 * changes values is altered; stored fingerprints of an older version are recomputed.
 * 2: float32 FFTs and HPSS (WebAssembly SIMD), and the tempo's metrical-level prior.
 * 3: the sample peak (dBFS) is stored beside the fingerprint, for level-matched playback.
 * 4: the timbre descriptor (mel-cepstral Gaussian) stored beside the 25 values.
 */
export const ANALYSIS_VERSION = 4

/** Metadata stored beside the 25 values (spec: "Metadata stored beside the 25 values"). */
export interface FingerprintMeta {
  durationSec: number
  sampleRate: number
  channels: number
  /** Codec or container, lower case: 'mp3', 'flac', 'vorbis', 'opus', 'aac', 'pcm', 'alac', … */
  codec: string
  analysisVersion: number
  analysisMs: number
  silent: boolean
  /**
   * Sample peak of either channel in dBFS (20·log10 of the largest absolute sample); null for digital
   * silence; absent from fingerprints of analysis versions before 3.
   */
  peakDbfs?: number | null
}

export interface FingerprintResult extends FingerprintMeta {
  fingerprint: Fingerprint
  /**
   * The timbre descriptor for similarity (not a displayed dimension): a mel-cepstral mean and packed
   * covariance, see src/dsp-worker/analysis/timbre.ts. Absent in results of older engines.
   */
  timbre?: number[]
}

export function fingerprintToVector(fp: Fingerprint, out = new Float32Array(DIMENSION_COUNT)): Float32Array {
  for (let i = 0; i < DIMENSION_COUNT; i++) out[i] = fp[DIMENSION_KEYS[i] as DimensionKey]
  return out
}

export function vectorToFingerprint(v: ArrayLike<number>): Fingerprint {
  const fp = {} as Fingerprint
  for (let i = 0; i < DIMENSION_COUNT; i++) fp[DIMENSION_KEYS[i] as DimensionKey] = v[i] as number
  return fp
}

/** What the sonic map can colour its points by: a dimension or a group (the mean of its dimensions). */
export type ColorKey = DimensionKey | GroupKey
export const COLOR_KEYS: readonly ColorKey[] = [...DIMENSION_KEYS, ...GROUPS.map((g) => g.key)]

/** Dimension keys belonging to each group, in canonical order. */
export const GROUP_DIMENSIONS: Readonly<Record<GroupKey, readonly DimensionKey[]>> = Object.fromEntries(
  GROUPS.map((g) => [g.key, DIMENSIONS.filter((d) => d.group === g.key).map((d) => d.key)]),
) as Record<GroupKey, DimensionKey[]>

/** Supported audio file extensions (lower case, with the dot). */
// biome-ignore format: a list
export const AUDIO_EXTENSIONS = [
  '.wav', '.wave', '.flac', '.mp3', '.ogg', '.oga', '.opus', '.m4a', '.mp4', '.aac', '.aif', '.aiff', '.aifc',
] as const
