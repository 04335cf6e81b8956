/**
 * Wheel and trackpad zoom for the sonic map, normalised across devices: a wheel notch zooms by
 * ZOOM_STEP whatever the browser reports for it (100 or 120 px, 53 px on some Linux builds, 3 lines in
 * Firefox, a page), while a trackpad's stream of small pixel deltas zooms in proportion, and a pinch
 * (reported as a wheel event with ctrlKey and tiny deltas) somewhat faster.
 */

/** Zoom per wheel notch: 15 %. */
export const ZOOM_STEP = 1.15
/** Pixels of a notch, and the smallest pixel delta taken as a whole notch. */
const NOTCH_PX = 100
const NOTCH_MIN_PX = 50
const LINE_PX = NOTCH_PX / 3
const PAGE_PX = 8 * NOTCH_PX
/** A pinch's deltas are a few pixels per event. */
const PINCH_GAIN = 4

interface WheelLike {
  deltaY: number
  /** 0 pixels, 1 lines, 2 pages (WheelEvent.DOM_DELTA_*). */
  deltaMode: number
  ctrlKey?: boolean
}

/** Signed notches of a wheel event (positive: away from the user, zoom out). */
export function wheelNotches(e: WheelLike): number {
  if (!Number.isFinite(e.deltaY) || e.deltaY === 0) return 0
  const px = e.deltaY * (e.deltaMode === 1 ? LINE_PX : e.deltaMode === 2 ? PAGE_PX : 1)
  if (e.ctrlKey) return Math.max(-1, Math.min(1, (px * PINCH_GAIN) / NOTCH_PX))
  // A wheel's notch: exactly one step, however big the browser says it is.
  if (Math.abs(px) >= NOTCH_MIN_PX) return Math.sign(px)
  return px / NOTCH_PX
}

/** The zoom factor of a wheel event (> 1 zooms in). */
export function wheelZoomFactor(e: WheelLike): number {
  return ZOOM_STEP ** -wheelNotches(e)
}
