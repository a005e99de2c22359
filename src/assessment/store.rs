//! Crash-safe writes: a temporary file in the same folder, flushed, then renamed over the target,
//! so a reader (or a crash) only ever sees the old or the new file, never half of one.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Writes `contents` to `path` atomically, creating the parent folder if needed (omd's own
/// files: answers, engagement.yaml). A symlink is followed, so the file it points to is replaced
/// and the link stays.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let path = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path)
            .with_context(|| format!("cannot follow symlink {}", path.display()))?,
        _ => path.to_path_buf(),
    };
    let parent = parent_of(&path);
    fs::create_dir_all(parent)
        .with_context(|| format!("cannot create folder {}", parent.display()))?;
    replace_file(&path, contents)
}

/// Replaces the regular file at `path` (or creates it) atomically. The parent folder must exist.
/// Only for regular files: a rename over a device or pipe would destroy it.
pub fn replace_file(path: &Path, contents: &[u8]) -> Result<()> {
    replace_file_with(path, |file| Ok(file.write_all(contents)?))
}

/// As [`replace_file`], with the contents written by `fill` into the temporary file that then
/// replaces `path`.
///
/// The replacement keeps the old file's permissions (and, where the user may, its owner and
/// group). A file with other hard links is written in place instead, so every name keeps seeing
/// the same file: renaming over one of its names would split them.
pub fn replace_file_with(path: &Path, fill: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let existing = fs::metadata(path).ok().filter(fs::Metadata::is_file);
    if existing.as_ref().is_some_and(has_other_links) {
        return write_in_place(path, fill);
    }
    let parent = parent_of(path);
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("{}: not a file path", path.display()))?;
    let temp = parent.join(temporary_name(file_name, std::process::id()));
    let result = (|| -> Result<()> {
        let mut file = File::create(&temp)?;
        if let Some(meta) = &existing {
            keep_mode_and_owner(&file, meta)?;
        }
        fill(&mut file)?;
        file.sync_all()?;
        fs::rename(&temp, path)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(dir) = File::open(parent) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(unix)]
fn has_other_links(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

#[cfg(not(unix))]
fn has_other_links(_: &fs::Metadata) -> bool {
    false
}

/// The new file takes the old one's permissions, and its owner and group when this user may set
/// them (the same user: group only; root: both); otherwise the user's own, as any new file.
fn keep_mode_and_owner(file: &File, meta: &fs::Metadata) -> std::io::Result<()> {
    file.set_permissions(meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
    }
    Ok(())
}

/// Truncates and rewrites the file itself, for a file with other hard links.
fn write_in_place(path: &Path, fill: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let result = (|| -> Result<()> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)?;
        fill(&mut file)?;
        file.sync_all()?;
        Ok(())
    })();
    result.with_context(|| format!("cannot write {}", path.display()))
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The temporary file a save of `file_name` by process `pid` writes before its rename.
fn temporary_name(file_name: &str, pid: u32) -> String {
    format!(".{file_name}.{pid}.tmp")
}

/// A temporary file that a save left behind when its process was killed before the rename.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    pub path: PathBuf,
    /// The file the save was writing.
    pub target: String,
    pub pid: u32,
    /// Whether it could be removed.
    pub removed: bool,
}

/// Removes the temporaries in `folder` whose saving process has ended, and says which. A
/// temporary of a live process is a save in progress and is left alone. What a leftover holds
/// was never renamed into place, so the answers file still has every answer that was confirmed.
pub fn sweep_leftovers(folder: &Path) -> Vec<Leftover> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<Leftover> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let (target, pid) = parse_temporary_name(&name)?;
            if process_is_alive(pid) || !entry.file_type().ok()?.is_file() {
                return None;
            }
            let path = entry.path();
            let removed = fs::remove_file(&path).is_ok();
            Some(Leftover {
                path,
                target: target.to_string(),
                pid,
                removed,
            })
        })
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// `.<file>.<pid>.tmp` -> (`<file>`, pid).
fn parse_temporary_name(name: &str) -> Option<(&str, u32)> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (target, pid) = inner.rsplit_once('.')?;
    if target.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((target, pid.parse().ok()?))
}

/// Whether process `pid` may still be the omd that is writing the temporary file. A process id is
/// reused once its process ends: where the system says what a process runs (Linux's /proc), a
/// process that is not omd cannot be saving.
#[cfg(unix)]
fn process_is_alive(pid: u32) -> bool {
    use nix::errno::Errno;
    use nix::sys::signal::kill;
    use nix::unistd::Pid;
    let Ok(raw) = i32::try_from(pid) else {
        return false;
    };
    // Signal 0 checks existence only; EPERM means it exists under another user.
    if matches!(kill(Pid::from_raw(raw), None), Err(Errno::ESRCH)) {
        return false;
    }
    match std::fs::read_to_string(format!("/proc/{pid}/comm")) {
        Ok(command) => command.trim_end() == "omd" || is_this_program(&command),
        Err(_) => true,
    }
}

/// The name the kernel gives this program (a test binary or a renamed copy of omd).
#[cfg(unix)]
fn is_this_program(command: &str) -> bool {
    std::fs::read_to_string("/proc/self/comm").is_ok_and(|own| own.trim_end() == command.trim_end())
}

#[cfg(not(unix))]
fn process_is_alive(_pid: u32) -> bool {
    // Without a way to ask, a temporary might be a save in progress: leave it.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("a.yaml");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn temporaries_of_ended_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let answers = dir.path().join("ana.yaml");
        fs::write(&answers, "answers: {}\n").unwrap();
        // Process ids are below 2^22 on Linux; this one cannot be running.
        let dead = dir.path().join(temporary_name("ana.yaml", 4_194_303));
        let live = dir
            .path()
            .join(temporary_name("ana.yaml", std::process::id()));
        let unrelated = dir.path().join(".notes.tmp");
        // Process 1 runs, but it is not omd: its id was reused, so its temporary is a leftover.
        let reused = dir.path().join(temporary_name("ana.yaml", 1));
        for path in [&dead, &live, &unrelated, &reused] {
            fs::write(path, "partial").unwrap();
        }
        let swept = sweep_leftovers(dir.path());
        let leftover = |path: &Path, pid| Leftover {
            path: path.to_path_buf(),
            target: "ana.yaml".into(),
            pid,
            removed: true,
        };
        let mut expected = vec![leftover(&dead, 4_194_303)];
        if Path::new("/proc/1/comm").exists() {
            expected.push(leftover(&reused, 1));
        }
        expected.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(swept, expected);
        assert!(!dead.exists());
        assert!(live.exists() && unrelated.exists() && answers.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_file_is_replaced_where_it_points() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.yaml");
        let link = dir.path().join("link.yaml");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }
}
