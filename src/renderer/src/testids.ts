/**
 * Stable hooks for end-to-end tests (Playwright, e2e/). Every name below is a `data-testid` value.
 *
 *   add-folder-input     text input for a folder path on the server's machine (browser only)
 *   add-folder-button    "Add folder" button (browser: adds the typed path; Electron: native dialog)
 *   import-progress      the import progress panel (present while an import runs or after one ran)
 *   import-phase         the phase: data-phase = idle | discovering | reading-tags | analysing | paused | done | cancelled;
 *                        its text is the human label (Idle, Discovering files, Reading tags, Analysing, Paused, Done, Cancelled)
 *   progress-bar         the progress bar (role=progressbar; aria-valuenow 0..100, absent while indeterminate)
 *   count-found, count-analysed, count-failed   the counts (plain integers as text)
 *   failure-item         one failed file in the import panel (data-track-id; text has path and reason)
 *   track-table          the library table's scrolling grid (role=grid, focusable; data-total = rows matching the filter)
 *   track-row            each rendered row (data-track-id, data-state = pending|analysing|done|failed|missing);
 *                        the table is virtualised: only visible rows exist in the DOM
 *   filter-input         type-to-filter input over the library
 *   track-title          title heading of the open track page
 *   radar                the radar chart <svg> of the open track; each axis label has data-testid="radar-axis"
 *   similar-list         the similar-tracks list (data-query-id = the open track). Moving a weight re-ranks it at
 *                        once from an estimate (aria-busy="true") until the server's ranking arrives (aria-busy="false")
 *   similar-item         each similar track, best first (data-track-id, data-score = 0..1)
 *   weight-slider-<groupKey>  range input per group: frequency, dynamics, rhythm, spectral, harmony, variation, stereo
 *   audio-player         the player bar; the <audio> element is inside it (data-track-id on the bar)
 *   play-button          a play button (one on the track page, one per similar item)
 *   sonic-map            the sonic map <canvas>: data-points = number of points, data-ready = "true" once drawn,
 *                        data-draw-ms = cost of the last points redraw (ms), data-draws = its count (for bench:ui),
 *                        data-lasso = "true" in lasso mode
 *   map-color-by         the map's "Colour by" select; map-legend: its legend (data-kind = dimension | group | category;
 *                        map-legend-tick: a dimension's value ticks; map-legend-category: one category, data-index)
 *   map-lasso            the lasso mode toggle (aria-pressed); map-selection: the selection bar (data-count)
 *   nav-library, nav-map navigation buttons
 *   theme                theme toggle button (data-theme = light | dark, the theme in effect)
 *   folders-summary      the library folders' summary ("2 folders · watched"), opens their panel
 *   watch-toggle         the "Watch these folders" checkbox (the watchFolders setting)
 *   watch-state          a folder's watch state in the folders panel (data-state = starting | watching | polling | offline)
 */
import type { SimilarityGroupKey } from '../../shared/dimensions'

export const TID = {
  addFolderInput: 'add-folder-input',
  foldersSummary: 'folders-summary',
  watchToggle: 'watch-toggle',
  watchState: 'watch-state',
  addFolderButton: 'add-folder-button',
  importProgress: 'import-progress',
  importPhase: 'import-phase',
  progressBar: 'progress-bar',
  countFound: 'count-found',
  countAnalysed: 'count-analysed',
  countFailed: 'count-failed',
  failureItem: 'failure-item',
  trackTable: 'track-table',
  trackRow: 'track-row',
  selectionBar: 'selection-bar',
  passedOver: 'passed-over',
  passedOverItem: 'passed-over-item',
  filterInput: 'filter-input',
  trackTitle: 'track-title',
  radar: 'radar',
  radarAxis: 'radar-axis',
  similarList: 'similar-list',
  similarItem: 'similar-item',
  audioPlayer: 'audio-player',
  playButton: 'play-button',
  sonicMap: 'sonic-map',
  navLibrary: 'nav-library',
  navMap: 'nav-map',
  mapColorBy: 'map-color-by',
  mapLegend: 'map-legend',
  mapOverlayKey: 'map-overlay-key',
  mapLegendTick: 'map-legend-tick',
  mapLegendCategory: 'map-legend-category',
  mapLasso: 'map-lasso',
  mapSelection: 'map-selection',
  theme: 'theme',
} as const

export const weightSliderTestId = (group: SimilarityGroupKey): string => `weight-slider-${group}`
