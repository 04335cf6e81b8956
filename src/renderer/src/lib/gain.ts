/**
 * Level-matched playback: the gain that brings a track to the target loudness, from its own measured
 * integrated loudness (`lufs`), capped so its sample peak stays at or below the ceiling. A track
 * without a loudness measurement plays at unity; one without a measured peak is never boosted.
 */
const TARGET_LUFS = -16
const PEAK_CEILING_DBFS = -1

export const dbToGain = (db: number): number => 10 ** (db / 20)

/** Linear gain for one track (1 = unchanged). */
export function levelMatchedGain(lufs: number | null | undefined, peakDb: number | null | undefined): number {
  if (lufs == null || !Number.isFinite(lufs)) return 1
  const toTarget = dbToGain(TARGET_LUFS - lufs)
  const peakCap = peakDb == null || !Number.isFinite(peakDb) ? 1 : dbToGain(PEAK_CEILING_DBFS - peakDb)
  return Math.min(toTarget, peakCap)
}

/** The gain in dB, for display ("+3.2 dB"). */
export function gainDb(gain: number): number {
  return 20 * Math.log10(gain)
}
