#![allow(clippy::unwrap_used)]
//! `--output` never damages what omd did not create: devices and pipes are written in place,
//! symlinks are followed, folders and missing parents are refused, and the format follows the
//! file's extension.

mod common;

use std::fs;
use std::io::Read;
use std::path::Path;

use common::{example, mkfifo, omd};

#[cfg(unix)]
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    fs::symlink_metadata(path).unwrap().file_type().is_fifo()
}

fn failure(args: &[&str]) -> String {
    let output = omd().args(args).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "omd {args:?}: {stderr}");
    assert!(output.stdout.is_empty());
    stderr
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_written_through_and_stays_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.json");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            fs::File::open(&fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    let output = omd()
        .args(["report", example().to_str().unwrap(), "--output"])
        .arg(&fifo)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    // Checked before waiting for the reader, which would wait forever on a replaced pipe.
    assert!(is_fifo(&fifo), "the pipe was replaced");
    let text = reader.join().unwrap();
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(report["processes"].is_array());
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "a temporary file was left: {names:?}");
}

#[cfg(unix)]
#[test]
fn a_symlink_is_followed_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.md");
    let link = dir.path().join("link.md");
    fs::write(&real, "old").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    omd()
        .args(["report", example().to_str().unwrap(), "--output"])
        .arg(&link)
        .assert()
        .success();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let text = fs::read_to_string(&real).unwrap();
    assert!(
        text.starts_with("# "),
        "markdown, from the extension: {text}"
    );
}

#[test]
fn a_folder_as_output_names_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = failure(&[
        "report",
        example().to_str().unwrap(),
        "--output",
        dir.path().to_str().unwrap(),
    ]);
    assert!(
        stderr.contains("is a folder; give a file name inside it"),
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "{stderr}");
}

#[test]
fn a_missing_parent_folder_is_refused_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing").join("dir");
    let target = missing.join("x.html");
    let stderr = failure(&[
        "report",
        example().to_str().unwrap(),
        "--output",
        target.to_str().unwrap(),
    ]);
    assert!(
        stderr.contains("does not exist; create it first"),
        "{stderr}"
    );
    assert!(!dir.path().join("missing").exists());
}

#[test]
fn the_format_follows_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (file, starts) in [
        ("r.html", "<!DOCTYPE html>"),
        ("r.md", "# "),
        ("r.json", "{"),
        ("r.csv", "process_id,"),
        ("r.txt", "Meridian Freight"),
    ] {
        let path = dir.path().join(file);
        omd()
            .args(["report", example().to_str().unwrap(), "--output"])
            .arg(&path)
            .assert()
            .success();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(starts), "{file}: {}", &text[..80]);
    }
    let plan = dir.path().join("plan.json");
    omd()
        .args(["plan", example().to_str().unwrap(), "--output"])
        .arg(&plan)
        .assert()
        .success();
    serde_json::from_str::<serde_json::Value>(&fs::read_to_string(&plan).unwrap()).unwrap();
}

#[test]
fn a_format_that_contradicts_the_extension_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let stderr = failure(&[
        "report",
        example().to_str().unwrap(),
        "--format",
        "json",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert!(stderr.contains("--format json contradicts"), "{stderr}");
    assert!(!path.exists());
    // A format the command does not write, named by the extension alone.
    let stderr = failure(&[
        "diff",
        example().to_str().unwrap(),
        example().to_str().unwrap(),
        "--output",
        path.to_str().unwrap(),
    ]);
    assert!(stderr.contains("does not write"), "{stderr}");
    assert!(!path.exists());
}

#[test]
fn an_extension_that_names_no_format_is_refused_unless_format_is_given() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["report", "plan"] {
        let pdf = dir.path().join("report.pdf");
        let stderr = failure(&[
            command,
            example().to_str().unwrap(),
            "--output",
            pdf.to_str().unwrap(),
        ]);
        assert!(
            stderr.contains("extension .pdf")
                && stderr.contains(".html")
                && stderr.contains("print"),
            "{stderr}"
        );
        assert!(
            !pdf.exists(),
            "nothing is written under a name that promises a PDF"
        );
    }
    // With --format the name is the user's choice.
    let out = dir.path().join("report.out");
    omd()
        .args([
            "report",
            example().to_str().unwrap(),
            "--format",
            "json",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 2);
}

#[test]
fn a_dash_is_standard_output() {
    let output = omd()
        .args(["report", example().to_str().unwrap(), "--format", "json"])
        .args(["--output", "-"])
        .output()
        .unwrap();
    assert!(output.status.success());
    serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap();
}

#[test]
fn the_engagement_s_own_inputs_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("e");
    common::copy_tree(&example(), &copy);
    let answers = copy.join("responses/credit-approval/helen-marsh.yaml");
    let before: Vec<(std::path::PathBuf, Vec<u8>)> =
        [copy.join("engagement.yaml"), answers.clone()]
            .into_iter()
            .map(|p| {
                let bytes = fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect();
    let e = copy.to_str().unwrap();
    for (command, output) in [
        (
            vec!["report", e, "--format", "json"],
            copy.join("engagement.yaml"),
        ),
        (vec!["plan", e, "--format", "markdown"], answers.clone()),
        (
            vec!["export", "answers", e, "--format", "csv"],
            answers.clone(),
        ),
        // Through `..` and a symlink too.
        (
            vec!["report", e, "--format", "html"],
            copy.join("responses/../engagement.yaml"),
        ),
    ] {
        let mut args = command.clone();
        let output = output.to_str().unwrap().to_string();
        args.extend(["--output", &output]);
        let stderr = failure(&args);
        assert!(
            stderr.contains("one of this engagement's own inputs"),
            "{stderr}"
        );
    }
    #[cfg(unix)]
    {
        let link = dir.path().join("innocent.md");
        std::os::unix::fs::symlink(&answers, &link).unwrap();
        let stderr = failure(&["report", e, "--output", link.to_str().unwrap()]);
        assert!(stderr.contains("helen-marsh.yaml"), "{stderr}");
    }
    // A new file in the responses folder would be read as answers next time.
    let stray = copy.join("responses/credit-approval/report.md");
    let stderr = failure(&["report", e, "--output", stray.to_str().unwrap()]);
    assert!(
        stderr.contains("where every file is read as answers"),
        "{stderr}"
    );
    assert!(!stray.exists());
    for (path, bytes) in before {
        assert_eq!(
            fs::read(&path).unwrap(),
            bytes,
            "{} changed",
            path.display()
        );
    }
    // A diff never writes over a report it compares.
    let saved = dir.path().join("old.json");
    omd()
        .args(["report", e, "--output", saved.to_str().unwrap()])
        .assert()
        .success();
    let kept = fs::read(&saved).unwrap();
    let stderr = failure(&[
        "diff",
        saved.to_str().unwrap(),
        e,
        "--format",
        "json",
        "--output",
        saved.to_str().unwrap(),
    ]);
    assert!(stderr.contains("which this diff reads"), "{stderr}");
    assert_eq!(fs::read(&saved).unwrap(), kept);
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    use std::io::Read as _;
    use std::process::{Command, Stdio};
    for format in ["json", "html", "markdown", "csv", "table"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_omd"))
            .args(["report", "examples/meridian-freight", "--format", format])
            .current_dir(common::root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read a little, then close the pipe, as `omd report | head` does.
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_rewritten_file_keeps_its_permissions_and_its_hard_links() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let private = dir.path().join("private.json");
    fs::write(&private, "old").unwrap();
    fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
    omd()
        .args(["report", "examples/meridian-freight", "--output"])
        .arg(&private)
        .assert()
        .success();
    let meta = fs::metadata(&private).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(fs::read_to_string(&private)
        .unwrap()
        .contains("\"schema_version\""));

    // Two names for one file: both see the new report, and it is still one file.
    let first = dir.path().join("report.md");
    let second = dir.path().join("shared-copy.md");
    fs::write(&first, "old").unwrap();
    fs::hard_link(&first, &second).unwrap();
    let inode = fs::metadata(&first).unwrap().ino();
    omd()
        .args(["report", "examples/meridian-freight", "--output"])
        .arg(&first)
        .assert()
        .success();
    assert_eq!(fs::metadata(&first).unwrap().ino(), inode);
    assert_eq!(fs::metadata(&second).unwrap().nlink(), 2);
    let text = fs::read_to_string(&second).unwrap();
    assert!(text.starts_with("# Readiness report"), "{text}");
}

#[test]
fn an_extension_the_command_does_not_write_names_those_it_does() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("answers.json");
    let stderr = failure(&[
        "export",
        "answers",
        "examples/meridian-freight",
        "--output",
        json.to_str().unwrap(),
    ]);
    assert!(
        stderr.contains("name the file for a format it writes (.csv)"),
        "{stderr}"
    );
    let html = dir.path().join("diff.html");
    let stderr = failure(&[
        "diff",
        "examples/meridian-freight",
        "examples/meridian-freight",
        "--output",
        html.to_str().unwrap(),
    ]);
    assert!(stderr.contains("(.txt, .md, .json)"), "{stderr}");
    assert!(!json.exists() && !html.exists());
}
