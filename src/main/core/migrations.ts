/**
 * The library schema as numbered migrations. Migration N brings a database from `user_version` N-1 to N;
 * `openDatabase` applies the missing ones on open, all in one transaction. A migration, once shipped, is
 * never edited: change the schema by appending a new one. The SQL is written out literally (not generated
 * from `DIMENSIONS`) so that a later change to the shared table cannot silently alter an old migration.
 */

/** `PRAGMA application_id` of a Soundprint library ("SPRT"): tells our files from other SQLite files. */
export const APPLICATION_ID = 0x53505254

interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'roots, tracks and fingerprints',
    sql: `
CREATE TABLE roots (
  id           INTEGER PRIMARY KEY,
  path         TEXT    NOT NULL UNIQUE,
  added_at     INTEGER NOT NULL,             -- ms since epoch
  last_scan_at INTEGER                       -- ms since epoch, when the last walk of this root finished
);

CREATE TABLE tracks (
  id            INTEGER PRIMARY KEY,
  root_id       INTEGER REFERENCES roots(id) ON DELETE CASCADE,
  path          TEXT    NOT NULL UNIQUE,
  -- the file name without extension: the title shown when the title tag is missing
  name          TEXT    NOT NULL,
  size          INTEGER NOT NULL,
  mtime_ms      REAL    NOT NULL,
  -- see content-hash.ts: size + SHA-1 of the first, middle and last 64 KiB
  content_hash  TEXT,
  -- 1 once tags and the content hash were read for this size + mtime
  tagged        INTEGER NOT NULL DEFAULT 0,
  title         TEXT,
  artist        TEXT,
  album         TEXT,
  album_artist  TEXT,
  track_no      INTEGER,
  disc_no       INTEGER,
  year          INTEGER,
  genre         TEXT,
  duration_sec  REAL,
  codec         TEXT,
  bitrate       REAL,
  sample_rate   INTEGER,
  channels      INTEGER,
  state         TEXT    NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'analysing', 'done', 'failed', 'missing')),
  error         TEXT,
  error_code    TEXT,
  -- ANALYSIS_VERSION of the engine that failed, so a newer engine retries
  failed_version INTEGER,
  -- higher first: the analysis queue order is (priority DESC, id)
  priority      INTEGER NOT NULL DEFAULT 0,
  -- scan generation that last saw the file on disk; files not seen by a walk of their root are missing
  seen_scan     INTEGER NOT NULL DEFAULT 0,
  added_at      INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX tracks_queue ON tracks(state, tagged, priority DESC, id);
CREATE INDEX tracks_hash  ON tracks(content_hash);
CREATE INDEX tracks_root  ON tracks(root_id, seen_scan);
CREATE INDEX tracks_title  ON tracks(coalesce(title, name) COLLATE NOCASE);
CREATE INDEX tracks_artist ON tracks(artist COLLATE NOCASE);
CREATE INDEX tracks_album  ON tracks(album COLLATE NOCASE);

CREATE TABLE fingerprints (
  track_id                    INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
  sub_bass                    REAL NOT NULL,
  bass                        REAL NOT NULL,
  low_mid                     REAL NOT NULL,
  mid                         REAL NOT NULL,
  upper_mid                   REAL NOT NULL,
  presence                    REAL NOT NULL,
  air                         REAL NOT NULL,
  lufs                        REAL NOT NULL,
  crest_db                    REAL NOT NULL,
  bass_mid_ratio_db           REAL NOT NULL,
  tempo_bpm                   REAL NOT NULL,
  rhythm_stability            REAL NOT NULL,
  transient_density           REAL NOT NULL,
  silence_ratio               REAL NOT NULL,
  spectral_centroid_hz        REAL NOT NULL,
  spectral_rolloff_hz         REAL NOT NULL,
  spectral_flatness           REAL NOT NULL,
  harmonic_ratio              REAL NOT NULL,
  pitch_stability             REAL NOT NULL,
  chroma_energy               REAL NOT NULL,
  dynamic_range_variation_db  REAL NOT NULL,
  loudness_range_lu           REAL NOT NULL,
  peak_consistency            REAL NOT NULL,
  stereo_width                REAL NOT NULL,
  phase_correlation           REAL NOT NULL,
  duration_sec                REAL    NOT NULL,
  sample_rate                 INTEGER NOT NULL,
  channels                    INTEGER NOT NULL,
  codec                       TEXT    NOT NULL,
  analysis_version            INTEGER NOT NULL,
  analysis_ms                 REAL    NOT NULL,
  silent                      INTEGER NOT NULL,
  analysed_at                 INTEGER NOT NULL   -- ms since epoch
);
CREATE INDEX fingerprints_version ON fingerprints(analysis_version);
CREATE INDEX fingerprints_tempo ON fingerprints(tempo_bpm);
CREATE INDEX fingerprints_lufs ON fingerprints(lufs);
`,
  },
  {
    version: 2,
    name: 'indexes for the library table sorted by artist or album, nulls last',
    sql: `
DROP INDEX tracks_artist;
DROP INDEX tracks_album;
CREATE INDEX tracks_artist ON tracks(artist IS NULL, artist COLLATE NOCASE);
CREATE INDEX tracks_album  ON tracks(album IS NULL, album COLLATE NOCASE);
`,
  },
  {
    version: 3,
    name: 'sample peak beside the fingerprint; playlists',
    sql: `
-- the track's sample peak in dBFS (largest absolute sample of either channel); NULL for digital silence
-- and for fingerprints of analysis versions before 3
ALTER TABLE fingerprints ADD COLUMN peak_dbfs REAL;

CREATE TABLE playlists (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  created_at INTEGER NOT NULL,               -- ms since epoch
  updated_at INTEGER NOT NULL                -- ms since epoch
);

-- items refer to track ids (not paths): a rescan that re-links a moved file keeps its id, so playlists follow
CREATE TABLE playlist_items (
  playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,              -- 0-based order within the playlist
  track_id    INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
  PRIMARY KEY (playlist_id, position)
) WITHOUT ROWID;
CREATE INDEX playlist_items_track ON playlist_items(track_id);
`,
  },
  {
    version: 4,
    name: 'browsing: natural sort keys, album keys, folders, cover ids, full-text search, settings',
    sql: `
-- Derived columns, computed in JavaScript by track-keys.ts (natural, locale-aware sort keys; the album key; the
-- parent folder). A NULL sort_title marks a row whose keys are stale: the triggers below clear it whenever a
-- source column changes, and the library recomputes stale rows before it reads them.
ALTER TABLE tracks ADD COLUMN sort_title TEXT;
ALTER TABLE tracks ADD COLUMN sort_artist TEXT;
ALTER TABLE tracks ADD COLUMN sort_album TEXT;
-- natural key of coalesce(album_artist, artist): the Artists view and the album grouping
ALTER TABLE tracks ADD COLUMN sort_album_artist TEXT;
ALTER TABLE tracks ADD COLUMN sort_genre TEXT;
-- stable album id: hash of the album artist's and the album title's natural keys; NULL without an album tag
ALTER TABLE tracks ADD COLUMN album_key TEXT;
-- the folder holding the file (absolute path)
ALTER TABLE tracks ADD COLUMN dir TEXT;
-- content hash of the cover image (files under <library dir>/covers/), NULL when there is none
ALTER TABLE tracks ADD COLUMN cover_id TEXT;

DROP INDEX tracks_title;
DROP INDEX tracks_artist;
DROP INDEX tracks_album;
CREATE INDEX tracks_stale_keys   ON tracks(id) WHERE sort_title IS NULL;
CREATE INDEX tracks_sort_title   ON tracks(sort_title);
CREATE INDEX tracks_sort_artist  ON tracks(sort_artist IS NULL, sort_artist);
CREATE INDEX tracks_sort_album   ON tracks(sort_album IS NULL, sort_album);
CREATE INDEX tracks_sort_album_artist ON tracks(sort_album_artist IS NULL, sort_album_artist);
CREATE INDEX tracks_sort_genre   ON tracks(sort_genre IS NULL, sort_genre);
CREATE INDEX tracks_added        ON tracks(added_at);
CREATE INDEX tracks_album_key    ON tracks(album_key);
CREATE INDEX tracks_dir          ON tracks(dir);
CREATE INDEX tracks_cover        ON tracks(cover_id) WHERE cover_id IS NOT NULL;

CREATE TRIGGER tracks_keys_stale AFTER UPDATE OF title, name, artist, album, album_artist, genre, path ON tracks
BEGIN
  UPDATE tracks SET sort_title = NULL WHERE id = new.id;
END;

-- Search over title (or file name), artist, album, album artist, genre and path, kept in sync by triggers.
-- External content: the index holds no copy of the text; 'delete' is given exactly the values once inserted.
CREATE VIRTUAL TABLE tracks_fts USING fts5(
  title, artist, album, album_artist, genre, path,
  content = 'tracks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO tracks_fts (rowid, title, artist, album, album_artist, genre, path)
  SELECT id, coalesce(title, name), artist, album, album_artist, genre, path FROM tracks;
CREATE TRIGGER tracks_fts_insert AFTER INSERT ON tracks
BEGIN
  INSERT INTO tracks_fts (rowid, title, artist, album, album_artist, genre, path)
  VALUES (new.id, coalesce(new.title, new.name), new.artist, new.album, new.album_artist, new.genre, new.path);
END;
CREATE TRIGGER tracks_fts_delete AFTER DELETE ON tracks
BEGIN
  INSERT INTO tracks_fts (tracks_fts, rowid, title, artist, album, album_artist, genre, path)
  VALUES ('delete', old.id, coalesce(old.title, old.name), old.artist, old.album, old.album_artist, old.genre, old.path);
END;
CREATE TRIGGER tracks_fts_update AFTER UPDATE OF title, name, artist, album, album_artist, genre, path ON tracks
BEGIN
  INSERT INTO tracks_fts (tracks_fts, rowid, title, artist, album, album_artist, genre, path)
  VALUES ('delete', old.id, coalesce(old.title, old.name), old.artist, old.album, old.album_artist, old.genre, old.path);
  INSERT INTO tracks_fts (rowid, title, artist, album, album_artist, genre, path)
  VALUES (new.id, coalesce(new.title, new.name), new.artist, new.album, new.album_artist, new.genre, new.path);
END;

-- User settings (src/main/core/settings.ts): one JSON value per key.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`,
  },
  {
    version: 5,
    name: 'timbre descriptor beside the fingerprint',
    sql: `
-- float32 little-endian: the mel-cepstral mean and packed covariance of src/dsp-worker/analysis/timbre.ts
-- (NULL for fingerprints of an older analysis version, which are re-analysed)
ALTER TABLE fingerprints ADD COLUMN timbre BLOB;
`,
  },
  {
    version: 6,
    name: "cover art: where each cover came from, and each folder's cover image",
    sql: `
-- where tracks.cover_id came from (src/main/core/covers.ts): 'embedded' (the file's own picture), 'folder' (an image
-- beside the file), 'none' (neither, when last looked); NULL while it is to be looked for (new, changed or moved
-- files, and tracks imported before covers were extracted)
ALTER TABLE tracks ADD COLUMN cover_source TEXT;
CREATE INDEX tracks_cover_unchecked ON tracks(id) WHERE cover_source IS NULL;

-- The cover image of each folder that has one (cover.*, folder.*, front.*) as last seen: a scan compares its name,
-- size and mtime with what is there now, so an image added, replaced or removed reaches the folder's tracks
-- without re-reading them. cover_id is NULL when the image could not be read as one.
CREATE TABLE folder_covers (
  dir      TEXT PRIMARY KEY,
  image    TEXT NOT NULL,
  size     INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  cover_id TEXT
) WITHOUT ROWID;
`,
  },
  {
    version: 7,
    name: 'album ids: tracks without an album-artist tag group by album title and folder',
    sql: `
-- album_key moves from (album artist or artist, title) to (album artist, title) with the tag, else (title, the album's
-- folder): a compilation without an album-artist tag was one album per track artist. Marking the derived columns stale
-- makes refreshTrackKeys (track-keys.ts) recompute them on the next read.
UPDATE tracks SET sort_title = NULL;
`,
  },
]

/** The schema version this build writes (the last migration). */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version
