/**
 * Test hooks (data-testid values) of the player, queue, radio, path and playlists (issue #10); kept
 * beside testids.ts so the two lists grow without touching each other.
 *
 *   audio-player (TID.audioPlayer)  the player bar: data-track-id, data-playing; the engine's two <audio>
 *                        elements sit outside it: audio.engine-audio[data-active="true"] plays, data-track-id
 *   player-prev, player-toggle, player-next, player-title   transport buttons and the playing title
 *   seek, volume         range inputs (seek steps 5 s; volume 0..1)
 *   mute, shuffle, repeat (data-repeat = off|all|one), level-match (aria-pressed; data-gain = linear gain)
 *   queue-button         opens the queue panel (also Q)
 *   queue-panel          the queue (data-count = entries); queue-item: data-track-id, data-index,
 *                        data-current="true" on the playing one
 *   radio-more, radio-stop  "More like this" and "Stop radio" in the queue panel while a radio plays
 *   start-radio          "Radio" buttons (track page, similar items, selection bar)
 *   path-open            "Path to…" on the track page; path-dialog, path-search, path-result, path-item
 *   playlist-item        a playlist in the list (data-playlist-id); playlist-track: a track in an open playlist
 *   save-playlist        "Save as playlist" (queue, path, similar list, selection)
 *   track-menu           the track actions menu (⋯ buttons, a library row's context menu)
 *   nav-playlists        navigation to the playlists screen (#/playlists, #/playlists/<id>)
 *   playlist-name        the open playlist's name (an input: rename on Enter / blur)
 *   playlist-export      "Export M3U8"; playlist-import: the file input for M3U/M3U8; import-report: what was missing
 */
export const LID = {
  playerPrev: 'player-prev',
  playerToggle: 'player-toggle',
  playerNext: 'player-next',
  playerTitle: 'player-title',
  seek: 'seek',
  volume: 'volume',
  mute: 'mute',
  shuffle: 'shuffle',
  repeat: 'repeat',
  levelMatch: 'level-match',
  queueButton: 'queue-button',
  queuePanel: 'queue-panel',
  queueItem: 'queue-item',
  radioMore: 'radio-more',
  queueReplaced: 'queue-replaced',
  radioStop: 'radio-stop',
  startRadio: 'start-radio',
  pathOpen: 'path-open',
  pathDialog: 'path-dialog',
  pathSearch: 'path-search',
  pathResult: 'path-result',
  pathItem: 'path-item',
  playlistItem: 'playlist-item',
  playlistTrack: 'playlist-track',
  savePlaylist: 'save-playlist',
  trackMenu: 'track-menu',
  navPlaylists: 'nav-playlists',
  playlistName: 'playlist-name',
  playlistExport: 'playlist-export',
  playlistRelative: 'playlist-relative',
  playlistImport: 'playlist-import',
  importReport: 'import-report',
} as const
