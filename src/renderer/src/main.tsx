import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { resolvedTheme, useDisplay } from './stores/display'
import './styles.css'
import './browse.css'

// Apply the theme before the first paint (no flash of the wrong theme).
document.documentElement.dataset.theme = resolvedTheme(useDisplay.getState())

const root = document.getElementById('root')
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
