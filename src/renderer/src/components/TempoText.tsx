/**
 * A tempo as the user should read it: "120" when the beat is steady, "~120?" greyed with an
 * explanation when rhythm_stability says there is no steady beat to count (the stored value is
 * unchanged; such tempos also sort last).
 */
import { TEMPO_TRUST_MIN } from '../../../shared/api'
import { formatBpm } from '../lib/format'

const isTempoTrusted = (stability: number | null | undefined): boolean =>
  stability == null || stability > TEMPO_TRUST_MIN

const UNTRUSTED_TEMPO_HINT =
  'No steady beat: the rhythm is too weak or irregular for this tempo to mean much (rhythm stability ≤ 0.05).'

export function TempoText({
  bpm,
  stability,
  unit = false,
}: {
  bpm: number | null
  stability: number | null
  /** Append "BPM". */
  unit?: boolean
}) {
  if (bpm == null || !Number.isFinite(bpm)) return <span className="tempo muted">—</span>
  const text = `${formatBpm(bpm)}${unit ? ' BPM' : ''}`
  if (isTempoTrusted(stability)) return <span className="tempo">{text}</span>
  return (
    <span className="tempo tempo-untrusted" title={UNTRUSTED_TEMPO_HINT} data-untrusted="true">
      ~{text}?<span className="visually-hidden"> (no steady beat)</span>
    </span>
  )
}
