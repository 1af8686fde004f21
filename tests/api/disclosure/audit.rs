//! Reads every figure the public revisions of one period show as linear equations in the counts
//! behind them, and checks that no suppressed count, no small count the reader does not see
//! and no small change between revisions is fixed by them all together.
//!
//! Conservative on purpose: a percentage is read as giving its count and total exactly, an
//! average as giving its weighted sum exactly, and the reader is assumed to know the previous
//! period's published cells and totals.

use super::fraction::{Fraction, RowSpace};
use std::collections::HashMap;
use yousaid::definitions::{Kind, LoadedSurvey, OTHER};
use yousaid::publishing::aggregate::{Facts, Tally};
use yousaid::publishing::disclosure::{Cell, protect};
use yousaid::publishing::summary::{self, Summary, Table};

/// One public revision and the counts it was built from.
pub struct Revision<'a> {
    pub summary: &'a Summary,
    pub facts: &'a Facts,
}

pub(super) type Combination = Vec<(usize, Fraction)>;

/// How a question's table relates to the responses, from its (public) definition.
#[derive(Clone, Copy)]
pub(super) struct Shape {
    pub additive: bool,
    /// Its total is the number of responses: multiple choice, or required with no condition.
    pub total_is_responses: bool,
    pub rating: bool,
}

/// The unknowns (true counts), what the public knows of them, and what it must not.
#[derive(Default)]
pub(super) struct System {
    pub keys: HashMap<String, usize>,
    truth: Vec<i128>,
    equations: Vec<Combination>,
    /// Must not be fixed: (combination, what it is).
    secrets: Vec<(Combination, String)>,
    /// If fixed, must be 0 or at least `min_count`, and more than the third member.
    pub groups: Vec<(Combination, String, i128)>,
    problems: Vec<String>,
}

fn one(i: usize) -> Combination {
    vec![(i, Fraction::int(1))]
}

fn count(tallies: &[Tally], question: &str, value: &str) -> i128 {
    tallies
        .iter()
        .find(|t| t.question == question && t.value == value)
        .map_or(0, |t| i128::from(t.count))
}

impl System {
    fn var(&mut self, key: String, truth: i128) -> usize {
        let next = self.truth.len();
        let i = *self.keys.entry(key).or_insert(next);
        if i == next {
            self.truth.push(truth);
        }
        i
    }

    fn value(&self, c: &Combination) -> Fraction {
        c.iter().fold(Fraction::ZERO, |sum, (i, f)| {
            sum + *f * Fraction::int(self.truth[*i])
        })
    }

    fn dense(&self, c: &Combination) -> Vec<Fraction> {
        let mut v = vec![Fraction::ZERO; self.truth.len()];
        for (i, f) in c {
            v[*i] = v[*i] + *f;
        }
        v
    }

    fn check(self, min: u64) -> Vec<String> {
        let mut space = RowSpace::default();
        for e in &self.equations {
            space.add(self.dense(e));
        }
        let mut problems = self.problems.clone();
        for (c, what) in &self.secrets {
            if space.contains(&self.dense(c)) {
                problems.push(format!("{what} ({:?}) can be worked out", self.value(c)));
            }
        }
        let min = Fraction::int(i128::from(min));
        for (c, what, more_than) in &self.groups {
            let v = self.value(c);
            let small = !v.is_zero() && less_in_size(v, min, *more_than);
            if small && space.contains(&self.dense(c)) {
                problems.push(format!("{what} ({v:?}) is small and can be worked out"));
            }
        }
        problems
    }
}

/// |v| < min, or |v| ≤ more_than.
fn less_in_size(v: Fraction, min: Fraction, more_than: i128) -> bool {
    v.abs() < min || v.abs() <= Fraction::int(more_than)
}

/// Whether this revision's `table` repeats one an earlier revision published: then its
/// figures are that revision's, and say nothing new.
fn repeated(revisions: &[Revision], r: usize, table: &Table) -> bool {
    revisions[..r].iter().any(|e| {
        e.summary.who.as_ref() == Some(table) || e.summary.questions.iter().any(|t| t == table)
    })
}

fn shapes(loaded: &LoadedSurvey) -> HashMap<String, Shape> {
    loaded
        .survey
        .questions
        .iter()
        .map(|q| {
            let multiple = matches!(q.kind, Kind::MultipleChoice { .. });
            let shape = Shape {
                additive: !multiple,
                total_is_responses: multiple || (q.required && q.show_if.is_none()),
                rating: matches!(q.kind, Kind::Rating { .. }),
            };
            (q.id.clone(), shape)
        })
        .collect()
}

/// Audits every public revision of one period together; each problem is one sentence.
pub fn audit(loaded: &LoadedSurvey, revisions: &[Revision]) -> Vec<String> {
    let shapes = shapes(loaded);
    let mut sys = System::default();
    let mut published: HashMap<(usize, String), Shape> = HashMap::new();
    for (r, rev) in revisions.iter().enumerate() {
        let (s, f) = (rev.summary, rev.facts);
        let min = s.min_count;
        let responses = sys.var(format!("{r}/R"), i128::from(f.responses));
        headline(&mut sys, r, rev, responses);
        let tables = s.who.iter().chain(&s.questions);
        for table in tables.filter(|t| !repeated(revisions, r, t)) {
            let Some(&shape) = shapes.get(&table.question) else {
                sys.problems
                    .push(format!("{r}: table {} is no question", table.question));
                continue;
            };
            published.insert((r, table.question.clone()), shape);
            one_table(&mut sys, r, f, table, shape, responses, min);
        }
        if !revisions[..r].iter().any(|e| e.summary.themes == s.themes) {
            for t in &s.themes {
                let truth = f.themes.get(&t.name).copied().map_or(0, i128::from);
                let v = sys.var(format!("{r}/theme/{}", t.name), truth);
                match t.comments {
                    Cell::Shown(_) => sys.equations.push(one(v)),
                    Cell::Suppressed => {
                        sys.secrets.push((one(v), format!("{r}: theme {}", t.name)))
                    }
                }
            }
        }
        let derived = match (&s.who, s.responses) {
            (Some(who), Cell::Shown(_)) => summary::not_heard_from(who),
            _ => Vec::new(),
        };
        if s.not_heard_from != derived {
            sys.problems.push(format!(
                "{r}: not heard from {:?} is not read from the published table ({derived:?})",
                s.not_heard_from
            ));
        }
        for row in s.who.iter().flat_map(|w| &w.rows) {
            if row.count == Cell::Suppressed
                && row.value != OTHER
                && !s.not_heard_from.contains(&row.label)
            {
                sys.problems.push(format!(
                    "{r}: suppressed {} is left out of who we have not heard from",
                    row.label
                ));
            }
        }
    }
    super::changes::differences(&mut sys, revisions, &published);
    let min = revisions.first().map_or(5, |r| r.summary.min_count);
    sys.check(min)
}

fn headline(sys: &mut System, r: usize, rev: &Revision, responses: usize) {
    let (s, f) = (rev.summary, rev.facts);
    let min = i128::from(s.min_count);
    match s.responses {
        Cell::Shown(_) => sys.equations.push(one(responses)),
        Cell::Suppressed => sys
            .secrets
            .push((one(responses), format!("{r}: fewer than N responses"))),
    }
    let excluded = sys.var(format!("{r}/E"), i128::from(f.excluded));
    if s.excluded_percent.is_some() {
        sys.equations.push(one(excluded));
        sys.equations.push(one(responses));
    }
    sys.groups
        .push((one(excluded), format!("{r}: responses left out"), 0));
    for (i, t) in s.trend.iter().enumerate() {
        let truth = f.previous.get(i).map_or(0, |(_, n)| i128::from(*n));
        let v = sys.var(format!("{r}/trend/{}", t.period), truth);
        match t.responses {
            Cell::Shown(_) => sys.equations.push(one(v)),
            Cell::Suppressed if truth > 0 && truth < min => sys
                .secrets
                .push((one(v), format!("{r}: trend {}", t.period))),
            Cell::Suppressed => {}
        }
    }
}

fn one_table(
    sys: &mut System,
    r: usize,
    f: &Facts,
    table: &Table,
    shape: Shape,
    responses: usize,
    min: u64,
) {
    let q = &table.question;
    let cells: Vec<(usize, Cell, i128)> = table
        .rows
        .iter()
        .map(|row| {
            let truth = count(&f.tallies, q, &row.value);
            let v = sys.var(format!("{r}/{q}/{}", row.value), truth);
            let weight = row.value.parse::<i128>().unwrap_or(0);
            (v, row.count, weight)
        })
        .collect();
    let sum: i128 = cells.iter().map(|(v, _, _)| sys.truth[*v]).sum();
    let truth_total = if shape.additive {
        sum
    } else {
        i128::from(f.responses)
    };
    let total = sys.var(format!("{r}/{q}/T"), truth_total);
    if shape.additive {
        let mut c: Combination = cells
            .iter()
            .map(|(v, _, _)| (*v, Fraction::int(1)))
            .collect();
        c.push((total, Fraction::int(-1)));
        sys.equations.push(c);
    }
    if shape.total_is_responses {
        sys.equations.push(vec![
            (total, Fraction::int(1)),
            (responses, Fraction::int(-1)),
        ]);
    }
    match table.total {
        Cell::Shown(_) => sys.equations.push(one(total)),
        Cell::Suppressed => sys.secrets.push((one(total), format!("{r}: {q} total"))),
    }
    let mut hidden = Combination::new();
    for ((v, cell, _), row) in cells.iter().zip(&table.rows) {
        match cell {
            Cell::Shown(_) => sys.equations.push(one(*v)),
            Cell::Suppressed => {
                sys.secrets
                    .push((one(*v), format!("{r}: {q} = {}", row.value)));
                hidden.push((*v, Fraction::int(1)));
            }
        }
        if row.percent.is_some() {
            sys.equations.push(one(*v));
            sys.equations.push(one(total));
        }
    }
    if shape.additive && table.total != Cell::Suppressed && !hidden.is_empty() {
        let n = i128::try_from(hidden.len()).unwrap_or(i128::MAX);
        sys.groups
            .push((hidden, format!("{r}: {q}'s suppressed cells together"), n));
    }
    if !shape.rating {
        return;
    }
    let weighted: Combination = cells
        .iter()
        .map(|(v, _, w)| (*v, Fraction::int(*w)))
        .collect();
    if table.mean.is_some() {
        sys.equations.push(weighted.clone());
        sys.equations.push(one(total));
    }
    if table.mean_change.is_some() {
        previous_mean(sys, r, f, table, &cells, truth_total, min);
    }
}

/// The change of a mean: this period's average minus the one before, over both periods' cells.
fn previous_mean(
    sys: &mut System,
    r: usize,
    f: &Facts,
    table: &Table,
    cells: &[(usize, Cell, i128)],
    total: i128,
    min: u64,
) {
    let q = &table.question;
    let before: Vec<u64> = table
        .rows
        .iter()
        .map(|row| u64::try_from(count(&f.previous_tallies, q, &row.value)).unwrap_or(0))
        .collect();
    let before_total: u64 = before.iter().sum();
    let shown_before = protect(&before, before_total, min, true);
    let t_before = sys.var(format!("{r}/prev/{q}/T"), i128::from(before_total));
    let mut change: Combination = cells
        .iter()
        .map(|(v, _, w)| (*v, Fraction::new(*w, total.max(1))))
        .collect();
    let mut sum = vec![(t_before, Fraction::int(-1))];
    for ((row, n), cell) in table.rows.iter().zip(&before).zip(&shown_before.cells) {
        let z = sys.var(format!("{r}/prev/{q}/{}", row.value), i128::from(*n));
        let w = row.value.parse::<i128>().unwrap_or(0);
        change.push((z, Fraction::new(-w, i128::from(before_total).max(1))));
        sum.push((z, Fraction::int(1)));
        match cell {
            Cell::Shown(_) => sys.equations.push(one(z)),
            Cell::Suppressed => sys.secrets.push((
                one(z),
                format!("{r}: {q} = {} the period before", row.value),
            )),
        }
    }
    sys.equations.push(change);
    sys.equations.push(sum);
    sys.equations.push(one(t_before));
}
