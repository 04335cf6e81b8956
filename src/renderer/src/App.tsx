import { DIMENSIONS } from '../../shared/dimensions'

export function App() {
  return (
    <main>
      <h1>Soundprint</h1>
      <p>{DIMENSIONS.length} dimensions</p>
    </main>
  )
}
