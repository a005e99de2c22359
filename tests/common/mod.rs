#![allow(clippy::unwrap_used)]
//! The one helper every integration test uses to run the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// `omd` with a clean environment: no colour from the host, no terminal.
pub fn omd() -> Command {
    let mut cmd = Command::cargo_bin("omd").expect("binary built");
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd.current_dir(root());
    cmd
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped example engagement.
pub fn example() -> PathBuf {
    root().join("examples").join("meridian-freight")
}

/// Copies a folder tree (for tests that change an engagement).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Sets the level on `question` for `process` to `level` in every answers file that answers it;
/// returns how many do and how many files there are.
pub fn set_level(engagement: &Path, process: &str, question: &str, level: u32) -> (usize, usize) {
    let key = format!("\n  {question}:\n    level: ");
    let (mut answering, mut files) = (0, 0);
    for entry in std::fs::read_dir(engagement.join("responses").join(process)).unwrap() {
        let path = entry.unwrap().path();
        files += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let Some(at) = text.find(&key).map(|at| at + key.len()) else {
            continue;
        };
        answering += 1;
        let end = at + text[at..].find('\n').unwrap();
        std::fs::write(&path, format!("{}{level}{}", &text[..at], &text[end..])).unwrap();
    }
    (answering, files)
}

/// Runs `omd` with `args` and returns stdout, asserting success.
pub fn stdout_of(args: &[&str]) -> String {
    let output = omd().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "omd {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Makes a named pipe (FIFO) at `path`, for tests of what omd does with one.
pub fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs `omd ARGS` on a pseudo-terminal `columns` wide and returns what it printed, lines
/// ending in `\n`. The pty library sets its default size just after the child starts, so the
/// child waits for a line before starting omd, and the size is set before that line is sent.
#[cfg(unix)]
pub fn on_terminal(columns: u16, args: &str) -> String {
    on_terminal_with(columns, args, &[])
}

/// As [`on_terminal`], with more environment variables.
#[cfg(unix)]
pub fn on_terminal_with(columns: u16, args: &str, env: &[(&str, &str)]) -> String {
    use expectrl::Expect;
    let script = format!("read go && exec '{}' {args}", env!("CARGO_BIN_EXE_omd"));
    let mut command = std::process::Command::new("sh");
    command
        .args(["-c", &script])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        // A slow run on a busy machine must not draw a progress bar into what is compared.
        .env("OMD_PROGRESS_AFTER_MS", "600000")
        .envs(env.iter().copied());
    let mut pty = expectrl::Session::spawn(command).unwrap();
    pty.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    pty.get_process_mut().set_window_size(columns, 50).unwrap();
    pty.send_line("go").unwrap();
    let found = pty.expect(expectrl::Eof).unwrap();
    let out = String::from_utf8_lossy(found.get(0).unwrap_or_default()).replace("\r\n", "\n");
    // The pty echoes the line sent; the output is what follows it.
    out.strip_prefix("go\n").unwrap_or(&out).to_string()
}

/// Every step of a plan or report JSON's plan, wave after wave.
pub fn plan_steps(json: &serde_json::Value) -> Vec<&serde_json::Value> {
    steps_of(&json["plan"])
}

/// Every step of a plan (the `plan` object of a plan or report JSON), wave after wave.
pub fn steps_of(plan: &serde_json::Value) -> Vec<&serde_json::Value> {
    plan["waves"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["steps"].as_array().unwrap())
        .collect()
}

/// Step `id` of a plan (the `plan` object of a plan or report JSON).
pub fn step_of<'a>(plan: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    steps_of(plan)
        .into_iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step {id} in {plan}"))
}

/// The entry of the array `list` of `value` whose field `key` is `id`.
pub fn entry<'a>(
    value: &'a serde_json::Value,
    list: &str,
    key: &str,
    id: &str,
) -> &'a serde_json::Value {
    value[list]
        .as_array()
        .unwrap_or_else(|| panic!("no array `{list}`"))
        .iter()
        .find(|e| e[key] == id)
        .unwrap_or_else(|| panic!("no entry of `{list}` with {key} {id}"))
}

/// The go-live week of `process` in a plan (the `plan` object of a plan or report JSON).
pub fn go_live_of(plan: &serde_json::Value, process: &str) -> u64 {
    entry(plan, "go_live", "process", process)["week"]
        .as_u64()
        .unwrap_or_else(|| panic!("no go-live week for {process}"))
}

/// Process `id` of a report's or a diff's JSON.
pub fn process<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    entry(report, "processes", "id", id)
}

/// Question `id` of a process in a report's JSON.
pub fn question<'a>(process: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    entry(process, "questions", "id", id)
}
