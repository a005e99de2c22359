//! `--anonymise`: respondents shown as their role (or R1, R2…) and their names and ids gone from
//! everything the report shows, for sharing candid interviews with the client. It rewrites a
//! report already built, so every renderer and `omd diff` follow without knowing, nothing is
//! re-sorted, and no score or step can change.
//!
//! Each respondent's pseudonym, per process, with the process's respondents in the report's
//! order (counted ones by id, then any whose file holds no answer yet):
//! - a role nobody else in the process holds (ignoring case and spacing): the role;
//! - a role several hold: the role and a number in that order, "Analyst 1", "Analyst 2";
//! - no role: R and the respondent's place in that order, which is also their column in the
//!   HTML answers table.
//!
//! A role that would read as another respondent's pseudonym, or as the same file name, takes the
//! R form instead. In the text users typed (notes, evidence, reasons for "not applicable", the
//! process owner) every respondent's full name, id and name parts of three letters or more are
//! replaced, whole words and ignoring case, by the pseudonym that person has in that process;
//! someone who did not answer for it by their pseudonym where they first answered, followed by
//! that process's name when the pseudonym alone could mean someone else.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value;

use super::Report;
use crate::assessment::{slug, Engagement};
use crate::questionnaire::Diagnostic;

/// What stands for a name that could mean several respondents.
const SOMEONE: &str = "a respondent";
/// The same, where a file name stood.
const SOMEONE_ID: &str = "respondent";

/// Fields whose text users typed, where names are looked for. Everything else in a report comes
/// from the questionnaire or is worked out from it, and is left as it is.
const USER_TEXT: &[&str] = &["note", "evidence", "not_applicable"];

/// Who answered an engagement: what the pseudonyms are made from.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// In engagement order.
    processes: Vec<ProcessRoster>,
}

#[derive(Debug, Clone)]
struct ProcessRoster {
    id: String,
    name: String,
    /// In the report's order: counted respondents by id, then the others by id.
    people: Vec<Person>,
}

#[derive(Debug, Clone)]
struct Person {
    /// The answers file's name, which is the same for one person in every process.
    id: String,
    /// Every name the files give them.
    names: Vec<String>,
    role: String,
    /// Has answers, so the report lists them.
    counted: bool,
}

impl Roster {
    /// Everyone with an answers file, counted or not: a respondent who has not answered yet can
    /// still be named in someone else's note.
    pub fn of_engagement(engagement: &Engagement) -> Roster {
        let processes = engagement
            .file
            .processes
            .iter()
            .map(|p| {
                let people = engagement
                    .responses_for(&p.id)
                    .map(|r| Person {
                        id: r.respondent.clone(),
                        names: vec![r.display_name().to_string()],
                        role: r.file.role.clone(),
                        counted: r.file.has_answers(),
                    })
                    .collect();
                ProcessRoster::new(&p.id, &p.name, people)
            })
            .collect();
        Roster { processes }
    }

    /// The respondents a saved report lists; none for a report already anonymised, whose
    /// pseudonyms must not be taken for names.
    pub fn of_report(report: &Report) -> Roster {
        if report.anonymised {
            return Roster::default();
        }
        let processes = report
            .processes
            .iter()
            .map(|p| {
                let people = p
                    .respondent_details
                    .iter()
                    .map(|r| Person {
                        id: r.id.clone(),
                        names: vec![r.name.clone()],
                        role: r.role.clone(),
                        counted: true,
                    })
                    .collect();
                ProcessRoster::new(&p.id, &p.name, people)
            })
            .collect();
        Roster { processes }
    }

    /// Both rosters as one, so that two reports compared give each person the same pseudonym
    /// on both sides. A respondent in both keeps the later role when it has one.
    pub fn merge(mut self, later: Roster) -> Roster {
        for process in later.processes {
            let Some(known) = self.processes.iter_mut().find(|p| p.id == process.id) else {
                self.processes.push(process);
                continue;
            };
            for person in process.people {
                match known.people.iter_mut().find(|p| p.id == person.id) {
                    None => known.people.push(person),
                    Some(same) => {
                        for name in person.names {
                            if !same.names.contains(&name) {
                                same.names.push(name);
                            }
                        }
                        if !person.role.trim().is_empty() {
                            same.role = person.role;
                        }
                        same.counted |= person.counted;
                    }
                }
            }
            known.sort();
        }
        self
    }
}

impl ProcessRoster {
    fn new(id: &str, name: &str, people: Vec<Person>) -> ProcessRoster {
        let mut roster = ProcessRoster {
            id: id.to_string(),
            name: name.to_string(),
            people,
        };
        roster.sort();
        roster
    }

    fn sort(&mut self) {
        self.people
            .sort_by(|a, b| (!a.counted, &a.id).cmp(&(!b.counted, &b.id)));
    }
}

/// What a respondent is called in an anonymised report.
#[derive(Debug, Clone, PartialEq)]
struct Pseudonym {
    /// "Head of Accounts Payable", "Analyst 2", "R3".
    name: String,
    /// The name as a file name would spell it, in place of the respondent's id.
    id: String,
    /// Numbered ("Analyst 2", "R3"): in another process the same words mean someone else.
    numbered: bool,
}

impl Pseudonym {
    fn numbered(place: usize) -> Pseudonym {
        Pseudonym {
            name: format!("R{place}"),
            id: format!("r{place}"),
            numbered: true,
        }
    }
}

/// One way of writing a respondent's name (or id) to look for in text.
#[derive(Debug)]
struct Pattern {
    text: Vec<char>,
    /// The respondents who go by it (several when two share a first name).
    who: Vec<String>,
    /// It is someone's id, which a file name carries.
    is_id: bool,
}

/// Every respondent's pseudonym, and how to find their names in text.
#[derive(Debug)]
pub struct Pseudonyms {
    /// By process id, then respondent id.
    by_process: HashMap<String, HashMap<String, Pseudonym>>,
    /// Process names by id, to say which process a pseudonym belongs to.
    process_names: HashMap<String, String>,
    /// The first process (in engagement order) each respondent answered for.
    home: HashMap<String, String>,
    /// By the first word of the pattern in lower case; longest first.
    patterns: HashMap<String, Vec<Pattern>>,
}

/// Whether a name found stands in prose or in a file name.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Prose,
    FileName,
}

impl Pseudonyms {
    pub fn new(roster: &Roster) -> Pseudonyms {
        let mut pseudonyms = Pseudonyms {
            by_process: HashMap::new(),
            process_names: HashMap::new(),
            home: HashMap::new(),
            patterns: patterns(roster),
        };
        for process in &roster.processes {
            // A role that names someone ("Assistant to Priya Raman") must not carry the name.
            let roles: Vec<String> = process
                .people
                .iter()
                .map(|p| pseudonyms.replace(&p.role, Place::Prose, &|_, _| SOMEONE.into()))
                .collect();
            let named: HashMap<String, Pseudonym> = process
                .people
                .iter()
                .zip(pseudonyms_of(&roles))
                .map(|(person, pseudonym)| (person.id.clone(), pseudonym))
                .collect();
            for person in &process.people {
                pseudonyms
                    .home
                    .entry(person.id.clone())
                    .or_insert_with(|| process.id.clone());
            }
            pseudonyms.by_process.insert(process.id.clone(), named);
            pseudonyms
                .process_names
                .insert(process.id.clone(), process.name.clone());
        }
        pseudonyms
    }

    /// The report with every respondent shown by pseudonym and their names replaced in the text
    /// users typed; everything else as it was. A report already anonymised is left as it is.
    pub fn report(&self, report: &Report) -> anyhow::Result<Report> {
        if report.anonymised {
            return Ok(report.clone());
        }
        let mut value = serde_json::to_value(report)?;
        if let Value::Object(map) = &mut value {
            for (key, item) in map.iter_mut() {
                if key != "processes" {
                    self.rewrite(item, None);
                    continue;
                }
                for process in item.as_array_mut().into_iter().flatten() {
                    let id = process
                        .get("id")
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    self.rewrite_process(process, id.as_deref());
                }
            }
        }
        let mut anonymised: Report = serde_json::from_value(value)?;
        anonymised.anonymised = true;
        Ok(anonymised)
    }

    /// Warnings about the engagement's files, with answers files named by pseudonym.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
        diagnostics
            .iter()
            .map(|d| {
                let path = Path::new(&d.file);
                let process = path
                    .parent()
                    .and_then(Path::file_name)
                    .and_then(|n| n.to_str())
                    .filter(|p| self.by_process.contains_key(*p));
                let file = match (process, path.file_name().and_then(|n| n.to_str())) {
                    (Some(process), Some(name)) => path
                        .with_file_name(self.text_in(name, Some(process), Place::FileName))
                        .display()
                        .to_string(),
                    _ => d.file.clone(),
                };
                Diagnostic {
                    file,
                    message: self.text(&d.message, process),
                    ..d.clone()
                }
            })
            .collect()
    }

    /// `text` with every respondent's name replaced by their pseudonym, as read in `process`.
    pub fn text(&self, text: &str, process: Option<&str>) -> String {
        self.text_in(text, process, Place::Prose)
    }

    fn text_in(&self, text: &str, process: Option<&str>, place: Place) -> String {
        self.replace(text, place, &|pattern, place| {
            self.mention(pattern, process, place)
        })
    }

    fn rewrite_process(&self, process: &mut Value, id: Option<&str>) {
        self.rewrite(process, id);
        if let Some(Value::String(owner)) = process.get_mut("owner") {
            *owner = self.owner(owner, id);
        }
    }

    /// A process owner such as "Priya Raman, Head of Accounts Payable", which would read as the
    /// role twice once the name is replaced: each part of it once.
    fn owner(&self, owner: &str, process: Option<&str>) -> String {
        let text = self.text(owner, process);
        if text == owner {
            return text;
        }
        let mut parts: Vec<&str> = Vec::new();
        for part in text.split(',') {
            let seen = |p: &&str| p.trim().to_lowercase() == part.trim().to_lowercase();
            if !parts.iter().any(seen) {
                parts.push(part);
            }
        }
        parts.join(",")
    }

    fn rewrite(&self, value: &mut Value, process: Option<&str>) {
        match value {
            Value::Array(items) => items.iter_mut().for_each(|v| self.rewrite(v, process)),
            Value::Object(map) => {
                // An answer, or anything else that says who: the respondent by pseudonym.
                if let Some(id) = map.get("respondent").and_then(Value::as_str) {
                    let (name, id) = self.pseudonym(id, process);
                    map.insert("respondent".into(), Value::String(id));
                    if map.contains_key("respondent_name") {
                        map.insert("respondent_name".into(), Value::String(name));
                    }
                }
                for (key, item) in map.iter_mut() {
                    match key.as_str() {
                        "respondent" | "respondent_name" => {}
                        "respondent_details" => {
                            for respondent in item.as_array_mut().into_iter().flatten() {
                                self.rewrite_respondent(respondent, process);
                            }
                        }
                        // A disagreement's levels, keyed by respondent id.
                        "levels" => {
                            if let Value::Object(levels) = item {
                                *levels = std::mem::take(levels)
                                    .into_iter()
                                    .map(|(id, level)| (self.pseudonym(&id, process).1, level))
                                    .collect();
                            }
                        }
                        key if USER_TEXT.contains(&key) => self.rewrite_text(item, process),
                        _ => self.rewrite(item, process),
                    }
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
        }
    }

    /// One of a process's respondents: the pseudonym for id and name, and no role beside it (the
    /// pseudonym is the role, or stands for a respondent who gave none).
    fn rewrite_respondent(&self, respondent: &mut Value, process: Option<&str>) {
        let Value::Object(map) = respondent else {
            return;
        };
        let id = map.get("id").and_then(Value::as_str).unwrap_or_default();
        let (name, id) = self.pseudonym(id, process);
        map.insert("id".into(), Value::String(id));
        map.insert("name".into(), Value::String(name));
        if map.contains_key("role") {
            map.insert("role".into(), Value::String(String::new()));
        }
    }

    fn rewrite_text(&self, value: &mut Value, process: Option<&str>) {
        match value {
            Value::String(text) => *text = self.text(text, process),
            Value::Array(items) => items.iter_mut().for_each(|v| self.rewrite_text(v, process)),
            _ => {}
        }
    }

    /// The name and id that stand for respondent `id` in `process`.
    fn pseudonym(&self, id: &str, process: Option<&str>) -> (String, String) {
        match self.resolve(&[id.to_string()], process) {
            Some((pseudonym, _)) => (pseudonym.name.clone(), pseudonym.id.clone()),
            None => ("Respondent".into(), SOMEONE_ID.into()),
        }
    }

    /// What replaces a name found in text read in `process`.
    fn mention(&self, pattern: &Pattern, process: Option<&str>, place: Place) -> String {
        // A file name, as a warning quotes it, is replaced by a file name.
        let as_id = place == Place::FileName
            || (pattern.is_id && pattern.text.iter().any(|c| *c == '-' || *c == '_'));
        match self.resolve(&pattern.who, process) {
            Some((pseudonym, _)) if as_id => pseudonym.id.clone(),
            Some((pseudonym, None)) => pseudonym.name.clone(),
            Some((pseudonym, Some(elsewhere))) => format!("{} ({elsewhere})", pseudonym.name),
            None if as_id => SOMEONE_ID.into(),
            None => SOMEONE.into(),
        }
    }

    /// The pseudonym of the one respondent among `who` that a text in `process` means: one who
    /// answered for it, else the only one there is. With it, the name of the process where it
    /// belongs when the reader of `process` could take it for someone else. None when it could
    /// be several people.
    fn resolve(&self, who: &[String], process: Option<&str>) -> Option<(&Pseudonym, Option<&str>)> {
        let here = process.and_then(|p| self.by_process.get(p));
        if let Some(here) = here {
            let mut present = who.iter().filter_map(|id| here.get(id));
            match (present.next(), present.next()) {
                (Some(one), None) => return Some((one, None)),
                (Some(_), Some(_)) => return None,
                _ => {}
            }
        }
        let [id] = who else {
            return None;
        };
        let home = self.home.get(id)?;
        let pseudonym = self.by_process.get(home)?.get(id)?;
        let taken = here.is_some_and(|here| {
            here.values()
                .any(|p| p.name.to_lowercase() == pseudonym.name.to_lowercase())
        });
        let elsewhere = (pseudonym.numbered || taken).then(|| {
            self.process_names
                .get(home)
                .map_or(home.as_str(), String::as_str)
        });
        Some((pseudonym, elsewhere))
    }

    /// `text` with every whole-word, case-insensitive occurrence of a pattern replaced by what
    /// `by` gives for it; the longest pattern wins where several start at one word.
    fn replace(&self, text: &str, place: Place, by: &dyn Fn(&Pattern, Place) -> String) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_alphanumeric() {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            let word_end = i + chars[i..]
                .iter()
                .take_while(|c| c.is_alphanumeric())
                .count();
            let word = chars[i..word_end].iter().collect::<String>().to_lowercase();
            let found = self.patterns.get(&word).and_then(|candidates| {
                candidates
                    .iter()
                    .find_map(|p| matches_at(&chars, i, &p.text).map(|end| (p, end)))
            });
            match found {
                Some((pattern, end)) => {
                    out.push_str(&by(pattern, place));
                    i = end;
                }
                None => {
                    out.extend(&chars[i..word_end]);
                    i = word_end;
                }
            }
        }
        out
    }
}

/// The pseudonyms of one process's respondents, from their roles ("" for none) in the report's
/// order.
fn pseudonyms_of(roles: &[String]) -> Vec<Pseudonym> {
    let roles: Vec<String> = roles
        .iter()
        .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut holders: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, role) in roles.iter().enumerate() {
        if !role.is_empty() {
            holders.entry(role.to_lowercase()).or_default().push(i);
        }
    }
    let mut from_role = vec![false; roles.len()];
    let mut pseudonyms: Vec<Pseudonym> = roles
        .iter()
        .enumerate()
        .map(|(i, role)| {
            let Some(group) = holders.get(&role.to_lowercase()) else {
                return Pseudonym::numbered(i + 1);
            };
            let (name, numbered) = match group.iter().position(|&j| j == i) {
                Some(_) if group.len() == 1 => (role.clone(), false),
                // Spelled as the first holder spells it, so the numbers read as one series.
                Some(k) => (format!("{} {}", roles[group[0]], k + 1), true),
                None => return Pseudonym::numbered(i + 1),
            };
            match slug::slug(&name) {
                Some(id) => {
                    from_role[i] = true;
                    Pseudonym { name, id, numbered }
                }
                None => Pseudonym::numbered(i + 1),
            }
        })
        .collect();
    // A role that reads as another's pseudonym (a role "R2" beside the second respondent, who
    // has none) or spells the same file name takes the R form, until no two are alike.
    while let Some(i) = (0..pseudonyms.len()).find(|&i| {
        from_role[i]
            && pseudonyms.iter().enumerate().any(|(j, other)| {
                j != i && (other.id == pseudonyms[i].id || other.name == pseudonyms[i].name)
            })
    }) {
        pseudonyms[i] = Pseudonym::numbered(i + 1);
        from_role[i] = false;
    }
    pseudonyms
}

/// The ways each respondent's name and id may be written, by first word.
fn patterns(roster: &Roster) -> HashMap<String, Vec<Pattern>> {
    // By the pattern in lower case: one pattern for everyone who goes by it.
    let mut found: BTreeMap<String, Pattern> = BTreeMap::new();
    let mut add = |form: &str, who: &str, is_id: bool| {
        let form = form.trim_matches(|c: char| !c.is_alphanumeric());
        if form.chars().filter(|c| c.is_alphabetic()).count() < 3 {
            return;
        }
        let text: Vec<char> = form
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .collect();
        let key: String = text.iter().collect::<String>().to_lowercase();
        let pattern = found.entry(key).or_insert_with(|| Pattern {
            text,
            who: Vec::new(),
            is_id,
        });
        if !pattern.who.iter().any(|w| w == who) {
            pattern.who.push(who.to_string());
        }
        // Someone's name that is also someone's id ("sam") is written as a name.
        pattern.is_id &= is_id;
    };
    for process in &roster.processes {
        for person in &process.people {
            for name in &person.names {
                for form in name_forms(name) {
                    if form.to_lowercase() == person.id.to_lowercase() {
                        // A name that is the id (a file without `respondent:`): the id below.
                        continue;
                    }
                    add(&form, &person.id, false);
                }
            }
            add(&person.id, &person.id, true);
            // The id read as words: "Dev Patel" for `dev-patel`, whose file gives no name.
            add(&person.id.replace(['-', '_'], " "), &person.id, false);
        }
    }
    let mut by_word: HashMap<String, Vec<Pattern>> = HashMap::new();
    for (key, pattern) in found {
        let first: String = key.chars().take_while(|c| c.is_alphanumeric()).collect();
        by_word.entry(first).or_default().push(pattern);
    }
    for candidates in by_word.values_mut() {
        candidates.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then(a.text.cmp(&b.text)));
    }
    by_word
}

/// A name as written, its words, the parts of hyphenated or apostrophised words, and the same
/// in Latin letters ("Zoë" is also looked for as "Zoe").
fn name_forms(name: &str) -> Vec<String> {
    let mut forms = vec![name.to_string()];
    for word in name.split_whitespace() {
        forms.push(word.to_string());
        forms.extend(
            word.split(|c: char| !c.is_alphanumeric())
                .map(str::to_string),
        );
    }
    let latin: Vec<String> = forms.iter().map(|f| deunicode::deunicode(f)).collect();
    forms.extend(latin);
    forms.retain(|f| !f.trim().is_empty());
    forms.sort();
    forms.dedup();
    forms
}

/// Where a match of `pattern` starting at `start` ends, if the text holds it there as whole
/// words: letters compared ignoring case, a space matching any run of white space.
fn matches_at(text: &[char], start: usize, pattern: &[char]) -> Option<usize> {
    let mut i = start;
    for &p in pattern {
        if p.is_whitespace() {
            let run = text[i..].iter().take_while(|c| c.is_whitespace()).count();
            if run == 0 {
                return None;
            }
            i += run;
        } else {
            let t = *text.get(i)?;
            if !(t == p || t.to_lowercase().eq(p.to_lowercase())) {
                return None;
            }
            i += 1;
        }
    }
    text.get(i)
        .is_none_or(|c| !c.is_alphanumeric())
        .then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, name: &str, role: &str) -> Person {
        Person {
            id: id.into(),
            names: vec![name.into()],
            role: role.into(),
            counted: true,
        }
    }

    fn roster(processes: Vec<(&str, Vec<Person>)>) -> Roster {
        Roster {
            processes: processes
                .into_iter()
                .map(|(id, people)| ProcessRoster::new(id, &format!("{id} process"), people))
                .collect(),
        }
    }

    fn names(pseudonyms: &[Pseudonym]) -> Vec<&str> {
        pseudonyms.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn unique_roles_stay_shared_roles_are_numbered_and_no_role_is_a_place() {
        let roles = ["Head of AP", "analyst", "", " Analyst "].map(String::from);
        assert_eq!(
            names(&pseudonyms_of(&roles)),
            ["Head of AP", "analyst 1", "R3", "analyst 2"]
        );
        let ids: Vec<String> = pseudonyms_of(&roles).into_iter().map(|p| p.id).collect();
        assert_eq!(ids, ["head-of-ap", "analyst-1", "r3", "analyst-2"]);
    }

    #[test]
    fn a_role_that_reads_as_another_pseudonym_takes_the_r_form() {
        let roles = ["R2", "", "Head-of-AP", "Head of AP", "???"].map(String::from);
        assert_eq!(
            names(&pseudonyms_of(&roles)),
            ["R1", "R2", "R3", "Head of AP", "R5"]
        );
    }

    #[test]
    fn names_are_replaced_whole_words_ignoring_case() {
        let pseudonyms = Pseudonyms::new(&roster(vec![
            (
                "ap",
                vec![
                    person("priya-raman", "Priya Raman", "Head of AP"),
                    person("sophie-chen", "Sophie Chen", ""),
                ],
            ),
            ("credit", vec![person("helen-marsh", "Helen Marsh", "")]),
        ]));
        let text = "Priya\nRaman says SOPHIE's map is fine; Helen signed. Chen, not kitchen; \
                    marshes stay. See priya-raman.yaml.";
        assert_eq!(
            pseudonyms.text(text, Some("ap")),
            "Head of AP says R2's map is fine; R1 (credit process) signed. R2, not kitchen; \
             marshes stay. See head-of-ap.yaml."
        );
        assert_eq!(
            pseudonyms.text("Priya asked Helen", Some("credit")),
            "Head of AP asked R1"
        );
    }

    #[test]
    fn a_name_two_respondents_share_is_the_one_in_the_process_or_nobody() {
        let pseudonyms = Pseudonyms::new(&roster(vec![
            ("a", vec![person("chris-lee", "Chris Lee", "Lead")]),
            ("b", vec![person("chris-wong", "Chris Wong", "Analyst")]),
        ]));
        assert_eq!(pseudonyms.text("Chris knows", Some("a")), "Lead knows");
        assert_eq!(pseudonyms.text("Chris knows", None), "a respondent knows");
        assert_eq!(
            pseudonyms.text("Chris Wong knows", Some("a")),
            "Analyst knows"
        );
    }

    #[test]
    fn an_id_without_a_name_is_replaced_in_prose_and_file_names() {
        let pseudonyms = Pseudonyms::new(&roster(vec![(
            "ap",
            vec![person("dev-patel", "dev-patel", "")],
        )]));
        assert_eq!(
            pseudonyms.text("Dev Patel and dev", Some("ap")),
            "R1 and R1"
        );
        let warning = Diagnostic::warning("x/responses/ap/dev-patel.yaml", "dev-patel.yaml: empty");
        let shown = pseudonyms.diagnostics(&[warning]);
        assert_eq!(shown[0].file, "x/responses/ap/r1.yaml");
        assert_eq!(shown[0].message, "r1.yaml: empty");
    }

    #[test]
    fn two_reports_compared_call_one_person_the_same_on_both_sides() {
        let old = crate::report::testing::example_report();
        let mut new = old.clone();
        let mut joined = new.processes[0].respondent_details[0].clone();
        joined.id = "zoe-ward".into();
        joined.name = "Zoe Ward".into();
        new.processes[0].respondent_details.push(joined);
        let shared = new.processes[0].respondent_details[0].role.clone();
        let first = |report: &Report| report.processes[0].respondent_details[0].name.clone();

        let alone = Pseudonyms::new(&Roster::of_report(&old))
            .report(&old)
            .unwrap();
        assert_eq!(first(&alone), shared);
        let both = Pseudonyms::new(&Roster::of_report(&old).merge(Roster::of_report(&new)));
        let (old, new) = (both.report(&old).unwrap(), both.report(&new).unwrap());
        assert_eq!(first(&old), format!("{shared} 1"));
        assert_eq!(first(&new), first(&old));
        assert_eq!(
            new.processes[0].respondent_details[3].name,
            format!("{shared} 2")
        );
        // A report anonymised already gives no names and is not changed again.
        assert!(Roster::of_report(&old).processes.is_empty());
        assert_eq!(both.report(&old).unwrap(), old);
    }

    #[test]
    fn an_owner_named_and_described_by_role_says_the_role_once() {
        let pseudonyms = Pseudonyms::new(&roster(vec![(
            "ap",
            vec![person("priya-raman", "Priya Raman", "Head of AP")],
        )]));
        assert_eq!(
            pseudonyms.owner("Priya Raman, Head of AP", Some("ap")),
            "Head of AP"
        );
        assert_eq!(
            pseudonyms.owner("Finance, Finance", Some("ap")),
            "Finance, Finance"
        );
    }
}
