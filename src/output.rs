//! Where a report goes when the user names a path with `--output`.
//!
//! omd never damages what it did not create. A regular file (or a path not there yet) is
//! replaced atomically, so a reader or a crash sees the old report or the new one, never half.
//! Anything else the path names is written where it points: a symlink is followed to its target,
//! and a character device (`/dev/null`, a terminal) or a named pipe is opened and written in
//! place, never replaced by a file. Paths that cannot take a report are refused before any work
//! is done: a folder, a missing parent folder, a socket, a block device.

use std::fs::{self, OpenOptions};
use std::io::{BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::assessment::store;
use crate::questionnaire::yaml::describe_file_type;

/// How a checked output path is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (no `--output`, or `--output -`).
    Stdout,
    /// A regular file, existing or to be created, at its real location (symlinks followed):
    /// replaced atomically.
    File(PathBuf),
    /// A device or named pipe: opened and written in place.
    Stream(PathBuf),
}

/// Symlinks followed before a chain is taken for a loop (Linux's own limit).
const MAX_SYMLINKS: usize = 40;

/// Checks `output` before anything is computed, and says how it will be written.
pub fn destination(output: Option<&Path>) -> Result<Destination> {
    let Some(path) = output else {
        return Ok(Destination::Stdout);
    };
    if path.as_os_str() == "-" {
        return Ok(Destination::Stdout);
    }
    let given = path;
    let path = match follow_symlinks(path)? {
        Followed::Opened(path) => return Ok(Destination::Stream(path)),
        Followed::Path(path) => path,
    };
    match fs::metadata(&path) {
        Ok(meta) if meta.is_file() => Ok(Destination::File(path)),
        Ok(meta) if meta.is_dir() => bail!(
            "{}: is a folder; give a file name inside it, e.g. {}",
            given.display(),
            example_inside(given).display()
        ),
        Ok(meta) => stream(given, path, &meta),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            match fs::metadata(parent) {
                Ok(meta) if meta.is_dir() => Ok(Destination::File(path)),
                Ok(_) => bail!(
                    "{}: {} is not a folder, so the file cannot be created there",
                    given.display(),
                    parent.display()
                ),
                Err(_) => bail!(
                    "{}: folder {} does not exist; create it first (omd does not create folders \
                     for its output)",
                    given.display(),
                    parent.display()
                ),
            }
        }
        Err(e) => Err(e).with_context(|| format!("{}: cannot write there", given.display())),
    }
}

/// Writes `contents` to a checked destination.
pub fn write(destination: &Destination, contents: &[u8]) -> Result<()> {
    write_with(destination, |out| Ok(out.write_all(contents)?))
}

/// Streams what `render` writes to a checked destination, through a buffer: a report is never
/// held whole in memory. A regular file is still replaced atomically, from a temporary file
/// that `render` fills; a failed render leaves the old file as it was.
pub fn write_with(
    destination: &Destination,
    render: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    match destination {
        Destination::Stdout => {
            let mut out =
                BufWriter::with_capacity(BUFFER, PipeGuard::new(std::io::stdout().lock()));
            render(&mut out)
                .and_then(|_| Ok(out.flush()?))
                .context("cannot write to standard output")
        }
        Destination::File(path) => store::replace_file_with(path, |file| {
            let mut out = BufWriter::with_capacity(BUFFER, file);
            render(&mut out)?;
            Ok(out.flush()?)
        }),
        Destination::Stream(path) => {
            // Append: for a device or a pipe it changes nothing; for a file the shell opened
            // behind `/dev/stdout` it keeps what `>>` kept, and `>` left it empty anyway.
            let file = OpenOptions::new()
                .append(true)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut out = BufWriter::with_capacity(BUFFER, PipeGuard::new(file));
            render(&mut out)
                .and_then(|_| Ok(out.flush()?))
                .with_context(|| format!("cannot write {}", path.display()))
        }
    }
}

/// The size of the output buffer.
const BUFFER: usize = 64 * 1024;

/// A pipe whose reader has gone (`omd report | head`): the reader's choice, not an error. What
/// is written after that is dropped, so the report still ends as if written.
struct PipeGuard<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> PipeGuard<W> {
    fn new(inner: W) -> PipeGuard<W> {
        PipeGuard {
            inner,
            closed: false,
        }
    }
}

impl<W: Write> Write for PipeGuard<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            other => other,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// Writes `text` and a newline to standard error, for warnings and error messages. A failed
/// write is ignored: standard error closed (`2>&1 | head -c0`) or gone (the terminal closed)
/// leaves nowhere to report it, and the exit code must still say how the run ended.
pub fn to_stderr(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}").and_then(|_| stderr.flush());
}

/// A device or pipe is written in place; a socket or a disk is refused.
fn stream(given: &Path, path: PathBuf, meta: &fs::Metadata) -> Result<Destination> {
    let kind = describe_file_type(&meta.file_type());
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let file_type = meta.file_type();
        if file_type.is_char_device() || file_type.is_fifo() {
            return Ok(Destination::Stream(path));
        }
    }
    bail!(
        "{}: is {kind}; omd writes reports to files, character devices and named pipes only",
        given.display()
    )
}

/// Where a chain of symlinks ends: the path itself when it is not a link, or the target, which
/// may not exist yet (a link to a missing file is written where it points). `Opened` when the
/// chain runs through a descriptor link of the kernel (`/dev/stdout` -> `/proc/self/fd/1`): such
/// a link names an open file, pipe or terminal, not a path, so it is written through in place.
enum Followed {
    Path(PathBuf),
    Opened(PathBuf),
}

fn follow_symlinks(path: &Path) -> Result<Followed> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_SYMLINKS {
        if is_descriptor_link(&current) {
            return Ok(Followed::Opened(current));
        }
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)
                    .with_context(|| format!("cannot read symlink {}", current.display()))?;
                current = resolve(&current, &target);
            }
            _ => return Ok(Followed::Path(current)),
        }
    }
    bail!("{}: too many levels of symlinks (a loop?)", path.display())
}

/// `/proc/<pid>/fd/N`, `/proc/self/fd/N` or `/dev/fd/N`.
fn is_descriptor_link(path: &Path) -> bool {
    let text = path.to_string_lossy();
    (text.starts_with("/proc/") && text.contains("/fd/")) || text.starts_with("/dev/fd/")
}

/// `target` of the symlink at `link`, as a path from where we stand.
fn resolve(link: &Path, target: &Path) -> PathBuf {
    if target.is_absolute() {
        target.to_path_buf()
    } else {
        link.parent().unwrap_or(Path::new("")).join(target)
    }
}

fn example_inside(folder: &Path) -> PathBuf {
    folder.join("report.html")
}

/// The format an output file's extension asks for, by its name on the command line (`table` for
/// `.txt`); `None` when the extension says nothing.
pub fn implied_format(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "html" | "htm" => "html",
        "md" | "markdown" => "markdown",
        "json" => "json",
        "csv" => "csv",
        "txt" | "text" => "table",
        _ => return None,
    })
}
