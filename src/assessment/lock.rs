//! One session per answers file: an OS file lock on a hidden file beside it,
//! `responses/<process>/.<respondent>.lock`. The engagement loader ignores dot-files.
//!
//! The lock is the operating system's (`flock` on Unix), so it disappears with the process that
//! held it: a session killed with SIGKILL never leaves a stale lock behind.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// A held lock; released (and its file removed) when dropped.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

/// The lock file guarding the answers file at `answers`.
pub fn lock_path(answers: &Path) -> PathBuf {
    let stem = answers
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    answers.with_file_name(format!(".{stem}.lock"))
}

/// Takes the lock on `answers` without waiting: `Ok(None)` when another session holds it.
pub fn try_acquire(answers: &Path) -> Result<Option<Lock>> {
    let path = lock_path(answers);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create folder {}", parent.display()))?;
    }
    loop {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open lock file {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Ok(None),
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()))
            }
        }
        // The holder removes the file as it lets go; if it did so between our open and our lock,
        // we hold a lock on a file nobody else can see: start again on the file that is there now.
        if still_at(&file, &path) {
            let mut lock = Lock { file, path };
            let _ = lock.file.set_len(0);
            let _ = writeln!(lock.file, "{}", std::process::id());
            return Ok(Some(lock));
        }
    }
}

/// The process id written by the session holding the lock at `answers`, if it can be read.
pub fn holder(answers: &Path) -> Option<u32> {
    fs::read_to_string(lock_path(answers))
        .ok()?
        .trim()
        .parse()
        .ok()
}

#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(held), Ok(there)) => held.dev() == there.dev() && held.ino() == there.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_file: &File, path: &Path) -> bool {
    path.exists()
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked, so no other session can be holding this very file.
        #[cfg(unix)]
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot set itself up should panic
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let answers = dir.path().join("responses").join("p").join("ann.yaml");
        assert_eq!(
            lock_path(&answers),
            dir.path().join("responses/p/.ann.lock")
        );
        let first = try_acquire(&answers).unwrap().expect("first lock");
        assert_eq!(holder(&answers), Some(std::process::id()));
        assert!(try_acquire(&answers).unwrap().is_none());
        drop(first);
        assert!(
            !lock_path(&answers).exists(),
            "lock file removed on release"
        );
        assert!(try_acquire(&answers).unwrap().is_some());
    }
}
