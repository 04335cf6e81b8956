/** The strips under the header: the server is offline (reconnecting), a failed action, a notice. */
import { useConnection } from '../stores/connection'
import { useImport } from '../stores/import'

export function StatusBanners() {
  return (
    <>
      <OfflineBanner />
      <ErrorBanner />
      <NoticeBanner />
    </>
  )
}

function OfflineBanner() {
  const offline = useConnection((s) => s.offline)
  if (!offline) return null
  return (
    <div className="banner offline" role="alert" data-testid="offline-banner">
      <span className="spinner small" aria-hidden="true" />
      <span>
        <strong>Offline</strong> — the Soundprint server is not answering. Reconnecting… (is{' '}
        <code>soundprint serve</code> still running?)
      </span>
    </div>
  )
}

function ErrorBanner() {
  const error = useImport((s) => s.error)
  if (!error) return null
  return (
    <div className="banner error" role="alert">
      <span>{error}</span>
      <DismissButton onClick={() => useImport.getState().clearError()} />
    </div>
  )
}

function NoticeBanner() {
  const notice = useImport((s) => s.notice)
  if (!notice) return null
  return (
    <div className="banner notice" role="status" data-testid="notice-banner">
      <span>{notice}</span>
      <DismissButton onClick={() => useImport.getState().clearNotice()} />
    </div>
  )
}

function DismissButton({ onClick }: { onClick(): void }) {
  return (
    <button type="button" className="icon-button" aria-label="Dismiss" onClick={onClick}>
      <span aria-hidden="true">✕</span>
    </button>
  )
}
