//! Saving an answers file that a person annotated: only the answer omd changed is edited, every
//! comment and the layout of the rest stay byte for byte (`questionnaire::yaml_update`).

#![allow(clippy::unwrap_used)] // a test that cannot set itself up should panic

use omd::assessment::{Answer, ResponseFile};
use omd::questionnaire::yaml;
use omd::questionnaire::yaml_update::{self, Updated, MOVED_COMMENTS_HEADING};

fn parse(text: &str) -> ResponseFile {
    yaml::parse::<ResponseFile>("answers.yaml", text)
        .unwrap()
        .value
}

fn level(level: usize) -> Answer {
    Answer {
        level: Some(level),
        ..Answer::default()
    }
}

/// The file `old` saved after `change`, which must have been edited in place.
fn saved(old: &str, change: impl FnOnce(&mut ResponseFile)) -> String {
    let mut file = parse(old);
    change(&mut file);
    match yaml_update::update(old, &file).unwrap() {
        Updated::InPlace(text) => {
            // The file keeps the order of its entries, which may differ from the session's.
            let by_id = |mut f: ResponseFile| {
                f.answers.0.sort_by(|a, b| a.0.cmp(&b.0));
                f
            };
            assert_eq!(by_id(parse(&text)), by_id(file), "{text}");
            text
        }
        other => panic!("not edited in place: {other:?}"),
    }
}

/// Answers with `id` set to `answer`, placed as the session places it: after the answers to the
/// questions before it, `order` being the questionnaire's order.
fn answer(file: &mut ResponseFile, order: &[&str], id: &str, answer: Answer) {
    file.answers.set(id, answer);
    let mut sorted = file.answers.0.clone();
    sorted.sort_by_key(|(id, _)| order.iter().position(|o| *o == &**id));
    file.answers.0 = sorted;
}

/// The lines every answers file starts with.
const HEAD: &str = "questionnaire: small\nversion: 1.0.0\n";

const ORDER: &[&str] = &[
    "exception_routing",
    "process_mapped",
    "data_source",
    "data_owner",
    "data_timeliness",
];

const ANNOTATED: &str = "\
# Answers of Ann Lee, invoices; interview of 3 March.
questionnaire: small
version: 1.0.0
respondent: Ann Lee
answers:
  # Routing was the long discussion.
  exception_routing:
    level: 2 # checked with Bob
    note: |
      The rule is written down
      but nobody reads it.
    evidence:
      - SOP v3 # the PDF on the share
      - ticket 4711

  # Mapping
  process_mapped:
    level: 1
  data_owner: {level: 2, note: Finance} # flow, on purpose
  # Ask about timeliness next time.
";

#[test]
fn changing_a_level_keeps_every_comment_and_the_rest_of_the_layout() {
    let text = saved(ANNOTATED, |file| {
        file.answers.0[0].1.level = Some(3);
    });
    assert_eq!(
        text,
        ANNOTATED.replace("level: 2 # checked with Bob", "level: 3 # checked with Bob")
    );
}

#[test]
fn a_new_answer_goes_after_the_answer_to_the_question_before_it() {
    let text = saved(ANNOTATED, |file| {
        answer(file, ORDER, "data_source", level(4));
    });
    assert_eq!(
        text,
        ANNOTATED.replace(
            "    level: 1\n  data_owner:",
            "    level: 1\n  data_source:\n    level: 4\n  data_owner:"
        )
    );
}

#[test]
fn a_new_answer_with_none_before_it_goes_at_the_end_of_the_answers() {
    let old = &format!("{HEAD}answers:\n  data_owner:\n    level: 1 # eol\n  # closing words\n");
    let text = saved(old, |file| {
        answer(file, ORDER, "exception_routing", level(0));
    });
    assert_eq!(
        text,
        format!("{HEAD}answers:\n  data_owner:\n    level: 1 # eol\n  exception_routing:\n    level: 0\n  # closing words\n")
    );
}

#[test]
fn the_comments_that_end_an_answer_stay_with_it() {
    let old = &format!("{HEAD}answers:\n  exception_routing:\n    level: 1\n    # Bob thinks 2.\n\n  # about the data\n  data_owner:\n    level: 2\n");
    let text = saved(old, |file| {
        answer(file, ORDER, "process_mapped", level(2));
    });
    assert_eq!(
        text,
        format!("{HEAD}answers:\n  exception_routing:\n    level: 1\n    # Bob thinks 2.\n  process_mapped:\n    level: 2\n\n  # about the data\n  data_owner:\n    level: 2\n")
    );
}

#[test]
fn a_comment_at_the_left_margin_inside_an_answer_does_not_end_it() {
    let old = &format!("{HEAD}answers:\n  exception_routing:\n# margin note\n    level: 1\n# about the owner\n  data_owner:\n    level: 2\n");
    let text = saved(old, |file| {
        answer(file, ORDER, "process_mapped", level(2));
    });
    assert_eq!(
        text,
        format!("{HEAD}answers:\n  exception_routing:\n# margin note\n    level: 1\n  process_mapped:\n    level: 2\n# about the owner\n  data_owner:\n    level: 2\n")
    );
}

#[test]
fn the_first_answer_replaces_an_empty_flow_mapping() {
    let old = "# new file\nquestionnaire: small\nversion: 1.0.0\nanswers: {} # none yet\n";
    let text = saved(old, |file| {
        file.answers.set("exception_routing", level(2));
    });
    assert_eq!(
        text,
        "# new file\nquestionnaire: small\nversion: 1.0.0\nanswers: # none yet\n  exception_routing:\n    level: 2\n"
    );
}

#[test]
fn the_first_answer_fills_empty_or_null_answers() {
    for (old, expected) in [
        (
            "questionnaire: small\nversion: 1.0.0\nanswers:\n# to do\n",
            "questionnaire: small\nversion: 1.0.0\nanswers:\n  exception_routing:\n    level: 2\n# to do\n",
        ),
        (
            "questionnaire: small\nanswers: ~\nversion: 1.0.0 # pinned\n",
            "questionnaire: small\nanswers:\n  exception_routing:\n    level: 2\nversion: 1.0.0 # pinned\n",
        ),
    ] {
        let text = saved(old, |file| {
            file.answers.set("exception_routing", level(2));
        });
        assert_eq!(text, expected);
    }
}

#[test]
fn a_flow_answer_is_replaced_as_a_whole() {
    let text = saved(ANNOTATED, |file| {
        let owner = &mut file.answers.0[2].1;
        owner.level = Some(3);
        owner.note = Some("Finance, since May".into());
    });
    assert_eq!(
        text,
        ANNOTATED.replace(
            "  data_owner: {level: 2, note: Finance} # flow, on purpose\n",
            "  data_owner: # flow, on purpose\n    level: 3\n    note: Finance, since May\n"
        )
    );
}

#[test]
fn a_multi_line_note_is_replaced_and_the_evidence_kept() {
    let text = saved(ANNOTATED, |file| {
        file.answers.0[0].1.note = Some("The rule is read\nand followed.\n".into());
    });
    assert_eq!(
        text,
        ANNOTATED.replace(
            "      The rule is written down\n      but nobody reads it.\n",
            "      The rule is read\n      and followed.\n"
        )
    );
}

#[test]
fn a_note_added_to_an_answer_goes_after_its_level() {
    let text = saved(ANNOTATED, |file| {
        file.answers.0[1].1.note = Some("map from 2019: out of date".into());
    });
    assert_eq!(
        text,
        ANNOTATED.replace(
            "    level: 1\n",
            "    level: 1\n    note: 'map from 2019: out of date'\n"
        )
    );
}

/// The level is a new field with no field before it: like a new answer with none before it, it
/// goes at the end of its mapping.
#[test]
fn not_applicable_becomes_a_level() {
    let old = &format!("{HEAD}answers:\n  data_source:\n    not_applicable: paper only\n    note: keep # about the note\n");
    let text = saved(old, |file| {
        let answer = &mut file.answers.0[0].1;
        answer.not_applicable = None;
        answer.level = Some(2);
    });
    assert_eq!(
        text,
        format!("{HEAD}answers:\n  data_source:\n    note: keep # about the note\n    level: 2\n")
    );
}

#[test]
fn an_answer_whose_fields_all_change_is_replaced_as_a_whole() {
    let old = &format!("{HEAD}answers:\n  data_source: # paper\n    not_applicable: no system # why\n  data_owner:\n    level: 2\n");
    let text = saved(old, |file| {
        file.answers.0[0].1 = level(1);
    });
    assert_eq!(
        text,
        format!(
            "{HEAD}answers:\n  data_source: # paper\n    level: 1\n  data_owner:\n    level: 2\n"
        )
    );
}

#[test]
fn a_new_answer_is_indented_as_the_file_is() {
    let old = &format!("{HEAD}answers:\n    exception_routing:\n        level: 1\n    data_owner:\n        level: 2\n");
    let text = saved(old, |file| {
        let mut new = level(4);
        new.evidence = vec!["map.pdf".to_string()].into();
        answer(file, ORDER, "process_mapped", new);
    });
    assert_eq!(
        text,
        format!("{HEAD}answers:\n    exception_routing:\n        level: 1\n    process_mapped:\n        level: 4\n        evidence:\n        - map.pdf\n    data_owner:\n        level: 2\n")
    );
}

#[test]
fn windows_line_endings_are_kept() {
    let old = ANNOTATED.replace('\n', "\r\n");
    let text = saved(&old, |file| {
        file.answers.0[0].1.level = Some(3);
        answer(file, ORDER, "data_source", level(4));
    });
    let expected = ANNOTATED
        .replace("level: 2 # checked with Bob", "level: 3 # checked with Bob")
        .replace(
            "    level: 1\n  data_owner:",
            "    level: 1\n  data_source:\n    level: 4\n  data_owner:",
        )
        .replace('\n', "\r\n");
    assert_eq!(text, expected);
}

#[test]
fn a_byte_order_mark_is_kept_and_the_file_edited_behind_it() {
    let old = format!("\u{feff}{ANNOTATED}");
    let text = saved(&old, |file| {
        file.answers.0[0].1.level = Some(3);
        answer(file, ORDER, "data_source", level(4));
    });
    let expected = ANNOTATED
        .replace("level: 2 # checked with Bob", "level: 3 # checked with Bob")
        .replace(
            "    level: 1\n  data_owner:",
            "    level: 1\n  data_source:\n    level: 4\n  data_owner:",
        );
    assert_eq!(text, format!("\u{feff}{expected}"));
}

#[test]
fn a_byte_order_mark_is_kept_when_the_file_is_written_afresh() {
    let old = format!("\u{feff}{SHARED}");
    let mut file = parse(SHARED);
    file.answers.set("exception_routing", level(3));
    assert_eq!(
        yaml_update::update(&old, &file).unwrap(),
        Updated::Rewritten(format!("\u{feff}{}", yaml::to_string(&file).unwrap()))
    );
}

#[test]
fn a_file_written_as_one_flow_mapping_stays_one() {
    let old =
        "# c\n{questionnaire: small, version: 1.0.0, answers: {exception_routing: {level: 1}}}\n";
    let text = saved(old, |file| {
        file.answers.0[0].1.level = Some(3);
        answer(file, ORDER, "data_source", level(2));
    });
    assert_eq!(
        text,
        "# c\n{questionnaire: small, version: 1.0.0, answers: {exception_routing: {level: 3}, data_source: {level: 2}}}\n"
    );
}

/// Two answers sharing one node through an anchor: changing one in place would change both, so
/// the checked edit is refused and the file written afresh.
const SHARED: &str = "questionnaire: small\nversion: 1.0.0\nanswers:\n  exception_routing: &a\n    level: 1\n  data_owner: *a\n";

#[test]
fn a_file_without_comments_that_cannot_be_edited_is_written_afresh() {
    let mut file = parse(SHARED);
    file.answers.set("exception_routing", level(3));
    assert_eq!(
        yaml_update::update(SHARED, &file).unwrap(),
        Updated::Rewritten(yaml::to_string(&file).unwrap())
    );
}

#[test]
fn a_file_with_comments_that_cannot_be_edited_keeps_its_header_on_top_and_the_rest_at_its_end() {
    let old = format!("# header\n{}# end\n", SHARED.replace("&a", "&a # shared"));
    let mut file = parse(&old);
    file.answers.set("exception_routing", level(3));
    let Updated::CommentsMoved(text) = yaml_update::update(&old, &file).unwrap() else {
        panic!("comments not kept");
    };
    assert_eq!(
        text,
        format!(
            "# header\n{}\n{MOVED_COMMENTS_HEADING}\n# shared\n# end\n",
            yaml::to_string(&file).unwrap()
        )
    );
    assert_eq!(parse(&text), file);
}

#[test]
fn an_answer_that_does_not_change_leaves_the_file_as_it_is() {
    let text = saved(ANNOTATED, |_| {});
    assert_eq!(text, ANNOTATED);
}

/// The level and date `omd assess` writes when an answer is given or changed.
fn dated(level: usize, date: &str) -> Answer {
    Answer {
        level: Some(level),
        date: Some(date.into()),
        ..Answer::default()
    }
}

#[test]
fn a_date_is_added_beside_the_level_and_every_comment_stays() {
    let text = saved(ANNOTATED, |file| {
        let routing = &mut file.answers.0[0].1;
        routing.level = Some(3);
        routing.date = Some("2026-05-04".into());
        file.answers.0[2].1.date = Some("2026-05-04".into());
    });
    assert_eq!(
        text,
        ANNOTATED
            .replace(
                "level: 2 # checked with Bob\n",
                "level: 3 # checked with Bob\n    date: 2026-05-04\n"
            )
            // A flow mapping that changes is written anew, as a block; its comment stays.
            .replace(
                "data_owner: {level: 2, note: Finance} # flow, on purpose\n",
                "data_owner: # flow, on purpose\n    level: 2\n    date: 2026-05-04\n    note: Finance\n"
            )
    );
}

#[test]
fn a_changed_date_is_replaced_where_it_is_and_a_new_dated_answer_is_placed_in_order() {
    let old = format!(
        "{HEAD}answers:\n  exception_routing:\n    level: 2\n    date: 2026-01-15 # first interview\n    note: kept\n  data_owner:\n    level: 1\n"
    );
    let text = saved(&old, |file| {
        file.answers.0[0].1.date = Some("2026-05-04".into());
        answer(file, ORDER, "process_mapped", dated(3, "2026-05-04"));
    });
    assert_eq!(
        text,
        format!(
            "{HEAD}answers:\n  exception_routing:\n    level: 2\n    date: 2026-05-04 # first interview\n    note: kept\n  process_mapped:\n    level: 3\n    date: 2026-05-04\n  data_owner:\n    level: 1\n"
        )
    );
    assert_eq!(
        parse(&text).answers.get("process_mapped").unwrap().day(),
        jiff::civil::Date::new(2026, 5, 4).ok()
    );
}
