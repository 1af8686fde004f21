//! Team and organisation files on their own: the typed team they give, and each mistake's
//! message, help and line:column.

use super::super::aims::{Measure, Target};
use super::super::diagnostic::Diagnostic;
use super::super::publisher::{parse_organisation, parse_team};
use super::super::survey::{Every, Language, Length, PeriodUnit};
use super::{DEFAULT_GROUP_MIN_COUNT, HowOften};

const GOOD: &str = "\
name: Food statistics team
users:
  - id: local-government
    label: Local government
    answers: [local-government, parish-council]
  - { id: public, label: The public, answers: [public], min_count: 2 }
uses:
  - { survey: pocketbook, question: uses }
engagement:
  - name: User group
    what: A meeting with regular users
    how_often: twice_a_year
    link: https://example.gov.uk/user-group
aims:
  - id: hear-from-councils
    label: Hear from local government
    measure: group_share
    group: local-government
    target: { at_least: 10% }
    per: quarter
  - id: act
    label: Act on big themes
    measure: themes_with_action_share
    min_comments: 10
    within: 90 days
    target: { at_least: 100% }
  - { id: publish, label: Publish promptly, measure: days_to_publication, target: { at_most: 30 } }
";

/// The first problem a team file has.
fn first(yaml: &str) -> Diagnostic {
    let parsed = parse_team("t", yaml);
    assert!(parsed.value.is_none(), "a file with errors gives no team");
    parsed.diagnostics.into_iter().next().unwrap()
}

#[track_caller]
fn assert_problem(yaml: &str, at: (u64, u64), message: &str, help: &str) {
    let d = first(yaml);
    assert_eq!((d.line, d.column), at, "{d:?}");
    assert!(d.message.contains(message), "{}", d.message);
    assert!(
        d.help.as_deref().unwrap_or("").contains(help),
        "{:?}",
        d.help
    );
}

#[test]
fn a_good_team_file_gives_a_typed_team_with_defaults_filled_in() {
    let parsed = parse_team("food-statistics", GOOD);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let team = parsed.value.unwrap();
    assert_eq!(team.profile.name.get(Language::En), "Food statistics team");
    let councils = team.group_of("parish-council").unwrap();
    assert_eq!(councils.id, "local-government");
    assert_eq!(councils.min_count, DEFAULT_GROUP_MIN_COUNT);
    assert_eq!(team.group("public").unwrap().min_count, 2);
    assert!(team.group_of("business").is_none());
    assert_eq!(team.uses_question("pocketbook"), Some("uses"));
    assert_eq!(team.engagement[0].how_often, HowOften::TwiceAYear);
    let [share, act, publish] = team.aims.as_slice() else {
        panic!("three aims: {:?}", team.aims);
    };
    assert_eq!(
        share.measure,
        Measure::GroupShare {
            group: "local-government".to_owned()
        }
    );
    assert_eq!(share.target, Target::AtLeast(0.1));
    assert!(share.target.is_met(0.1) && !share.target.is_met(0.09));
    assert_eq!(share.period(Every::Month), Every::Quarter);
    assert_eq!(
        act.measure,
        Measure::ThemesWithActionShare {
            within: Some(Length {
                amount: 90,
                unit: PeriodUnit::Days
            }),
            min_comments: 10
        }
    );
    assert_eq!(publish.target, Target::AtMost(30.0));
    assert_eq!(publish.period(Every::Month), Every::Month);
}

#[test]
fn mistakes_in_user_groups_are_reported_where_they_are_written() {
    let group = "name: T\nusers:\n  - id: councils\n    label: Councils\n";
    assert_problem(
        &format!("{group}    answer: [local-government]\n"),
        (5, 5),
        "unknown key `answer`",
        "did you mean `answers`?",
    );
    assert_problem(
        &format!(
            "{group}    answers: [local-government]\n  - {{ id: Public, label: P, answers: [public] }}\n"
        ),
        (6, 11),
        "user group id `Public` is not a lowercase slug",
        "lowercase letters",
    );
    assert_problem(
        &format!("{group}    answers: [a]\n  - {{ id: councils, label: P, answers: [b] }}\n"),
        (6, 11),
        "user group id `councils` is used twice",
        "the first one is on line 3",
    );
    assert_problem(
        &format!("{group}    answers: [a]\n  - {{ id: public, label: P, answers: [b, a] }}\n"),
        (6, 42),
        "answer `a` is already in user group `councils`",
        "counted in one group only",
    );
    assert_problem(
        &format!("{group}    answers: [Local Government]\n"),
        (5, 15),
        "`Local Government` is not an option value",
        "the `value` of an option",
    );
    assert_problem(
        &format!("{group}    answers: []\n"),
        (5, 14),
        "`answers` is empty",
        "options of the `user_types` question",
    );
    assert_problem(
        &format!("{group}    answers: [a]\n    min_count: 0\n"),
        (6, 16),
        "`min_count` is 0, but it must be at least 1",
        "at least this many responses",
    );
}

#[test]
fn mistakes_in_uses_and_engagement_are_reported_where_they_are_written() {
    assert_problem(
        "name: T\nuses:\n  - { survey: s, question: a }\n  - { survey: s, question: b }\n",
        (4, 15),
        "`uses` names survey `s` twice",
        "keep `a` or this one",
    );
    let activity = "name: T\nengagement:\n  - name: Group\n    what: A meeting\n";
    assert_problem(
        &format!("{activity}    how_often: twice_a_yaer\n"),
        (5, 16),
        "unknown `how_often` `twice_a_yaer`",
        "did you mean `twice_a_year`?",
    );
    assert_problem(
        &format!("{activity}    how_often: yearly\n    link: www.example.gov.uk\n"),
        (6, 11),
        "`link` is `www.example.gov.uk`, but it must be an https:// link",
        "https://",
    );
    assert_problem(
        "name: T\nengagement:\n  - { name: Group, how_often: yearly }\n",
        (3, 20),
        "missing `what`",
        "add `what: ...`",
    );
}

/// A team file with one group and one aim whose keys after `measure:` are `rest`.
fn aim(measure: &str, rest: &str) -> String {
    format!(
        "name: T\nusers:\n  - {{ id: councils, label: C, answers: [a] }}\naims:\n  - id: an-aim\n    label: An aim\n    measure: {measure}\n{rest}"
    )
}

#[test]
fn an_aim_names_a_known_measure_and_group_with_the_settings_it_needs() {
    let target = "    target: { at_least: 10% }\n";
    assert_problem(
        &aim("coded_shar", target),
        (7, 14),
        "unknown measure `coded_shar`",
        "did you mean `coded_share`?",
    );
    assert_problem(
        &aim("group_share", &format!("    group: council\n{target}")),
        (8, 12),
        "unknown user group `council`",
        "did you mean `councils`?",
    );
    assert_problem(
        &aim("group_share", target),
        (7, 14),
        "`group_share` needs a `group`",
        "add `group:`",
    );
    assert_problem(
        &aim("coded_share", &format!("    group: councils\n{target}")),
        (8, 12),
        "`group` does not apply to measure `coded_share`",
        "`group_share` only",
    );
    assert_problem(
        &aim(
            "responses",
            "    within: 90 days\n    target: { at_least: 30 }\n",
        ),
        (8, 13),
        "`within` does not apply to measure `responses`",
        "`themes_with_action_share` only",
    );
    assert_problem(
        &aim(
            "themes_with_action_share",
            &format!("    within: a quarter\n{target}"),
        ),
        (8, 13),
        "`a quarter` is not a length of time",
        "`90 days`",
    );
    assert_problem(
        &aim("responses", "    target: { at_least: 30 }\n    per: week\n"),
        (9, 10),
        "unknown period `week` in `per`",
        "`month`, `quarter` or `year`",
    );
    assert_problem(
        "name: T\naims:\n  - { id: cover, label: C, measure: user_group_coverage, target: { at_least: 50% } }\n",
        (3, 37),
        "`user_group_coverage` needs the team's `users`",
        "under `users`",
    );
}

#[test]
fn a_target_is_one_bound_in_the_measure_s_unit() {
    assert_problem(
        &aim("responses", "    target: { at_least: 10% }\n"),
        (8, 25),
        "`responses` is a number of responses, actions or days, so its target is a number, not `10%`",
        "`target: { at_least: 30 }`",
    );
    assert_problem(
        &aim("coded_share", "    target: { at_least: 0.8 }\n"),
        (8, 25),
        "`coded_share` is a share, so its target is a percentage, not `0.8`",
        "`target: { at_least: 10% }`",
    );
    assert_problem(
        &aim("coded_share", "    target: { at_least: 120% }\n"),
        (8, 25),
        "the target `120%` must be between 0 and 100%",
        "e.g.",
    );
    assert_problem(
        &aim(
            "median_days_to_done",
            "    target: { at_least: 1, at_most: 90 }\n",
        ),
        (8, 13),
        "a target is either `at_least` or `at_most`, not both",
        "`target: { at_most: 90 }`",
    );
    assert_problem(
        &aim("actions_open", "    target: {}\n"),
        (8, 13),
        "`target` needs `at_least` or `at_most`",
        "`target: { at_least: 30 }`",
    );
    assert_problem(
        &aim("actions_done", "    target: { at_least: lots }\n"),
        (8, 25),
        "the target `lots` is not a number",
        "e.g.",
    );
    assert_problem(
        &aim(
            "responses",
            "    target: { at_least: 30 }\n  - { id: an-aim, label: B, measure: responses, target: { at_most: 3 } }\n",
        ),
        (9, 11),
        "aim id `an-aim` is used twice",
        "the first one is on line 5",
    );
}

#[test]
fn the_organisation_file_has_links_and_no_team_keys() {
    let parsed = parse_organisation(
        "name: Defra\nlinks:\n  - { label: Statistics at Defra, url: https://www.gov.uk/defra-stats }\n",
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let organisation = parsed.value.unwrap();
    assert_eq!(organisation.links[0].url, "https://www.gov.uk/defra-stats");
    let parsed =
        parse_organisation("name: Defra\nlinks:\n  - { label: Stats, url: http://x.org }\n");
    let d = &parsed.diagnostics[0];
    assert_eq!((d.line, d.column), (3, 26), "{d:?}");
    assert!(
        d.message.contains("must be an https:// link"),
        "{}",
        d.message
    );
    let parsed = parse_organisation("name: Defra\nusers: []\n");
    let d = &parsed.diagnostics[0];
    assert_eq!((d.line, d.column), (2, 1), "{d:?}");
    assert!(d.message.contains("unknown key `users`"), "{}", d.message);
}

const OPPORTUNITY: &str = "\
name: Food statistics team
opportunities:
  - id: research
    kind: user_research
    title: Try the web version
    description: A 45-minute call
    on: 2027-03-10
    time: 14:00 to 14:45
    where: Online
    capacity: 6
    closes_on: 2027-03-03
";

#[test]
fn an_opportunity_is_typed_with_its_retention_defaulted() {
    let team = parse_team("t", OPPORTUNITY).value.unwrap();
    let o = &team.opportunities[0];
    assert_eq!(o.kind, super::super::OpportunityKind::UserResearch);
    assert_eq!(
        (o.capacity, o.closes_on.to_string()),
        (6, "2027-03-03".to_owned())
    );
    assert_eq!(
        o.keep_contacts,
        Length {
            amount: 3,
            unit: PeriodUnit::Months
        }
    );
    assert!(o.is_open_on(o.closes_on) && !o.is_open_on(o.closes_on.succ_opt().unwrap()));
}

#[test]
fn an_opportunitys_mistakes_are_reported_where_they_are_written() {
    assert_problem(
        &OPPORTUNITY.replace("kind: user_research", "kind: user_reserch"),
        (4, 11),
        "unknown opportunity kind `user_reserch`",
        "did you mean `user_research`?",
    );
    assert_problem(
        &OPPORTUNITY.replace("closes_on: 2027-03-03", "closes_on: 2027-03-11"),
        (11, 16),
        "registrations close on 2027-03-11, after the day it happens (2027-03-10)",
        "close registrations on or before",
    );
    assert_problem(
        &OPPORTUNITY.replace("capacity: 6", "capacity: 0"),
        (10, 15),
        "`capacity`",
        "waiting list",
    );
}
