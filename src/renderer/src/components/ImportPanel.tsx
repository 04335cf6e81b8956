/**
 * The import area: the live progress panel while an import runs (import/ImportProgressPanel.tsx), the
 * one-line summary of a finished one until the user closes it (import/ImportSummary.tsx), else nothing.
 */
import { importDisplay } from '../lib/progress'
import { useImport } from '../stores/import'
import { ImportProgressPanel } from './import/ImportProgressPanel'
import { ImportSummary } from './import/ImportSummary'

export function ImportPanel() {
  const progress = useImport((s) => s.progress)
  const view = useImport((s) => s.view)
  const dismissed = useImport((s) => s.dismissed)
  const shown = view ? importDisplay(progress, dismissed) : null
  if (!progress || !view || !shown) return null
  return shown === 'panel' ? (
    <ImportProgressPanel progress={progress} view={view} />
  ) : (
    <ImportSummary progress={progress} />
  )
}
