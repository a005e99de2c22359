//! `omd report` against a parse-only floor, on synthetic engagements of processes x respondents
//! (issue 11). For each size it generates an engagement folder answering the shipped
//! questionnaire, then times, each as a child process:
//!
//! - the floor: this binary again, reading every YAML file of the folder and parsing it into a
//!   generic `serde_yaml::Value`, nothing more;
//! - the release binary: `omd report DIR --format json --output /dev/null`.
//!
//! The times compared are taken in alternation: a round runs each command once, the first of a
//! round moving on each time, and each command's best over the rounds counts. A moment the
//! machine is busy so slows every command of a round, not only the one that happened to run
//! then; and both sides of a ratio get the same number of runs. The growth from 200 to 2000
//! processes and the planner stress case time both their sizes in the same rounds.
//!
//! It prints the ratio of the two, the peak memory of the report against the size of its input,
//! the growth from 200 to 2000 processes, the size of the HTML report at 200 and 1000 processes,
//! and the start-up of `omd questionnaire list` against `omd --version`.
//!
//! Run: `cargo build --release && cargo bench --bench report`; only some sizes:
//! `OMD_BENCH_SIZES=200x5,2000x5 cargo bench --bench report`. See docs/performance.md.
//!
//! Peak memory is read with `getrusage(RUSAGE_CHILDREN)`, which reports the largest child waited
//! for so far, never one child alone. So every measured run goes through an intermediate process
//! (this binary in its measuring mode) that starts the command, waits for it and reports the
//! elapsed time and its own `RUSAGE_CHILDREN`: that intermediate has had exactly one child.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsString;
use std::fmt::{self, Write as _};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use omd::questionnaire::{self, Questionnaire};

/// Set (to anything) in the intermediate process: run the arguments once and report on them.
const MEASURE_ENV: &str = "OMD_BENCH_MEASURE";
/// Set to a folder in the floor process: parse every YAML file in it and exit.
const FLOOR_ENV: &str = "OMD_BENCH_FLOOR";
/// The sizes to run, e.g. `200x5,2000x5`.
const SIZES_ENV: &str = "OMD_BENCH_SIZES";
/// Set to a folder: the engagements are generated there and kept (for a profiler), not timed.
const KEEP_ENV: &str = "OMD_BENCH_KEEP";
/// Set: run the planner stress case even when `OMD_BENCH_SIZES` picks sizes.
const STRESS_ENV: &str = "OMD_BENCH_STRESS";
/// The planner stress case's sizes: processes, one respondent each.
const STRESS_SIZES: [usize; 2] = [200, 400];
const DEFAULT_SIZES: &str = "10x5,200x5,1000x5,2000x5,200x1,200x20";
/// The shipped questionnaire the engagements answer.
const QUESTIONNAIRE: &str = "ai-operating-model";
/// The sizes whose HTML reports are compared.
const HTML_SMALL: Size = Size::new(200, 5);
const HTML_LARGE: Size = Size::new(1000, 5);
/// The sizes whose times are compared for linear growth.
const SCALE_SMALL: Size = Size::new(200, 5);
const SCALE_LARGE: Size = Size::new(2000, 5);
/// Answers files at or above this count are timed 5 times, below it 7 times.
const LARGE_FILES: usize = 5000;
/// Rounds of the linear-growth pass, each timing both sizes and their floors. On a shared
/// machine the other tenants' bursts land on some short runs and not others, while every long
/// run gets its share: more rounds give the short size's best a fairer chance to be its true one.
const SCALE_RUNS: usize = 9;
/// Rounds of the planner stress case, each timing both sizes and their floors (short runs, so
/// as many as it takes for each best to be steady).
const STRESS_RUNS: usize = 15;
const STARTUP_RUNS: usize = 20;
const MIB: f64 = 1024.0 * 1024.0;

fn main() -> ExitCode {
    // The measuring mode first: it passes the floor's variable on to its child.
    if std::env::var_os(MEASURE_ENV).is_some() {
        return measure_once();
    }
    if let Some(dir) = std::env::var_os(FLOOR_ENV) {
        floor(Path::new(&dir));
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("report bench: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let sizes = parse_sizes(&std::env::var(SIZES_ENV).unwrap_or_else(|_| DEFAULT_SIZES.into()))?;
    let omd = omd_binary()?;
    let q = questionnaire::load_builtin(QUESTIONNAIRE)
        .expect("the shipped questionnaire is built in")
        .map_err(|e| format!("the built-in questionnaire does not load: {e:?}"))?
        .questionnaire;
    if let Some(keep) = std::env::var_os(KEEP_ENV) {
        for size in sizes {
            let dir = Path::new(&keep).join(size.to_string());
            let input = generate(&dir, &q, size)?;
            println!(
                "{}: {:.2} MiB of answers",
                dir.display(),
                input as f64 / MIB
            );
        }
        if std::env::var_os(STRESS_ENV).is_some() {
            for processes in STRESS_SIZES {
                let dir = Path::new(&keep).join(format!("stress-{processes}"));
                let input = generate_stress(&dir, processes)?;
                println!(
                    "{}: {:.2} MiB of answers",
                    dir.display(),
                    input as f64 / MIB
                );
            }
        }
        return Ok(());
    }
    let root = tempfile::Builder::new()
        .prefix("omd-bench-report-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary folder: {e}"))?;

    println!(
        "omd report against the parse-only floor ({})",
        omd.display()
    );
    if cfg!(debug_assertions) {
        println!("warning: this benchmark was built without optimisations; run `cargo bench`");
    }
    println!(
        "{:<9} {:>10} {:>10} {:>11} {:>7} {:>11} {:>11} {:>8}",
        "size", "input", "floor", "report", "ratio", "floor peak", "peak", "peak/in"
    );
    let mut html = Vec::new();
    for size in sizes {
        let dir = root.path().join(size.to_string());
        let input = generate(&dir, &q, size)?;
        let row = bench_size(&omd, &dir, size, input)?;
        println!("{row}");
        if size == HTML_SMALL || size == HTML_LARGE {
            html.push(html_report(&omd, &dir, root.path(), size)?);
        }
        // The two sizes compared for linear growth are timed again together below.
        if size != SCALE_SMALL && size != SCALE_LARGE {
            fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
    }
    let scale_dir = |size: Size| Some(root.path().join(size.to_string())).filter(|d| d.is_dir());
    if let (Some(small), Some(large)) = (scale_dir(SCALE_SMALL), scale_dir(SCALE_LARGE)) {
        print_scaling(&omd, &small, &large)?;
    }
    print_html(&html);
    if std::env::var(SIZES_ENV).is_err() || std::env::var_os(STRESS_ENV).is_some() {
        print_stress(&omd, root.path())?;
    }
    print_startup(&omd)?;
    root.close()
        .map_err(|e| format!("cannot delete the temporary folder: {e}"))
}

/// The release binary cargo built for this benchmark.
fn omd_binary() -> Result<PathBuf, String> {
    let path = PathBuf::from(env!("CARGO_BIN_EXE_omd"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing; build it first: cargo build --release",
            path.display()
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// Sizes

/// An engagement's size: processes x respondents per process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Size {
    processes: usize,
    respondents: usize,
}

impl Size {
    const fn new(processes: usize, respondents: usize) -> Size {
        Size {
            processes,
            respondents,
        }
    }

    fn files(self) -> usize {
        self.processes * self.respondents
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.processes, self.respondents)
    }
}

fn parse_sizes(text: &str) -> Result<Vec<Size>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let parsed = s
                .split_once('x')
                .and_then(|(p, r)| Some(Size::new(p.parse().ok()?, r.parse().ok()?)));
            match parsed {
                Some(size) if size.processes > 0 && size.respondents > 0 => Ok(size),
                _ => Err(format!(
                    "{SIZES_ENV}: `{s}` is not PROCESSESxRESPONDENTS, e.g. 200x5"
                )),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The synthetic engagement

/// A small linear congruential generator (Knuth's MMIX constants): the same folder every run.
struct Lcg(u64);

impl Lcg {
    fn new(seed: u64) -> Lcg {
        Lcg(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        // The high bits are the random ones.
        ((self.0 >> 33) % n as u64) as usize
    }
}

const LEVEL3: [&str; 3] = ["low", "medium", "high"];
const ROLES: [&str; 6] = [
    "Process owner",
    "Team lead",
    "Analyst",
    "Data owner",
    "Risk lead",
    "IT lead",
];
const WORDS: [&str; 16] = [
    "the",
    "team",
    "checks",
    "every",
    "invoice",
    "by",
    "hand",
    "and",
    "exceptions",
    "go",
    "to",
    "a",
    "shared",
    "mailbox",
    "weekly",
    "review",
];

/// Writes the engagement folder for `size` into `dir`; returns the bytes of YAML written.
fn generate(dir: &Path, q: &Questionnaire, size: Size) -> Result<u64, String> {
    let mut rng = Lcg::new((size.processes * 1000 + size.respondents) as u64);
    let levels: Vec<(&str, usize)> = q
        .questions
        .iter()
        .map(|question| {
            let scale = q.scales.iter().find(|s| s.id == question.scale);
            let count = scale.map_or(question.levels.len(), |s| s.levels.len());
            (question.id.as_str(), count)
        })
        .collect();
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = write(
        &dir.join("engagement.yaml"),
        &engagement_yaml(size, &mut rng),
    )?;
    for p in 0..size.processes {
        let process_dir = dir.join("responses").join(process_id(p));
        fs::create_dir_all(&process_dir).map_err(|e| format!("{}: {e}", process_dir.display()))?;
        // Each process leans towards a level, so verdicts vary from process to process.
        let lean = rng.below(5);
        for r in 0..size.respondents {
            let text = answers_yaml(q, &levels, r, lean, &mut rng);
            written += write(&process_dir.join(format!("respondent-{r:02}.yaml")), &text)?;
        }
    }
    Ok(written)
}

fn write(path: &Path, text: &str) -> Result<u64, String> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text.len() as u64)
}

fn process_id(p: usize) -> String {
    format!("process-{p:04}")
}

fn engagement_yaml(size: Size, rng: &mut Lcg) -> String {
    let mut y = format!(
        "name: Synthetic engagement {size}\nclient: Bench Ltd\nquestionnaire: {QUESTIONNAIRE}\n\
         start: 2026-06-01\nprocesses:\n"
    );
    for p in 0..size.processes {
        writeln!(
            y,
            "  - id: {}\n    name: Process {p}\n    owner: Owner {p}, Head of Team {p}\n    \
             description: Synthetic process {p}, generated for the report benchmark.\n    \
             profile:",
            process_id(p)
        )
        .unwrap();
        for field in [
            "volume",
            "definition",
            "data_richness",
            "willingness",
            "risk_tier",
        ] {
            writeln!(y, "      {field}: {}", LEVEL3[rng.below(3)]).unwrap();
        }
    }
    y
}

/// One respondent's answers: every question, a valid level for its scale, a note on about one
/// answer in ten.
fn answers_yaml(
    q: &Questionnaire,
    levels: &[(&str, usize)],
    respondent: usize,
    lean: usize,
    rng: &mut Lcg,
) -> String {
    let mut y = format!(
        "questionnaire: {}\nversion: \"{}\"\nrespondent: Respondent {respondent}\nrole: {}\n\
         answers:\n",
        q.id,
        q.version,
        ROLES[respondent % ROLES.len()]
    );
    for &(id, count) in levels {
        let level = if rng.below(2) == 0 {
            lean.min(count - 1)
        } else {
            rng.below(count)
        };
        writeln!(y, "  {id}:\n    level: {level}").unwrap();
        if rng.below(10) == 0 {
            writeln!(y, "    note: {}", note(rng)).unwrap();
        }
    }
    y
}

/// A sentence of about 100 characters, plain YAML (letters and spaces).
fn note(rng: &mut Lcg) -> String {
    let mut text = String::from("Today");
    while text.len() < 98 {
        text.push(' ');
        text.push_str(WORDS[rng.below(WORDS.len())]);
    }
    text.push('.');
    text
}

// ---------------------------------------------------------------------------------------------
// The floor, and the measuring mode

/// Reads every YAML file under `dir` and parses it into a generic value: the least any tool
/// reading this folder must do.
fn floor(dir: &Path) {
    let mut files = Vec::new();
    yaml_files(dir, &mut files);
    for path in files {
        let text = fs::read_to_string(&path).expect("the generated file reads");
        let value: serde_yaml::Value = serde_yaml::from_str(&text).expect("the file parses");
        std::hint::black_box(value);
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("the generated folder reads") {
        let path = entry.expect("the folder lists").path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

/// The intermediate process: runs its arguments once, with standard output discarded, and
/// prints `NANOSECONDS PEAK_KIB` (`-` when the peak is unknown). Fails when its child fails.
fn measure_once() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let program = args.next().expect("the command to measure");
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .env_remove(MEASURE_ENV)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("the command starts");
    let elapsed = started.elapsed();
    if !status.success() {
        eprintln!("failed: {status}");
        return ExitCode::FAILURE;
    }
    let peak = children_peak_kib().map_or("-".to_string(), |kib| kib.to_string());
    println!("{} {peak}", elapsed.as_nanos());
    ExitCode::SUCCESS
}

/// The peak resident set of the largest child waited for, in KiB.
#[cfg(unix)]
fn children_peak_kib() -> Option<u64> {
    use nix::sys::resource::{getrusage, UsageWho};
    let max_rss = u64::try_from(getrusage(UsageWho::RUSAGE_CHILDREN).ok()?.max_rss()).ok()?;
    // Bytes on Apple systems, KiB elsewhere.
    Some(if cfg!(target_vendor = "apple") {
        max_rss / 1024
    } else {
        max_rss
    })
}

#[cfg(not(unix))]
fn children_peak_kib() -> Option<u64> {
    None
}

/// What runs of one command measured: the fastest time, the largest peak.
#[derive(Debug, Clone, Copy)]
struct Measured {
    time: Duration,
    peak_kib: Option<u64>,
}

impl Measured {
    const NONE: Measured = Measured {
        time: Duration::MAX,
        peak_kib: None,
    };

    fn add(&mut self, run: Measured) {
        self.time = self.time.min(run.time);
        if let Some(kib) = run.peak_kib {
            self.peak_kib = Some(self.peak_kib.map_or(kib, |p| p.max(kib)));
        }
    }
}

/// A command to time: its arguments, and for the floor the folder it parses.
struct Timed<'a> {
    args: Vec<OsString>,
    floor_dir: Option<&'a Path>,
}

impl<'a> Timed<'a> {
    fn floor(dir: &'a Path) -> Result<Timed<'a>, String> {
        let me = std::env::current_exe().map_err(|e| format!("cannot find this benchmark: {e}"))?;
        Ok(Timed {
            args: vec![me.into_os_string()],
            floor_dir: Some(dir),
        })
    }

    /// `omd report DIR --format json --output /dev/null`.
    fn report(omd: &Path, dir: &Path) -> Timed<'a> {
        Timed {
            args: omd_args(
                omd,
                &[
                    &"report",
                    &dir,
                    &"--format",
                    &"json",
                    &"--output",
                    &"/dev/null",
                ],
            ),
            floor_dir: None,
        }
    }

    fn command(args: Vec<OsString>) -> Timed<'a> {
        Timed {
            args,
            floor_dir: None,
        }
    }
}

/// Runs `args` through the intermediate process `runs` times.
fn measure(args: &[OsString], runs: usize) -> Result<Measured, String> {
    let [measured] = interleaved(&[Timed::command(args.to_vec())], runs)?
        .try_into()
        .expect("one command, one result");
    Ok(measured)
}

/// Runs the commands in `runs` rounds, each command once a round, the first of a round moving
/// on by one each time; the best of each. The commands whose times are compared are so timed
/// side by side, each under whatever else the machine is doing in that round, and each as often:
/// the best of more runs would come out lower on its own.
fn interleaved(commands: &[Timed], runs: usize) -> Result<Vec<Measured>, String> {
    let mut best = vec![Measured::NONE; commands.len()];
    for round in 0..runs {
        for i in 0..commands.len() {
            let n = (round + i) % commands.len();
            best[n].add(measure_once_via(&commands[n])?);
        }
    }
    Ok(best)
}

/// One run of `command` through the intermediate process.
fn measure_once_via(timed: &Timed) -> Result<Measured, String> {
    let me = std::env::current_exe().map_err(|e| format!("cannot find this benchmark: {e}"))?;
    let mut command = Command::new(&me);
    command.args(&timed.args).env(MEASURE_ENV, "1");
    match timed.floor_dir {
        Some(dir) => command.env(FLOOR_ENV, dir),
        None => command.env_remove(FLOOR_ENV),
    };
    let out = command
        .output()
        .map_err(|e| format!("cannot start the measuring process: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{} {}",
            describe(&timed.args),
            String::from_utf8_lossy(&out.stderr).trim_end()
        ));
    }
    let line = String::from_utf8_lossy(&out.stdout);
    let mut fields = line.split_whitespace();
    let nanos: u64 = fields
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("the measuring process said `{}`", line.trim()))?;
    Ok(Measured {
        time: Duration::from_nanos(nanos),
        peak_kib: fields.next().and_then(|k| k.parse::<u64>().ok()),
    })
}

fn describe(args: &[OsString]) -> String {
    args.iter()
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ")
}

fn omd_args(omd: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<OsString> {
    std::iter::once(omd.as_os_str().to_owned())
        .chain(args.iter().map(|a| a.as_ref().to_owned()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The measurements

/// One line of the table.
struct Row {
    size: Size,
    input_bytes: u64,
    floor: Measured,
    report: Measured,
}

/// The floor and the report of one folder, timed in alternation.
fn bench_size(omd: &Path, dir: &Path, size: Size, input_bytes: u64) -> Result<Row, String> {
    let runs = if size.files() >= LARGE_FILES { 5 } else { 7 };
    let [floor, report] = interleaved(&[Timed::floor(dir)?, Timed::report(omd, dir)], runs)?
        .try_into()
        .expect("two commands, two results");
    Ok(Row {
        size,
        input_bytes,
        floor,
        report,
    })
}

// ---------------------------------------------------------------------------------------------
// The planner stress case

#[path = "common/stress.rs"]
mod stress;

/// An engagement of `processes` processes, one respondent each, on the planner's stress
/// questionnaire (200 actions in long chains), kept in the folder as `stress.yaml`.
fn generate_stress(dir: &Path, processes: usize) -> Result<u64, String> {
    let responses = dir.join("responses");
    fs::create_dir_all(&responses).map_err(|e| format!("{}: {e}", responses.display()))?;
    let mut written = write(&dir.join("stress.yaml"), &stress::questionnaire_yaml(false))?;
    let mut engagement = String::from(
        "name: Planner stress case\nclient: Bench Ltd\nquestionnaire: stress.yaml\nprocesses:\n",
    );
    for p in 0..processes {
        writeln!(
            engagement,
            "  - id: {}\n    name: Process {p}\n    profile: {{volume: {}, definition: {}, data_richness: {}, willingness: {}, risk_tier: {}}}",
            process_id(p),
            LEVEL3[p % 3],
            LEVEL3[p / 3 % 3],
            LEVEL3[p / 9 % 3],
            LEVEL3[p / 27 % 3],
            LEVEL3[p / 2 % 3]
        )
        .unwrap();
        // The planner bench's answers: about 60% below target.
        let mut answers = String::from(
            "questionnaire: bench\nversion: \"1\"\nrespondent: Respondent\nanswers:\n",
        );
        for q in 0..stress::QUESTIONS {
            writeln!(answers, "  q{q}:\n    level: {}", (p * 7 + q * 3) % 5).unwrap();
        }
        let folder = responses.join(process_id(p));
        fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        written += write(&folder.join("respondent.yaml"), &answers)?;
    }
    written += write(&dir.join("engagement.yaml"), &engagement)?;
    Ok(written)
}

/// The planner stress case end to end: report time against the floor of the same folder, and
/// how the time grows from 200 to 400 processes; both sizes timed in the same rounds.
fn print_stress(omd: &Path, root: &Path) -> Result<(), String> {
    println!("\nplanner stress case (200 actions in long chains, 1 respondent per process):");
    let [small, large] = STRESS_SIZES.map(|processes| root.join(format!("stress-{processes}")));
    let inputs = [
        generate_stress(&small, STRESS_SIZES[0])?,
        generate_stress(&large, STRESS_SIZES[1])?,
    ];
    let [small_floor, small_report, large_floor, large_report] = interleaved(
        &[
            Timed::floor(&small)?,
            Timed::report(omd, &small),
            Timed::floor(&large)?,
            Timed::report(omd, &large),
        ],
        STRESS_RUNS,
    )?
    .try_into()
    .expect("four commands, four results");
    for (processes, input_bytes, floor, report) in [
        (STRESS_SIZES[0], inputs[0], small_floor, small_report),
        (STRESS_SIZES[1], inputs[1], large_floor, large_report),
    ] {
        let size = Size::new(processes, 1);
        println!(
            "{}",
            Row {
                size,
                input_bytes,
                floor,
                report
            }
        );
    }
    println!(
        "{} / {} processes report time: {:.2}x",
        STRESS_SIZES[1],
        STRESS_SIZES[0],
        ms(large_report.time) / ms(small_report.time)
    );
    for dir in [small, large] {
        fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("-".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

impl fmt::Display for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input_mib = self.input_bytes as f64 / MIB;
        let peak_ratio = self.report.peak_kib.map_or("-".into(), |k| {
            format!("{:.1}", k as f64 * 1024.0 / self.input_bytes as f64)
        });
        write!(
            f,
            "{:<9} {:>6.2} MiB {:>7.1} ms {:>8.1} ms {:>6.2}x {:>11} {:>11} {:>7}x",
            self.size.to_string(),
            input_mib,
            ms(self.floor.time),
            ms(self.report.time),
            self.report.time.as_secs_f64() / self.floor.time.as_secs_f64(),
            mib(self.floor.peak_kib),
            mib(self.report.peak_kib),
            peak_ratio
        )
    }
}

/// The report's time at the large size over the small, beside the floor's: the floor does no
/// more work per file at either size, so its ratio shows what the machine itself does as the
/// data outgrows its caches. The two sizes are timed again for this, in the same rounds.
fn print_scaling(omd: &Path, small: &Path, large: &Path) -> Result<(), String> {
    let [small_floor, small_report, large_floor, large_report] = interleaved(
        &[
            Timed::floor(small)?,
            Timed::report(omd, small),
            Timed::floor(large)?,
            Timed::report(omd, large),
        ],
        SCALE_RUNS,
    )?
    .try_into()
    .expect("four commands, four results");
    let ratio =
        |large: Measured, small: Measured| large.time.as_secs_f64() / small.time.as_secs_f64();
    println!(
        "\n{SCALE_LARGE} / {SCALE_SMALL} report time: {:.2}x (10x the processes; the floor's: {:.2}x; best of {SCALE_RUNS} rounds timing both sizes)",
        ratio(large_report, small_report),
        ratio(large_floor, small_floor)
    );
    Ok(())
}

/// One HTML report: its size and what it took.
struct Html {
    size: Size,
    bytes: u64,
    run: Measured,
}

/// `omd report DIR --format html` to a file beside the engagement folder, once.
fn html_report(omd: &Path, dir: &Path, root: &Path, size: Size) -> Result<Html, String> {
    let file = root.join(format!("report-{size}.html"));
    let run = measure(
        &omd_args(
            omd,
            &[&"report", &dir, &"--format", &"html", &"--output", &file],
        ),
        1,
    )?;
    let bytes = fs::metadata(&file)
        .map_err(|e| format!("{}: {e}", file.display()))?
        .len();
    fs::remove_file(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(Html { size, bytes, run })
}

fn print_html(html: &[Html]) {
    if html.is_empty() {
        return;
    }
    println!("\nHTML report (one run each):");
    for h in html {
        println!(
            "{:<9} {:>8.1} MiB {:>9.1} ms  peak {}",
            h.size.to_string(),
            h.bytes as f64 / MIB,
            ms(h.run.time),
            mib(h.run.peak_kib)
        );
    }
    let bytes = |size| html.iter().find(|h| h.size == size).map(|h| h.bytes);
    if let (Some(small), Some(large)) = (bytes(HTML_SMALL), bytes(HTML_LARGE)) {
        println!(
            "{HTML_LARGE} / {HTML_SMALL} HTML size: {:.1}x (5x the processes)",
            large as f64 / small as f64
        );
    }
}

fn print_startup(omd: &Path) -> Result<(), String> {
    let [version, list] = interleaved(
        &[
            Timed::command(omd_args(omd, &[&"--version"])),
            Timed::command(omd_args(omd, &[&"questionnaire", &"list"])),
        ],
        STARTUP_RUNS,
    )?
    .try_into()
    .expect("two commands, two results");
    println!("\nstart-up (best of {STARTUP_RUNS}):");
    println!(
        "omd --version            {:>6.2} ms  peak {}",
        ms(version.time),
        mib(version.peak_kib)
    );
    println!(
        "omd questionnaire list   {:>6.2} ms  peak {}  ({:.2}x --version)",
        ms(list.time),
        mib(list.peak_kib),
        list.time.as_secs_f64() / version.time.as_secs_f64()
    );
    Ok(())
}
