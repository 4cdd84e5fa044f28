//! The data directory: where the store and the index live, and the writer lock.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use khabar_store::Store;

/// Start of the error when another process holds the writer lock.
const BUSY: &str = "another khabar is already writing to";
const REBUILD_BUSY: &str = "another khabar rebuild is already running in";

pub struct DataDir {
    root: PathBuf,
}

/// Held while a command writes; released when dropped or when the process dies.
pub struct WriterLock {
    _file: File,
}

impl DataDir {
    pub fn new(root: PathBuf) -> DataDir {
        DataDir { root }
    }

    pub fn store_path(&self) -> PathBuf {
        self.root.join(khabar_store::STORE_FILE)
    }

    pub fn index_root(&self) -> PathBuf {
        self.root.join(khabar_index::INDEX_DIR)
    }

    /// Opens the store for writing, creating the directory, after taking the writer lock.
    pub fn open_for_writing(&self) -> anyhow::Result<(WriterLock, Store)> {
        fs::create_dir_all(&self.root)
            .with_context(|| format!("cannot create data directory {}", self.root.display()))?;
        let lock = self.lock()?;
        let store = Store::open(&self.store_path())?;
        Ok((lock, store))
    }

    /// Opens the store for editing the feed list, without the writer lock.
    ///
    /// Why no lock: the lock keeps out a second ingester or indexer (two index
    /// writers, two schedulers). A feed-list edit is one short SQLite transaction,
    /// which WAL and the busy timeout serialize with a running `khabar run`; the
    /// daemon polls the store and picks the change up without a restart.
    pub fn open_for_feed_edits(&self) -> anyhow::Result<Store> {
        fs::create_dir_all(&self.root)
            .with_context(|| format!("cannot create data directory {}", self.root.display()))?;
        Ok(Store::open(&self.store_path())?)
    }

    /// The writer lock if no other khabar holds it, else `None`.
    pub fn try_lock(&self) -> anyhow::Result<Option<WriterLock>> {
        match self.lock() {
            Ok(lock) => Ok(Some(lock)),
            Err(e) if e.to_string().starts_with(BUSY) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Opens the store for reading.
    pub fn open_for_reading(&self) -> anyhow::Result<Store> {
        Ok(Store::open_read_only(&self.store_path())?)
    }

    /// Opens the store for a rebuild: read-only, under the rebuild lock only.
    ///
    /// Why not the writer lock: a rebuild only reads the store and writes a new index
    /// generation, so ingest and `khabar run` go on storing (and indexing into the old
    /// generation) meanwhile; the rebuild applies what they added before it switches,
    /// and they follow the switch on their next sync.
    pub fn open_for_rebuild(&self) -> anyhow::Result<(WriterLock, Store)> {
        fs::create_dir_all(&self.root)
            .with_context(|| format!("cannot create data directory {}", self.root.display()))?;
        let lock = self.lock_file("rebuild.lock", REBUILD_BUSY)?;
        // Creates the store (and its schema) if this is a fresh data directory.
        drop(Store::open(&self.store_path())?);
        Ok((lock, Store::open_read_only(&self.store_path())?))
    }

    /// One writer at a time: a second `khabar` that writes gets a clear error.
    fn lock(&self) -> anyhow::Result<WriterLock> {
        self.lock_file("khabar.lock", BUSY)
    }

    fn lock_file(&self, name: &str, busy: &str) -> anyhow::Result<WriterLock> {
        let path = self.root.join(name);
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open lock file {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&path).unwrap_or_default();
                let holder = holder.trim();
                bail!(
                    "{busy} {} (pid {}): wait for it or stop it",
                    self.root.display(),
                    if holder.is_empty() { "unknown" } else { holder }
                );
            }
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
        file.set_len(0).ok();
        write!(file, "{}", std::process::id()).ok();
        Ok(WriterLock { _file: file })
    }
}
