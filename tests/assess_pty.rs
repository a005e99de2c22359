//! `omd assess` end to end through a real pseudo-terminal: keys in, screen out, answers on disk.
//! Each test copies the five-question fixture engagement into a temporary folder.

#![allow(clippy::unwrap_used)] // a test that cannot set itself up should panic
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::{Expect, Session};

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";
/// Drawn when a question's answer list is about to be read.
const ANSWER_PROMPT: &str = "Esc stops (answers are saved)";

type Pty = expectrl::session::OsSession;

fn engagement() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small-engagement");
    for file in ["engagement.yaml", "small-questionnaire.yaml"] {
        std::fs::copy(fixture.join(file), dir.path().join(file)).unwrap();
    }
    dir
}

fn answers(dir: &Path) -> PathBuf {
    dir.join("responses/invoices/ann-lee.yaml")
}

/// The answers file as saved, without the dates `omd assess` writes beside the answers it saves,
/// each of which must be the day the test runs: the local date, as omd reads it (or the day
/// before, for a test that ran over midnight).
fn read(path: &Path) -> String {
    let text = read_raw(path);
    let today = jiff::Zoned::now().date();
    let days = [today, today.yesterday().unwrap()].map(|d| format!("    date: {d}\n"));
    let mut kept = String::new();
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("date:") && line.starts_with("    date: 20") {
            assert!(
                days.iter().any(|d| d == line),
                "not dated today: {line:?} in\n{text}"
            );
            continue;
        }
        kept.push_str(line);
    }
    kept
}

/// The answers file exactly as saved.
fn read_raw(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// `omd assess DIR --process invoices --respondent "Ann Lee"` (plus `extra`) on a pseudo-terminal.
fn assess(dir: &Path, extra: &[&str]) -> Pty {
    assess_as(dir, "Ann Lee", extra)
}

/// `omd assess DIR --process invoices --respondent NAME` (plus `extra`) on a pseudo-terminal.
fn assess_as(dir: &Path, respondent: &str, extra: &[&str]) -> Pty {
    assess_in(dir, "invoices", respondent, extra)
}

/// `omd assess DIR --process PROCESS --respondent NAME` (plus `extra`) on a pseudo-terminal.
fn assess_in(dir: &Path, process: &str, respondent: &str, extra: &[&str]) -> Pty {
    let mut command = Command::new(env!("CARGO_BIN_EXE_omd"));
    command
        .arg("assess")
        .arg(dir)
        .args(["--process", process, "--respondent", respondent])
        .args(extra)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut pty = Session::spawn(command).unwrap();
    // Generous: CI is a loaded machine, and a wait ends as soon as the text is seen.
    pty.set_expect_timeout(Some(Duration::from_secs(30)));
    pty
}

/// Starts a session as `respondent`, gives no role, answers question 1 by moving down `down`
/// times with no note, and waits at question 2's answer list.
fn at_question_two(dir: &Path, respondent: &str, down: usize) -> Pty {
    let mut pty = assess_as(dir, respondent, &[]);
    see(&mut pty, "Role (optional)");
    keys(&mut pty, ENTER);
    choose(&mut pty, 1, down);
    note(&mut pty, "");
    see(&mut pty, "question 2 of 5");
    see(&mut pty, ANSWER_PROMPT);
    pty
}

/// Waits for the list of answers and returns the text before it, lines wrapped to the
/// terminal's width joined again by a space.
fn until_the_answers(pty: &mut Pty) -> String {
    let found = pty.expect(ANSWER_PROMPT).unwrap();
    String::from_utf8_lossy(found.before()).replace("\r\n", " ")
}

/// Waits for `text` on the screen.
fn see(pty: &mut Pty, text: &str) {
    if let Err(e) = pty.expect(text) {
        panic!("did not see {text:?}: {e}");
    }
}

/// Sends keys (already flushed by expectrl's `send`).
fn keys(pty: &mut Pty, keys: &str) {
    pty.send(keys).unwrap();
}

/// At question `n`, once its answers are drawn, moves down `down` times and presses Enter.
fn choose(pty: &mut Pty, n: usize, down: usize) {
    see(pty, &format!("question {n} of 5"));
    see(pty, ANSWER_PROMPT);
    keys(pty, &format!("{}{ENTER}", DOWN.repeat(down)));
}

/// Answers the note prompt with `note`, and the evidence prompt after it with no item.
fn note(pty: &mut Pty, note: &str) {
    see(pty, "Note (optional");
    keys(pty, &format!("{note}{ENTER}"));
    no_evidence(pty);
}

/// The prompt for an evidence item, after the note.
const EVIDENCE_PROMPT: &str =
    "Evidence (one item; Enter on an empty line to go on, Esc to go back)";

/// Ends the evidence prompt without an item.
fn no_evidence(pty: &mut Pty) {
    see(pty, EVIDENCE_PROMPT);
    keys(pty, ENTER);
}

fn exit_code(pty: &Pty) -> i32 {
    match pty.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("omd did not exit normally: {other:?}"),
    }
}

/// Whether the terminal is back in line mode (line editing and Ctrl-C as a signal), as it was
/// before omd started: a prompt turns both off while it reads keys.
fn in_line_mode(pty: &Pty) -> bool {
    use rustix::termios::LocalModes;
    let master = pty.get_process().get_raw_handle().unwrap();
    let mode = rustix::termios::tcgetattr(&master).unwrap();
    mode.local_modes
        .contains(LocalModes::ICANON | LocalModes::ISIG)
}

fn kill(pty: &mut Pty) {
    pty.get_process_mut()
        .kill(expectrl::process::unix::Signal::SIGKILL)
        .unwrap();
    let _ = pty.get_process().wait();
}

#[test]
fn full_assessment_saves_every_answer_and_shows_the_result() {
    let dir = engagement();
    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "Role (optional)");
    keys(&mut pty, &format!("Clerk{ENTER}"));
    choose(&mut pty, 1, 2);
    note(&mut pty, "Rule in SOP v3");
    choose(&mut pty, 2, 2);
    note(&mut pty, "");
    // Question 3 allows "not applicable": the entry after its five levels.
    choose(&mut pty, 3, 5);
    see(&mut pty, "Why does it not apply?");
    keys(&mut pty, &format!("Manual process{ENTER}"));
    note(&mut pty, "");
    choose(&mut pty, 4, 3);
    note(&mut pty, "");
    choose(&mut pty, 5, 3);
    note(&mut pty, "");
    see(&mut pty, "All 5 questions answered.");
    see(&mut pty, "Invoice processing");
    see(&mut pty, "Next: omd report");
    assert_eq!(exit_code(&pty), 0);
    assert_eq!(
        read(&answers(dir.path())),
        "questionnaire: small\nversion: 1.0.0\nrespondent: Ann Lee\nrole: Clerk\nanswers:\n  \
         exception_routing:\n    level: 2\n    note: Rule in SOP v3\n  \
         process_mapped:\n    level: 2\n  \
         data_source:\n    not_applicable: Manual process\n  \
         data_owner:\n    level: 3\n  \
         data_timeliness:\n    level: 3\n"
    );
    assert!(!dir.path().join("responses/invoices/.ann-lee.lock").exists());
}

#[test]
fn killed_mid_session_loses_nothing_and_resumes_at_the_first_unanswered_question() {
    let dir = engagement();
    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "Role (optional)");
    keys(&mut pty, ENTER);
    choose(&mut pty, 1, 1);
    note(&mut pty, "kept");
    choose(&mut pty, 2, 2);
    note(&mut pty, "");
    see(&mut pty, "question 3 of 5");
    see(&mut pty, ANSWER_PROMPT);
    kill(&mut pty);
    let saved = read(&answers(dir.path()));
    assert!(
        saved.contains("exception_routing:\n    level: 1\n    note: kept\n"),
        "{saved}"
    );
    assert!(saved.contains("process_mapped:\n    level: 2\n"), "{saved}");

    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "Resuming at question 3 of 5; 2 answered.");
    choose(&mut pty, 3, 4);
    note(&mut pty, "");
    see(&mut pty, "question 4 of 5");
    see(&mut pty, ANSWER_PROMPT);
    keys(&mut pty, "q");
    see(&mut pty, "Stopped at question 4 of 5. 3 answered");
    assert_eq!(exit_code(&pty), 0);
    let saved = read(&answers(dir.path()));
    assert!(
        saved.contains("exception_routing:\n    level: 1\n    note: kept\n"),
        "{saved}"
    );
    assert!(saved.contains("process_mapped:\n    level: 2\n"), "{saved}");
    assert!(saved.contains("data_source:\n    level: 4\n"), "{saved}");
}

#[test]
fn back_returns_to_the_previous_question_with_its_answer_preselected() {
    let dir = engagement();
    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "Role (optional)");
    keys(&mut pty, ENTER);
    choose(&mut pty, 1, 1);
    note(&mut pty, "first thoughts");
    // Question 2: three levels, "Skip for now", then "Back to the previous question".
    see(&mut pty, "question 2 of 5");
    see(&mut pty, ANSWER_PROMPT);
    see(&mut pty, "Back to the previous question");
    keys(&mut pty, &format!("{}{ENTER}", DOWN.repeat(4)));
    see(&mut pty, "question 1 of 5");
    see(&mut pty, "> 1 Ad hoc");
    keys(&mut pty, &format!("{DOWN}{ENTER}"));
    see(&mut pty, "Note (optional");
    // The earlier note is offered for editing; Enter keeps it.
    see(&mut pty, "first thoughts");
    keys(&mut pty, ENTER);
    no_evidence(&mut pty);
    see(&mut pty, "question 2 of 5");
    see(&mut pty, ANSWER_PROMPT);
    keys(&mut pty, "q");
    assert_eq!(exit_code(&pty), 0);
    let saved = read(&answers(dir.path()));
    assert!(
        saved.ends_with("answers:\n  exception_routing:\n    level: 2\n    note: first thoughts\n"),
        "{saved}"
    );
}

#[test]
fn not_applicable_asks_for_a_reason() {
    let dir = engagement();
    std::fs::create_dir_all(dir.path().join("responses/invoices")).unwrap();
    std::fs::write(
        answers(dir.path()),
        "questionnaire: small\nversion: 1.0.0\nrespondent: Ann Lee\nanswers:\n  \
         exception_routing:\n    level: 3\n  process_mapped:\n    level: 1\n",
    )
    .unwrap();
    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "Resuming at question 3 of 5; 2 answered.");
    see(&mut pty, "question 3 of 5");
    see(&mut pty, ANSWER_PROMPT);
    see(&mut pty, "Not applicable (give a reason)");
    keys(&mut pty, &format!("{}{ENTER}", DOWN.repeat(5)));
    see(&mut pty, "Why does it not apply?");
    // An empty reason is refused, with why, and the prompt asks again.
    keys(&mut pty, ENTER);
    see(&mut pty, "A reason is required");
    see(&mut pty, "Why does it not apply?");
    keys(&mut pty, &format!("No data: it is all on paper{ENTER}"));
    note(&mut pty, "ask again in Q3");
    see(&mut pty, "question 4 of 5");
    see(&mut pty, ANSWER_PROMPT);
    keys(&mut pty, "q");
    assert_eq!(exit_code(&pty), 0);
    let saved = read(&answers(dir.path()));
    assert!(
        saved.contains(
            "data_source:\n    not_applicable: 'No data: it is all on paper'\n    note: ask again in Q3\n"
        ),
        "{saved}"
    );
}

#[test]
fn an_optional_reason_may_be_left_empty() {
    let dir = engagement();
    let questionnaire = dir.path().join("small-questionnaire.yaml");
    let text = std::fs::read_to_string(&questionnaire).unwrap();
    std::fs::write(&questionnaire, format!("na_reason: optional\n{text}")).unwrap();
    std::fs::create_dir_all(dir.path().join("responses/invoices")).unwrap();
    std::fs::write(
        answers(dir.path()),
        "questionnaire: small\nversion: 1.0.0\nrespondent: Ann Lee\nanswers:\n  \
         exception_routing:\n    level: 3\n  process_mapped:\n    level: 1\n",
    )
    .unwrap();
    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "question 3 of 5");
    see(&mut pty, ANSWER_PROMPT);
    keys(&mut pty, &format!("{}{ENTER}", DOWN.repeat(5)));
    see(&mut pty, "Why does it not apply? (optional");
    // An empty reason is taken: the note comes next, with no word of a required reason.
    keys(&mut pty, ENTER);
    let found = pty.expect("Note (optional").unwrap();
    assert!(!String::from_utf8_lossy(found.before()).contains("A reason is required"));
    keys(&mut pty, ENTER);
    no_evidence(&mut pty);
    see(&mut pty, "question 4 of 5");
    see(&mut pty, ANSWER_PROMPT);
    keys(&mut pty, "q");
    assert_eq!(exit_code(&pty), 0);
    let saved = read(&answers(dir.path()));
    assert!(
        saved.contains("data_source:\n    not_applicable: ''\n"),
        "{saved}"
    );
    // The file loads: the report runs and counts the question as not applicable.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_omd"))
        .args(["report", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let question = report["processes"][0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "data_source")
        .unwrap()
        .clone();
    assert_eq!(question["status"], "not_applicable");
}

#[test]
fn ctrl_c_restores_the_cursor_and_says_how_to_resume() {
    let dir = engagement();
    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "Role (optional)");
    keys(&mut pty, ENTER);
    choose(&mut pty, 1, 0);
    note(&mut pty, "");
    see(&mut pty, "question 2 of 5");
    see(&mut pty, ANSWER_PROMPT);
    keys(&mut pty, "\x03");
    see(&mut pty, "\x1b[?25h");
    see(
        &mut pty,
        "Interrupted. 1 of 5 questions answered, all saved in",
    );
    see(&mut pty, "ann-lee.yaml");
    let resume = format!(
        "Resume with: omd assess {} --process invoices --respondent ann-lee",
        dir.path().display()
    );
    see(&mut pty, &resume);
    assert_eq!(exit_code(&pty), 130);
    assert!(in_line_mode(&pty), "the terminal was left in raw mode");
    assert!(read(&answers(dir.path())).contains("exception_routing:\n    level: 0\n"));
}

#[test]
fn a_second_session_on_the_same_answers_is_refused() {
    let dir = engagement();
    let mut first = assess(dir.path(), &[]);
    see(&mut first, "Role (optional)");
    keys(&mut first, ENTER);
    see(&mut first, "question 1 of 5");
    see(&mut first, ANSWER_PROMPT);

    let mut second = assess(dir.path(), &[]);
    see(
        &mut second,
        "Ann Lee's answers for invoices are open in another omd session",
    );
    see(&mut second, ".ann-lee.lock");
    assert_eq!(exit_code(&second), 2);

    keys(&mut first, "q");
    see(&mut first, "Stopped at question 1 of 5");
    assert_eq!(exit_code(&first), 0);
    // Once the first session is over, the lock is gone and a new session may start.
    let mut third = assess(dir.path(), &[]);
    see(&mut third, "question 1 of 5");
    see(&mut third, ANSWER_PROMPT);
    keys(&mut third, "q");
    assert_eq!(exit_code(&third), 0);
}

#[test]
fn review_preselects_saved_answers() {
    let dir = engagement();
    std::fs::create_dir_all(dir.path().join("responses/invoices")).unwrap();
    std::fs::write(
        answers(dir.path()),
        "questionnaire: small\nversion: 1.0.0\nrespondent: Ann Lee\nanswers:\n  \
         exception_routing:\n    level: 3\n  process_mapped:\n    level: 1\n  \
         data_source:\n    not_applicable: Paper only\n  data_owner:\n    level: 2\n  \
         data_timeliness:\n    level: 4\n",
    )
    .unwrap();
    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "All 5 questions are answered for Ann Lee.");
    see(&mut pty, "--review");
    see(&mut pty, "Next: omd report");
    assert_eq!(exit_code(&pty), 0);

    let mut pty = assess(dir.path(), &["--review"]);
    see(&mut pty, "Reviewing all 5 questions");
    see(&mut pty, "question 1 of 5");
    see(&mut pty, "> 3 Managed");
    keys(&mut pty, ENTER);
    note(&mut pty, "");
    see(&mut pty, "question 2 of 5");
    see(&mut pty, "> 1 Partly");
    keys(&mut pty, "q");
    // Stopped half way, a review resumes as a review.
    let resume = format!(
        "Resume with: omd assess {} --process invoices --respondent ann-lee --review",
        dir.path().display()
    );
    see(&mut pty, &resume);
    assert_eq!(exit_code(&pty), 0);

    let mut pty = assess(dir.path(), &["--review"]);
    see(&mut pty, "question 1 of 5");
    see(&mut pty, ANSWER_PROMPT);
    keys(&mut pty, "\x03");
    see(&mut pty, "Interrupted. 5 of 5 questions answered");
    see(&mut pty, &resume);
    assert_eq!(exit_code(&pty), 130);
}

#[test]
fn init_asks_for_what_no_flag_gave() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("acme");
    let mut command = Command::new(env!("CARGO_BIN_EXE_omd"));
    command
        .arg("init")
        .arg(&target)
        .args(["--profile", "billing:risk=high"])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut pty = Session::spawn(command).unwrap();
    // Generous: CI is a loaded machine, and a wait ends as soon as the text is seen.
    pty.set_expect_timeout(Some(Duration::from_secs(30)));
    see(&mut pty, "Client");
    keys(&mut pty, &format!("Acme Ltd{ENTER}"));
    see(&mut pty, "Engagement name");
    see(&mut pty, "Acme Ltd operating-model diagnostic");
    keys(&mut pty, ENTER);
    see(&mut pty, "A questionnaire file...");
    keys(&mut pty, ENTER);
    see(&mut pty, "Process in scope");
    keys(&mut pty, &format!("Billing{ENTER}"));
    see(&mut pty, "Another process in scope (Enter when done)");
    keys(&mut pty, ENTER);
    see(&mut pty, "Profile of Billing (billing):");
    // Volume high; the other facts keep their preselected medium; risk came by flag.
    see(&mut pty, "Volume");
    see(&mut pty, "high");
    keys(&mut pty, &format!("{DOWN}{ENTER}"));
    for fact in ["defined", "data", "willing"] {
        see(&mut pty, fact);
        see(&mut pty, "high");
        keys(&mut pty, ENTER);
    }
    see(&mut pty, "Created");
    see(&mut pty, "Next: omd assess");
    assert_eq!(exit_code(&pty), 0);
    let text = read(&target.join("engagement.yaml"));
    assert!(text.starts_with("name: Acme Ltd operating-model diagnostic\nclient: Acme Ltd\nquestionnaire: ai-operating-model\n"), "{text}");
    assert!(text.contains("volume: high\n    definition: medium\n    data_richness: medium\n    willingness: medium\n    risk_tier: high\n"), "{text}");
}

/// Sends `signal` to a session waiting at question 2 with question 1 answered (level 3), and
/// checks that it ends as an interrupted prompt does.
fn ends_in_order_on(signal: expectrl::process::unix::Signal) {
    let dir = engagement();
    let mut pty = at_question_two(dir.path(), "Ann Lee", 3);
    // A signal from outside, not the Ctrl-C key a prompt reads: the prompt keeps waiting, and the
    // handler ends the session after its grace period, with the terminal put back in line mode.
    pty.get_process_mut().signal(signal).unwrap();
    // The handler prints the same words as an interrupted prompt: count, file, how to resume.
    see(&mut pty, "\x1b[?25h");
    see(
        &mut pty,
        "Interrupted. 1 of 5 questions answered, all saved in",
    );
    see(&mut pty, "ann-lee.yaml");
    see(&mut pty, "Resume with: omd assess");
    assert_eq!(exit_code(&pty), 130, "after {signal:?}");
    assert!(in_line_mode(&pty), "the terminal was left in raw mode");
    assert!(read(&answers(dir.path())).contains("exception_routing:\n    level: 3\n"));
}

#[test]
fn a_sigint_from_outside_ends_the_session_the_same_way() {
    ends_in_order_on(expectrl::process::unix::Signal::SIGINT);
}

#[test]
fn a_sigterm_ends_the_session_as_a_sigint_does() {
    ends_in_order_on(expectrl::process::unix::Signal::SIGTERM);
}

/// The signal a closed terminal window sends.
#[test]
fn a_sighup_ends_the_session_as_a_sigint_does() {
    ends_in_order_on(expectrl::process::unix::Signal::SIGHUP);
}

#[test]
fn the_readiness_table_at_the_end_shows_control_characters_in_names_not_obeyed() {
    let dir = engagement();
    let file = dir.path().join("engagement.yaml");
    let text = read(&file).replace(
        "client: Test Client Ltd",
        "client: \"Test \\e]0;pwned\\a Client\"",
    );
    std::fs::write(&file, text).unwrap();
    std::fs::create_dir_all(dir.path().join("responses/invoices")).unwrap();
    std::fs::write(
        answers(dir.path()),
        "questionnaire: small\nversion: 1.0.0\nrespondent: Ann Lee\nanswers:\n  \
         exception_routing:\n    level: 2\n  process_mapped:\n    level: 2\n  \
         data_source:\n    level: 1\n  data_owner:\n    level: 3\n  \
         data_timeliness:\n    level: 3\n",
    )
    .unwrap();
    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "All 5 questions are answered");
    // The table's heading names the client: the escape and the bell are shown as text.
    see(&mut pty, "Test \\x1b]0;pwned\\x07 Client");
    see(&mut pty, "Next: omd report");
    assert_eq!(exit_code(&pty), 0);
}

#[test]
fn changing_an_answer_keeps_the_comments_and_layout_of_the_answers_file() {
    let dir = engagement();
    std::fs::create_dir_all(dir.path().join("responses/invoices")).unwrap();
    let annotated = "\
# Interview with Ann Lee, 3 March; notes by the consultant.
questionnaire: small
version: 1.0.0
respondent: Ann Lee
answers:
  exception_routing:
    level: 3 # she showed the written rule
  # Bob disagrees about the map; ask again.
  process_mapped:
    level: 1
  data_source: {not_applicable: Paper only}
  data_owner:
    level: 2
  data_timeliness:
    level: 4
# Next visit: 10 March.
";
    std::fs::write(answers(dir.path()), annotated).unwrap();
    let mut pty = assess(dir.path(), &["--review"]);
    see(&mut pty, "question 1 of 5");
    see(&mut pty, "> 3 Managed");
    keys(&mut pty, ENTER);
    note(&mut pty, "");
    // Question 2 goes from "1 Partly" to "2 Yes".
    see(&mut pty, "question 2 of 5");
    see(&mut pty, "> 1 Partly");
    keys(&mut pty, &format!("{DOWN}{ENTER}"));
    note(&mut pty, "");
    see(&mut pty, "question 3 of 5");
    see(&mut pty, ANSWER_PROMPT);
    keys(&mut pty, "q");
    assert_eq!(exit_code(&pty), 0);
    let saved = read(&answers(dir.path()));
    assert_eq!(
        saved,
        annotated.replace(
            "  process_mapped:\n    level: 1\n",
            "  process_mapped:\n    level: 2\n"
        )
    );
    for comment in [
        "# Interview with Ann Lee, 3 March; notes by the consultant.\n",
        "    level: 3 # she showed the written rule\n",
        "  # Bob disagrees about the map; ask again.\n",
        "# Next visit: 10 March.\n",
    ] {
        assert!(saved.contains(comment), "lost {comment:?}:\n{saved}");
    }
}

/// Makes every later write of answers into `folder` fail: read-only for a normal user; for root,
/// whom permissions do not stop, the folder is moved away and a file put in its place. Returns
/// the words of the cause omd should report.
fn make_unwritable(folder: &Path) -> &'static str {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = folder.join("probe");
    if std::fs::write(&probe, "").is_err() {
        return "Permission denied";
    }
    std::fs::remove_file(&probe).unwrap();
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::rename(folder, folder.with_extension("moved")).unwrap();
    std::fs::write(folder, "not a folder").unwrap();
    "cannot create folder"
}

#[test]
fn an_answer_that_cannot_be_saved_is_named_with_how_to_resume() {
    use std::os::unix::fs::PermissionsExt;
    let dir = engagement();
    let mut pty = at_question_two(dir.path(), "Ann Lee", 2);
    let folder = dir.path().join("responses/invoices");
    let cause = make_unwritable(&folder);
    keys(&mut pty, &format!("{DOWN}{ENTER}"));
    see(
        &mut pty,
        "the answer to question 2 of 5 (process_mapped: Is the current process mapped end to end?) was not saved",
    );
    see(&mut pty, cause);
    see(&mut pty, "1 of 5 questions answered are saved in");
    see(&mut pty, "ann-lee.yaml");
    let resume = format!(
        "resume with: omd assess {} --process invoices --respondent ann-lee",
        dir.path().display()
    );
    see(&mut pty, &resume);
    assert_eq!(exit_code(&pty), 2);
    assert!(in_line_mode(&pty), "the terminal was left in raw mode");
    if folder.is_dir() {
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn a_name_in_any_script_names_the_answers_file_in_latin_letters() {
    let dir = engagement();
    let mut pty = at_question_two(dir.path(), "李雷", 2);
    keys(&mut pty, "\x1b");
    see(&mut pty, "--respondent li-lei");
    assert_eq!(exit_code(&pty), 0);
    let saved = read(&dir.path().join("responses/invoices/li-lei.yaml"));
    assert!(saved.contains("respondent: 李雷\n"), "{saved}");
    assert!(
        saved.contains("exception_routing:\n    level: 2\n"),
        "{saved}"
    );
}

#[test]
fn the_progress_line_is_a_bar_printed_as_plain_text_above_the_question() {
    let dir = engagement();
    let mut pty = at_question_two(dir.path(), "Ann Lee", 2);
    keys(&mut pty, ENTER);
    note(&mut pty, "");
    see(&mut pty, "Data · question 3 of 5");
    // From the bar to the list of answers, only text: no cursor movement, nothing redrawn.
    let found = pty.expect(ANSWER_PROMPT).unwrap();
    let drawn = String::from_utf8_lossy(found.before()).into_owned();
    assert!(
        drawn.starts_with(" [############------------------] 2/5 answered\r\n"),
        "{drawn:?}"
    );
    assert!(!drawn.contains('\x1b'), "{drawn:?}");
    keys(&mut pty, "q");
    assert_eq!(exit_code(&pty), 0);
}

#[test]
fn each_question_shows_its_target_and_where_its_gate_holds() {
    let dir = engagement();
    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "Role (optional)");
    keys(&mut pty, ENTER);
    see(&mut pty, "question 1 of 5");
    let shown = until_the_answers(&mut pty);
    assert!(
        shown.contains("Target: 3 Managed · critical gate: at least 2 Defined, at every risk tier"),
        "{shown}"
    );
    keys(&mut pty, &format!("{}{ENTER}", DOWN.repeat(6)));
    see(&mut pty, "Go to question (1 to 5");
    keys(&mut pty, &format!("4{ENTER}"));
    see(&mut pty, "question 4 of 5");
    // Invoices are low risk; the gate on question 4 holds at high risk only.
    let shown = until_the_answers(&mut pty);
    assert!(
        shown.contains(
            "Target: 2 Defined · critical gate: at least 2 Defined at high risk (this process is \
             low risk: it does not apply)"
        ),
        "{shown}"
    );
    keys(&mut pty, "q");
    assert_eq!(exit_code(&pty), 0);

    let mut pty = assess_in(dir.path(), "claims", "Bo Chen", &[]);
    see(&mut pty, "Role (optional)");
    keys(&mut pty, ENTER);
    see(&mut pty, "question 1 of 5");
    see(&mut pty, ANSWER_PROMPT);
    keys(&mut pty, &format!("{}{ENTER}", DOWN.repeat(6)));
    see(&mut pty, "Go to question (1 to 5");
    keys(&mut pty, &format!("4{ENTER}"));
    see(&mut pty, "question 4 of 5");
    let shown = until_the_answers(&mut pty);
    assert!(
        shown.contains("at least 2 Defined at high risk (this process is high risk: it applies)"),
        "{shown}"
    );
    keys(&mut pty, "q");
    assert_eq!(exit_code(&pty), 0);
}

#[test]
fn go_to_question_lists_the_unanswered_jumps_and_comes_back_for_what_it_passed_over() {
    let dir = engagement();
    let mut pty = at_question_two(dir.path(), "Ann Lee", 2);
    see(&mut pty, "Go to question… (4 unanswered)");
    // Question 2: three levels, "Skip for now", "Back", then "Go to question…".
    keys(&mut pty, &format!("{}{ENTER}", DOWN.repeat(5)));
    see(&mut pty, "Unanswered, 4 of 5:");
    see(&mut pty, "  4  Who answers for data quality?");
    see(&mut pty, "Go to question (1 to 5; Esc: stay at 2)");
    keys(&mut pty, &format!("7{ENTER}"));
    see(
        &mut pty,
        "\"7\" is not a question number: type one from 1 to 5.",
    );
    see(&mut pty, "Go to question (1 to 5");
    keys(&mut pty, &format!("4{ENTER}"));
    choose(&mut pty, 4, 3);
    note(&mut pty, "");
    choose(&mut pty, 5, 1);
    note(&mut pty, "");
    // The walk comes back for question 2, left by the jump, then goes on to question 3.
    see(
        &mut pty,
        "Back to question 2 of 5, passed over when you went ahead.",
    );
    choose(&mut pty, 2, 2);
    note(&mut pty, "");
    see(&mut pty, "question 3 of 5");
    see(&mut pty, ANSWER_PROMPT);
    keys(&mut pty, "q");
    see(&mut pty, "Stopped at question 3 of 5. 4 answered");
    assert_eq!(exit_code(&pty), 0);
    let saved = read(&answers(dir.path()));
    for answer in [
        "exception_routing:\n    level: 2\n",
        "process_mapped:\n    level: 2\n",
        "data_owner:\n    level: 3\n",
        "data_timeliness:\n    level: 1\n",
    ] {
        assert!(saved.contains(answer), "no {answer:?} in {saved}");
    }
    assert!(!saved.contains("data_source"), "{saved}");
}

#[test]
fn esc_at_the_note_or_the_reason_goes_back_to_the_answers() {
    let dir = engagement();
    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "Role (optional)");
    keys(&mut pty, ENTER);
    choose(&mut pty, 1, 1);
    see(&mut pty, "Note (optional, Enter to go on, Esc to go back)");
    keys(&mut pty, &format!("half typed{ESC}"));
    // The level is saved already; the question comes again with it preselected.
    see(&mut pty, "question 1 of 5");
    see(&mut pty, "> 1 Ad hoc");
    see(&mut pty, "Go to question…");
    assert!(read(&answers(dir.path())).contains("exception_routing:\n    level: 1\n"));
    keys(&mut pty, &format!("{DOWN}{ENTER}"));
    note(&mut pty, "kept");
    choose(&mut pty, 2, 2);
    note(&mut pty, "");
    // Question 3, "not applicable": an empty reason is refused, Esc goes back to the answers.
    choose(&mut pty, 3, 5);
    see(&mut pty, "Why does it not apply? (Esc to go back)");
    keys(&mut pty, ENTER);
    see(&mut pty, "A reason is required");
    see(&mut pty, "Why does it not apply?");
    keys(&mut pty, ESC);
    see(&mut pty, "question 3 of 5");
    see(&mut pty, ANSWER_PROMPT);
    keys(&mut pty, "q");
    see(&mut pty, "Stopped at question 3 of 5. 2 answered");
    assert_eq!(exit_code(&pty), 0);
    let saved = read(&answers(dir.path()));
    assert!(
        saved.ends_with(
            "exception_routing:\n    level: 2\n    note: kept\n  process_mapped:\n    level: 2\n"
        ),
        "{saved}"
    );
}

#[test]
fn ctrl_c_at_the_note_ends_the_session_with_the_level_saved() {
    let dir = engagement();
    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "Role (optional)");
    keys(&mut pty, ENTER);
    choose(&mut pty, 1, 3);
    see(&mut pty, "Note (optional");
    keys(&mut pty, "not finished");
    see(&mut pty, "not finished");
    keys(&mut pty, "\x03");
    see(
        &mut pty,
        "Interrupted. 1 of 5 questions answered, all saved in",
    );
    assert_eq!(exit_code(&pty), 130);
    assert!(in_line_mode(&pty), "the terminal was left in raw mode");
    let saved = read(&answers(dir.path()));
    assert!(
        saved.ends_with("exception_routing:\n    level: 3\n"),
        "{saved}"
    );
}

/// The day omd dates answers with, as the test sees it now (the local date).
fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

#[test]
fn evidence_is_typed_item_by_item_after_the_note_and_saved_with_the_days_date() {
    let dir = engagement();
    let before = today();
    let mut pty = assess(dir.path(), &[]);
    see(&mut pty, "Role (optional)");
    keys(&mut pty, ENTER);
    choose(&mut pty, 1, 2);
    see(&mut pty, "Note (optional");
    keys(&mut pty, &format!("Rule in SOP v3{ENTER}"));
    see(&mut pty, EVIDENCE_PROMPT);
    keys(&mut pty, &format!("Routing SOP v3{ENTER}"));
    see(&mut pty, EVIDENCE_PROMPT);
    keys(&mut pty, &format!("Exception log, March{ENTER}"));
    see(&mut pty, EVIDENCE_PROMPT);
    keys(&mut pty, ENTER);
    // Question 2: an item, then Esc goes back to its answers, the item kept.
    choose(&mut pty, 2, 1);
    see(&mut pty, "Note (optional");
    keys(&mut pty, ENTER);
    see(&mut pty, EVIDENCE_PROMPT);
    keys(&mut pty, &format!("Process map v2{ENTER}"));
    see(&mut pty, EVIDENCE_PROMPT);
    keys(&mut pty, &format!("half typed{ESC}"));
    see(&mut pty, "question 2 of 5");
    see(&mut pty, ANSWER_PROMPT);
    see(&mut pty, "> 1 Partly");
    keys(&mut pty, "q");
    see(&mut pty, "Stopped at question 2 of 5. 2 answered");
    assert_eq!(exit_code(&pty), 0);
    let after = today();
    let saved = read_raw(&answers(dir.path()));
    let dated = |day: &str| {
        format!(
            "answers:\n  exception_routing:\n    level: 2\n    date: {day}\n    note: Rule in SOP v3\n    \
             evidence:\n      - Routing SOP v3\n      - Exception log, March\n  process_mapped:\n    \
             level: 1\n    date: {day}\n    evidence:\n      - Process map v2\n"
        )
    };
    assert!(
        saved.ends_with(&dated(&before)) || saved.ends_with(&dated(&after)),
        "dated {before} or {after}:\n{saved}"
    );
}

#[test]
fn evidence_on_file_is_shown_and_can_be_kept_or_replaced() {
    let dir = engagement();
    std::fs::create_dir_all(dir.path().join("responses/invoices")).unwrap();
    let annotated = "\
# Typed in from the workshop notes.
questionnaire: small
version: 1.0.0
respondent: Ann Lee
answers:
  exception_routing:
    level: 2
    date: 2026-01-15
    evidence: [SOP v3, ticket 4711]   # both seen on site
  process_mapped:
    level: 1
    date: 2026-01-15
    evidence: [old map]
";
    std::fs::write(answers(dir.path()), annotated).unwrap();
    let mut pty = assess(dir.path(), &["--review"]);
    // Question 1: the level and note kept, the evidence shown and kept: nothing changes.
    see(&mut pty, "question 1 of 5");
    see(&mut pty, "> 2 Defined");
    keys(&mut pty, ENTER);
    see(&mut pty, "Note (optional");
    keys(&mut pty, ENTER);
    see(&mut pty, "Evidence given:");
    see(&mut pty, "  - SOP v3");
    see(&mut pty, "  - ticket 4711");
    see(&mut pty, "Keep these 2 and go on");
    keys(&mut pty, ENTER);
    // Question 2: replaced by a new map.
    see(&mut pty, "question 2 of 5");
    see(&mut pty, "> 1 Partly");
    keys(&mut pty, ENTER);
    see(&mut pty, "Note (optional");
    keys(&mut pty, ENTER);
    see(&mut pty, "  - old map");
    see(&mut pty, "Replace it");
    keys(&mut pty, &format!("{DOWN}{DOWN}{ENTER}"));
    see(&mut pty, EVIDENCE_PROMPT);
    keys(&mut pty, &format!("Process map v4{ENTER}"));
    see(&mut pty, EVIDENCE_PROMPT);
    keys(&mut pty, ENTER);
    see(&mut pty, "question 3 of 5");
    see(&mut pty, ANSWER_PROMPT);
    keys(&mut pty, "q");
    assert_eq!(exit_code(&pty), 0);
    let saved = read_raw(&answers(dir.path()));
    let replaced = |day: &str| {
        annotated.replace(
            "    date: 2026-01-15\n    evidence: [old map]\n",
            &format!("    date: {day}\n    evidence:\n      - Process map v4\n"),
        )
    };
    assert!(
        saved == replaced(&today()) || saved == replaced(&yesterday()),
        "question 1 untouched, comments kept; question 2's evidence replaced and dated \
         today:\n{saved}"
    );
}

fn yesterday() -> String {
    jiff::Zoned::now().date().yesterday().unwrap().to_string()
}
