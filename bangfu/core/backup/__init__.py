"""Backups that are proven to restore (SECURITY.md §20, docs/OPERATIONS.md "Backups").

`make_backup(directory)` writes one encrypted file holding a consistent snapshot of the
database (SQLite: the online backup API; PostgreSQL: `pg_dump -Fc` on an exported snapshot),
the media files (uploads, signed scans, generated filings), the audit checkpoints, and a
manifest: per-table row counts and checksums taken from the same snapshot, the migration
state, and the SHA-256 of every file. `restore_backup(path)` puts all of it back into an
EMPTY database and empty media and checkpoint directories, then proves the result: every
table's count and checksum must equal the manifest's, and `verify_audit` must pass.

The file format (docs/DECISIONS.md "Backups"): a gzip'd tar stream sealed in chunks with
AES-256-GCM, so that neither side ever holds a whole dump in memory:

    header  = b"BFBACKUP" | version (1 byte) | chunk size (4 bytes, big-endian)
              | key check (8 bytes) | salt (16 random bytes)
    chunk i = AES-GCM(subkey, nonce = i (11 bytes) | final flag, plaintext,
                      associated data = header | i (8 bytes) | final flag)

The subkey is HKDF-SHA256(BACKUP_KEY, salt): a fresh key per file, so the counter nonces
never repeat under one key. Every chunk is full size except the last, which alone carries the
final flag: a flipped byte, a dropped, repeated or reordered chunk, or a file cut short (even
at a chunk boundary) fails authentication before its plaintext is used.

Modules: `sealing` (the key and the sealed stream), `checksums` (per-table counts and
checksums), `environment` (the engine, its tools, the directories and file names), `make`
(writing a backup, retention) and `restore` (restoring and proving it).
"""
