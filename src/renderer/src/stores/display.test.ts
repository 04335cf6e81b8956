import { describe, expect, it } from 'vitest'
import { installMemoryStorage } from '../../../../test/helpers/memory-storage'

installMemoryStorage()
const { nextThemePref, resolvedTheme } = await import('./display')

describe('the theme button', () => {
  it('shows the other theme on every press, and comes back to following the system', () => {
    for (const systemDark of [false, true]) {
      let pref: 'system' | 'light' | 'dark' = 'system'
      const shown: string[] = [resolvedTheme({ themePref: pref, systemDark })]
      for (let i = 0; i < 4; i++) {
        pref = nextThemePref({ themePref: pref, systemDark })
        shown.push(resolvedTheme({ themePref: pref, systemDark }))
      }
      for (let i = 1; i < shown.length; i++) expect(shown[i]).not.toBe(shown[i - 1])
      expect(pref).toBe('system')
    }
    expect(nextThemePref({ themePref: 'light', systemDark: true })).toBe('system')
    expect(nextThemePref({ themePref: 'dark', systemDark: true })).toBe('light')
  })
})
