//! The JSON report: the view-model as it is, pretty-printed, with a final newline; and reading
//! one back, for `omd diff`.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

use std::sync::mpsc::{Receiver, Sender};

use serde::ser::{SerializeSeq, SerializeStruct, Serializer};

use super::model::{AnswerViews, Planned, ProcessView, SCHEMA_VERSION};
use super::pretty_json::{Elements, Renderer, Writer as PrettyWriter};
use super::{Render, Report};
use crate::plan::{Plan, Wave};

/// A saved JSON report larger than this is refused rather than read into memory.
pub const MAX_REPORT_BYTES: u64 = 64 * 1024 * 1024;

pub struct Json;

impl Render for Json {
    fn render(&self, report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
        write_pretty(report, out)
    }

    /// The plan JSON (`omd plan --format json`): the report's identification, summary, roadmap,
    /// checklists and plan.
    fn render_plan(&self, report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
        let mut writer = PrettyWriter::new(&mut *out);
        let mut fields = (&mut writer).serialize_struct("PlanJson", 0)?;
        fields.serialize_field("schema_version", &report.schema_version)?;
        fields.serialize_field("engagement", &report.engagement)?;
        fields.serialize_field("questionnaire", &report.questionnaire)?;
        if let Some(date) = &report.date {
            fields.serialize_field("date", date)?;
        }
        fields.serialize_field("summary", &report.summary)?;
        fields.serialize_field("roadmap", &report.roadmap)?;
        fields.serialize_field("checklists", &report.checklists)?;
        fields.field_with("plan", |writer| write_plan(writer, &report.plan))?;
        SerializeStruct::end(fields)?;
        writer.finish(b"\n")?;
        Ok(out.flush()?)
    }
}

/// The report JSON of a report built [before its plan](Report::lean_before_plan), each process's
/// answers added from `views` as it is written, holding one process's answers at a time: the
/// same bytes as [`Json`] writes for the report built whole. Writes everything the plan does not
/// decide, up to and including the processes, then takes what it decides from `planned` (which
/// may wait for a plan made meanwhile on another thread), writes that, and returns it for
/// [`Report::complete`].
pub fn write_streamed_while(
    report: &Report,
    views: &AnswerViews,
    out: &mut dyn Write,
    planned: impl FnOnce() -> anyhow::Result<Planned>,
) -> anyhow::Result<Planned> {
    // Every field, named: a field added to the report and not here does not compile. Each is
    // written, or left out, as the report's own serialisation does; what the plan decides is
    // written from `planned`, the report holding placeholders for it.
    let Report {
        schema_version,
        engagement,
        questionnaire,
        date,
        anonymised,
        thresholds,
        dimensions,
        target_profile,
        processes,
        summary: _,
        archetype,
        roadmap: _,
        checklists: _,
        plan: _,
        lookups: _,
    } = report;
    let mut writer = PrettyWriter::new(&mut *out);
    let mut fields = (&mut writer).serialize_struct("Report", 0)?;
    fields.serialize_field("schema_version", schema_version)?;
    fields.serialize_field("engagement", engagement)?;
    fields.serialize_field("questionnaire", questionnaire)?;
    if let Some(date) = date {
        fields.serialize_field("date", date)?;
    }
    if *anonymised {
        fields.serialize_field("anonymised", anonymised)?;
    }
    fields.serialize_field("thresholds", thresholds)?;
    fields.serialize_field("dimensions", dimensions)?;
    if !target_profile.is_empty() {
        fields.serialize_field("target_profile", target_profile)?;
    }
    fields.serialize_field("processes", &Filled { processes, views })?;
    let planned = planned()?;
    fields.serialize_field("summary", &planned.summary)?;
    fields.serialize_field("archetype", archetype)?;
    fields.serialize_field("roadmap", &planned.roadmap)?;
    fields.serialize_field("checklists", &planned.checklists)?;
    fields.field_with("plan", |writer| write_plan(writer, &planned.plan))?;
    SerializeStruct::end(fields)?;
    writer.finish(b"\n")?;
    out.flush()?;
    Ok(planned)
}

/// How many steps one thread writes at a time, the other writing the next as many meanwhile.
const STEPS_PER_TURN: usize = 64;
/// How many turns the second thread may have written before this one takes them (one more may
/// wait, written, for room).
const TURNS_AHEAD: usize = 4;

/// The plan: the same bytes as its own serialisation, but a large plan's steps, which are most
/// of a report, are written by two threads in turns ([`write_waves`]).
fn write_plan<W: Write>(
    writer: &mut PrettyWriter<W>,
    plan: &Plan,
) -> Result<(), serde_json::Error> {
    // Every field, named, and written or left out as `Plan`'s serialisation does.
    let Plan {
        first_process,
        horizon_weeks,
        start,
        tractability,
        waves,
        go_live,
        owner_load,
    } = plan;
    let mut fields = writer.serialize_struct("Plan", 0)?;
    fields.serialize_field("first_process", first_process)?;
    fields.serialize_field("horizon_weeks", horizon_weeks)?;
    if let Some(start) = start {
        fields.serialize_field("start", start)?;
    }
    fields.serialize_field("tractability", tractability)?;
    let two_threads = plan.step_count() >= crate::threads::STEPS_FOR_TWO_THREADS
        && crate::threads::available() >= 2;
    fields.field_with("waves", |writer| write_waves(writer, waves, two_threads))?;
    fields.serialize_field("go_live", go_live)?;
    fields.serialize_field("owner_load", owner_load)?;
    SerializeStruct::end(fields)
}

/// The waves, their steps taken `STEPS_PER_TURN` at a time: with `two_threads` (a plan of
/// [`crate::threads::STEPS_FOR_TWO_THREADS`] steps or more, when omd may use two), this one
/// writes every other turn straight to the output while a second writes the turns between into
/// buffers of their own, a few ahead at most, which this one then adds in their place.
fn write_waves<W: Write>(
    writer: &mut PrettyWriter<W>,
    waves: &[Wave],
    two_threads: bool,
) -> Result<(), serde_json::Error> {
    let turns: Vec<(usize, std::ops::Range<usize>)> = waves
        .iter()
        .enumerate()
        .flat_map(|(w, wave)| {
            let count = wave.steps.len();
            (0..count)
                .step_by(STEPS_PER_TURN)
                .map(move |from| (w, from..(from + STEPS_PER_TURN).min(count)))
        })
        .collect();
    if !two_threads {
        return write_waves_in_turns(writer, waves, &turns, None, None);
    }
    std::thread::scope(|scope| {
        // The second thread learns how the steps are indented once the first list is open.
        let (give_renderer, renderer) = std::sync::mpsc::channel::<Renderer>();
        let (send, written) = std::sync::mpsc::sync_channel(TURNS_AHEAD);
        let turns = &turns;
        scope.spawn(move || {
            let Ok(renderer) = renderer.recv() else {
                return;
            };
            for (w, range) in turns.iter().skip(1).step_by(2) {
                let elements = renderer.render(&waves[*w].steps[range.clone()], range.start == 0);
                // Gone when this thread's turns are no longer wanted (writing failed).
                if send.send(elements).is_err() {
                    return;
                }
            }
        });
        write_waves_in_turns(writer, waves, turns, Some(give_renderer), Some(written))
    })
}

/// A turn of steps the second thread wrote.
type Turn = Result<Elements, serde_json::Error>;

/// The waves, each list of steps written turn by turn: every other turn taken from `written`
/// when a second thread writes them, once `give_renderer` has told it how they are indented.
fn write_waves_in_turns<W: Write>(
    writer: &mut PrettyWriter<W>,
    waves: &[Wave],
    turns: &[(usize, std::ops::Range<usize>)],
    mut give_renderer: Option<Sender<Renderer>>,
    written: Option<Receiver<Turn>>,
) -> Result<(), serde_json::Error> {
    let mut turn = 0;
    let mut list = writer.serialize_seq(Some(waves.len()))?;
    for (w, wave) in waves.iter().enumerate() {
        // Every field, named, and written or left out as `Wave`'s serialisation does.
        let Wave {
            index,
            title,
            start_week,
            end_week,
            start_date,
            end_date,
            steps,
        } = wave;
        list.element_with(|writer| {
            let mut fields = writer.serialize_struct("Wave", 0)?;
            fields.serialize_field("index", index)?;
            fields.serialize_field("title", title)?;
            fields.serialize_field("start_week", start_week)?;
            fields.serialize_field("end_week", end_week)?;
            if let Some(start_date) = start_date {
                fields.serialize_field("start_date", start_date)?;
            }
            if let Some(end_date) = end_date {
                fields.serialize_field("end_date", end_date)?;
            }
            fields.field_with("steps", |writer| {
                let mut step_list = writer.serialize_seq(Some(steps.len()))?;
                if let Some(give) = give_renderer.take() {
                    // The second thread waits for this, or is gone because it failed.
                    let _ = give.send(step_list.renderer());
                }
                while let Some((_, range)) = turns.get(turn).filter(|(of, _)| *of == w) {
                    match &written {
                        Some(written) if turn % 2 == 1 => {
                            let elements = written.recv().map_err(|_| {
                                serde::ser::Error::custom(
                                    "the thread writing every other turn of steps stopped",
                                )
                            })??;
                            step_list.rendered(&elements)?;
                        }
                        _ => {
                            for step in &steps[range.clone()] {
                                step_list.serialize_element(step)?;
                            }
                        }
                    }
                    turn += 1;
                }
                SerializeSeq::end(step_list)
            })?;
            SerializeStruct::end(fields)
        })?;
    }
    SerializeSeq::end(list)
}

/// The processes, each with its answers added as it is written.
struct Filled<'a> {
    processes: &'a [ProcessView],
    views: &'a AnswerViews<'a, 'a>,
}

impl Serialize for Filled<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.processes.len()))?;
        for (index, process) in self.processes.iter().enumerate() {
            let mut process = process.clone();
            self.views.fill(index, &mut process);
            seq.serialize_element(&process)?;
        }
        seq.end()
    }
}

/// Writes `value` pretty-printed, with a final newline, as serde_json would
/// ([`super::pretty_json`]), which gathers its small writes in a buffer of its own.
fn write_pretty<T: Serialize>(value: &T, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut writer = PrettyWriter::new(&mut *out);
    value.serialize(&mut writer)?;
    writer.finish(b"\n")?;
    Ok(out.flush()?)
}

/// Only the version, read first so a report from another version of omd gets a message about
/// the version rather than about whichever field changed.
#[derive(Deserialize)]
struct Versioned {
    #[serde(default)]
    schema_version: Option<serde_json::Value>,
}

/// Reads a report saved with `omd report --format json`.
pub fn read(path: &Path) -> anyhow::Result<Report> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > MAX_REPORT_BYTES {
        bail!(
            "{}: {size} bytes is larger than the {MAX_REPORT_BYTES} bytes a JSON report may be",
            path.display()
        );
    }
    // The cap bounds what is read, not only what the file claims to hold.
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_REPORT_BYTES + 1).read_to_string(&mut text))
        .with_context(|| format!("cannot read {}", path.display()))?;
    if text.len() as u64 > MAX_REPORT_BYTES {
        bail!(
            "{}: larger than the {MAX_REPORT_BYTES} bytes a JSON report may be",
            path.display()
        );
    }
    // A report that went through a Windows editor may start with a byte-order mark.
    parse(text.strip_prefix('\u{feff}').unwrap_or(&text))
        .with_context(|| path.display().to_string())
}

/// Parses a JSON report; errors name the line and column where serde_json knows them.
pub fn parse(text: &str) -> anyhow::Result<Report> {
    let versioned: Versioned = serde_json::from_str(text)
        .map_err(|e| anyhow::anyhow!("not a JSON report from `omd report --format json`: {e}"))?;
    match versioned.schema_version {
        None => bail!(
            "not an omd JSON report: it has no `schema_version` (save one with \
             `omd report DIR --format json --output FILE`)"
        ),
        Some(v) if v.as_u64() == Some(u64::from(SCHEMA_VERSION)) => {}
        Some(v) if v.as_u64() == Some(1) => {
            let mut value: serde_json::Value = serde_json::from_str(text)
                .map_err(|e| anyhow::anyhow!("not a valid omd JSON report: {e}"))?;
            upgrade_from_1(&mut value);
            return serde_json::from_value(value).map_err(|e| {
                anyhow::anyhow!("not a valid omd JSON report (schema_version 1): {e}")
            });
        }
        Some(v) => bail!(
            "JSON report has schema_version {v}; this omd reads schema_version {SCHEMA_VERSION} \
             (make the report again with this omd, from its engagement folder)"
        ),
    }
    serde_json::from_str(text).map_err(|e| anyhow::anyhow!("not a valid omd JSON report: {e}"))
}

/// A report saved by an omd of schema_version 1 in the shape of this one, so `omd diff` can
/// compare against a baseline saved before: seams became disagreements, which keep the question,
/// its dimension, the spread and each respondent's level.
fn upgrade_from_1(report: &mut serde_json::Value) {
    use serde_json::{json, Map, Value};
    if let Some(thresholds) = report.get_mut("thresholds").and_then(Value::as_object_mut) {
        if let Some(spread) = thresholds.remove("seam_spread") {
            thresholds.insert("disagreement_spread".into(), spread);
        }
    }
    let processes = report
        .get_mut("processes")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten();
    for process in processes.filter_map(Value::as_object_mut) {
        let seams = process.remove("seams").unwrap_or(Value::Array(Vec::new()));
        let disagreements: Vec<Value> = seams
            .as_array()
            .into_iter()
            .flatten()
            .map(|seam| {
                let levels: Map<String, Value> = seam["answers"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|a| a["level"].is_u64())
                    .filter_map(|a| {
                        Some((a["respondent"].as_str()?.to_string(), a["level"].clone()))
                    })
                    .collect();
                json!({
                    "question": seam["question"],
                    "dimension": seam["dimension"],
                    "spread": seam["spread"],
                    "levels": levels,
                })
            })
            .collect();
        process.insert("disagreements".into(), Value::Array(disagreements));
    }
    report["schema_version"] = json!(SCHEMA_VERSION);
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::report::{AnswerViews, Report};
    use crate::{assessment, calendar, plan, scoring};

    /// For the engagement in `dir` (dated `date`, which judges freshness; its plan starting on
    /// `start`, which dates every week): the JSON `omd report` writes one process at a time, the
    /// report built whole as serde writes it, the plan JSON omd writes, and the plan JSON as
    /// serde writes it.
    fn written_and_whole(
        dir: &str,
        date: Option<&str>,
        start: Option<&str>,
    ) -> [(String, String); 2] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let engagement = assessment::engagement::load(&dir).expect("the engagement loads");
        let mut scorecard = scoring::score(&engagement, scoring::DEFAULT_MIN_COVERAGE);
        if let Some(day) = date {
            let window = scoring::freshness::Window {
                as_of: calendar::parse_fixed(day, "date").unwrap(),
                months: scoring::freshness::months(&engagement),
            };
            scoring::freshness::judge(&mut scorecard, window);
        }
        let settings = plan::Settings {
            start: start
                .map(|day| calendar::Weeks::starting(calendar::parse(day, "start").unwrap())),
            ..plan::Settings::default()
        };
        let planned = || {
            let q = &engagement.questionnaire;
            plan::build(q, &scorecard, &engagement.file.processes, &settings).unwrap()
        };
        let date = date.map(str::to_string);
        let min = settings.min_coverage;
        let whole = Report::build(&engagement, &scorecard, planned(), date.clone(), min);
        let views = AnswerViews::new(&engagement, &scorecard);
        let lean = Report::lean_before_plan(&views, date, min);
        // The lean report holds no question views, disagreements or seams: each process's are
        // made as it is written.
        assert!(lean
            .processes
            .iter()
            .all(|p| p.questions.is_empty() && p.disagreements.is_empty() && p.seams.is_none()));
        let parts = lean.planned(&views, planned());
        let mut streamed = Vec::new();
        super::write_streamed_while(&lean, &views, &mut streamed, || Ok(parts)).unwrap();
        let mut written = Vec::new();
        super::Render::render(&super::Json, &whole, &mut written).unwrap();
        let mut plan_ours = Vec::new();
        super::Render::render_plan(&super::Json, &whole, &mut plan_ours).unwrap();
        let plan_serde = serde_json::to_string_pretty(&PlanJson {
            schema_version: whole.schema_version,
            engagement: &whole.engagement,
            questionnaire: &whole.questionnaire,
            date: whole.date.as_deref(),
            summary: &whole.summary,
            roadmap: &whole.roadmap,
            checklists: &whole.checklists,
            plan: &whole.plan,
        })
        .unwrap()
            + "\n";
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
        [
            (text(streamed), text(written)),
            (text(plan_ours), plan_serde),
        ]
    }

    /// The plan JSON's fields, in its order, as serde derives them: what `render_plan` writes
    /// field by field.
    #[derive(serde::Serialize)]
    struct PlanJson<'a> {
        schema_version: u32,
        engagement: &'a crate::report::model::EngagementView,
        questionnaire: &'a crate::report::model::QuestionnaireView,
        #[serde(skip_serializing_if = "Option::is_none")]
        date: Option<&'a str>,
        summary: &'a crate::report::summary::Summary,
        roadmap: &'a crate::report::roadmap::Roadmap,
        checklists: &'a [crate::report::checklist::Checklist],
        plan: &'a crate::plan::Plan,
    }

    #[test]
    fn the_pretty_layout_is_serde_jsons_to_the_byte() {
        let deep = (0..80).fold(
            serde_json::json!({"leaf": [1, {}, []]}),
            |inner, i| serde_json::json!({ "level": i, "empty": {}, "list": [inner, "x", []] }),
        );
        let report = serde_json::to_value(crate::report::testing::example_report()).unwrap();
        for value in [
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!({"a": [], "b": {}, "c": [[], [{}]], "d": "\"quoted\"\n"}),
            deep,
            report,
        ] {
            let mut ours = Vec::new();
            super::write_pretty(&value, &mut ours).unwrap();
            let theirs = serde_json::to_string_pretty(&value).unwrap() + "\n";
            assert!(String::from_utf8(ours).unwrap() == theirs);
        }
    }

    #[test]
    fn a_report_written_process_by_process_is_the_report_built_whole() {
        for (dir, date, start) in [
            ("examples/meridian-freight", None, Some("2026-06-01")),
            (
                "examples/meridian-freight",
                Some("2026-12-01"),
                Some("2026-06-01"),
            ),
            // No start: no week carries dates.
            ("examples/meridian-freight", None, None),
            ("tests/fixtures/seams-engagement", None, Some("2026-06-01")),
            ("tests/fixtures/anonymise", None, None),
            // A target profile, and a date, each written only when there is one.
            (
                "examples/northwind-data",
                Some("2026-12-01"),
                Some("2026-06-01"),
            ),
            ("tests/fixtures/practices-targets", None, None),
        ] {
            let [(streamed, whole), (plan_ours, plan_serde)] = written_and_whole(dir, date, start);
            assert!(
                whole.contains("\"respondent_name\""),
                "{dir}: answers are written"
            );
            assert_eq!(whole.contains("\"start_date\""), start.is_some(), "{dir}");
            assert!(
                streamed == whole,
                "{dir} {date:?} {start:?}: the two differ"
            );
            assert!(
                plan_ours == plan_serde,
                "{dir} {date:?} {start:?}: the plan JSONs differ"
            );
        }
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        let not_json = parse("{\n  \"a\": tru\n}").unwrap_err().to_string();
        assert!(not_json.contains("at line 3 column"), "{not_json}");
        let no_version = parse("{\"processes\": []}").unwrap_err().to_string();
        assert!(no_version.contains("no `schema_version`"), "{no_version}");
        let other = parse("{\"schema_version\": 99}").unwrap_err().to_string();
        assert!(other.contains("schema_version 99"), "{other}");
        let wrong = parse("{\"schema_version\": 2, \"engagement\": 3}")
            .unwrap_err()
            .to_string();
        assert!(wrong.contains("line 1 column"), "{wrong}");
        let array = parse("[1, 2]").unwrap_err().to_string();
        assert!(array.contains("not a JSON report"), "{array}");
        let old = parse("{\"schema_version\": 1, \"engagement\": 3}")
            .unwrap_err()
            .to_string();
        assert!(old.contains("schema_version 1"), "{old}");
    }

    /// A report saved by omd before disagreements were renamed, in its own shape: seams that
    /// repeat every answer with its labels, every empty field written out.
    fn as_schema_1(report: &serde_json::Value) -> serde_json::Value {
        let mut old = report.clone();
        old["schema_version"] = 1.into();
        let spread = old["thresholds"]
            .as_object_mut()
            .unwrap()
            .remove("disagreement_spread")
            .unwrap();
        old["thresholds"]["seam_spread"] = spread;
        for process in old["processes"].as_array_mut().unwrap() {
            let disagreements = process
                .as_object_mut()
                .unwrap()
                .remove("disagreements")
                .unwrap();
            let seams: Vec<serde_json::Value> = disagreements
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    let question = process["questions"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|q| q["id"] == d["question"])
                        .unwrap();
                    let answers: Vec<serde_json::Value> = question["answers"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|a| a["level"].is_u64())
                        .map(|a| {
                            let mut a = a.clone();
                            for field in ["not_applicable", "note"] {
                                if a.get(field).is_none() {
                                    a[field] = serde_json::Value::Null;
                                }
                            }
                            if a.get("evidence").is_none() {
                                a["evidence"] = serde_json::json!([]);
                            }
                            a
                        })
                        .collect();
                    serde_json::json!({
                        "question": d["question"], "text": question["text"],
                        "dimension": d["dimension"], "spread": d["spread"], "answers": answers,
                    })
                })
                .collect();
            process["seams"] = seams.into();
        }
        old
    }

    #[test]
    fn a_report_of_schema_1_reads_as_the_same_report() {
        let report = crate::report::testing::example_report();
        let now = serde_json::to_value(&report).unwrap();
        assert!(
            now["processes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| !p["disagreements"].as_array().unwrap().is_empty()),
            "the example must have disagreements for this test to mean anything"
        );
        let old = as_schema_1(&now);
        assert!(old["processes"][0].get("disagreements").is_none());
        let read = parse(&old.to_string()).unwrap();
        // Schema 1 knew nothing of seams (the joins a questionnaire declares): a report read
        // from it has none to show or compare, and is otherwise the same report.
        assert!(read.processes.iter().all(|p| p.seams.is_none()));
        let mut report = report;
        for p in &mut report.processes {
            p.seams = None;
        }
        assert_eq!(read, report);
    }
}
