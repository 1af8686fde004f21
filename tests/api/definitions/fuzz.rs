//! Mutated shipped definitions: never a panic, every refusal located.

use super::{examples, today};
use yousaid::definitions::{Severity, parse};

use crate::splitmix;

/// Replacements for a scalar: the edges a producer's typo or a hostile file could hit.
const ODD_SCALARS: [&str; 28] = [
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "18446744073709551616",
    "-9223372036854775809",
    "-1",
    "0",
    "1e308",
    "-1e309",
    ".nan",
    ".inf",
    "",
    "''",
    "\"\"",
    "~",
    "null",
    "[]",
    "{}",
    "[",
    "{ a: ",
    "\"\\0\"",
    "\"a\\u0000b\"",
    "ŵ😀\u{202e}\u{feff}",
    "&anchor value",
    "*anchor",
    "*undefined",
    "!!binary aGVsbG8=",
    "yes",
    "\t",
];

/// Whole lines worth inserting.
const ODD_LINES: [&str; 10] = [
    "<<: *anchor",
    "base: &anchor { id: x, type: text, label: X }",
    "  - *anchor",
    "a: &a [*a]",
    "l1: &l1 [x, x, x, x, x, x, x, x, x]\nl2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]\nl3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]\nl4: [*l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3]",
    "---",
    "...",
    "%YAML 1.2",
    "? complex key\n: value",
    "questions:",
];

fn mutate(rng: &mut splitmix::SplitMix64, source: &str) -> String {
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    for _ in 0..1 + rng.below(4) {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let i = rng.below(lines.len());
        match rng.below(10) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            2 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            3 => {
                let indent = rng.pick(&["", " ", "  ", "      ", "\t", "   "]);
                let line = format!("{indent}{}", lines[i].trim_start());
                lines[i] = line;
            }
            4 | 5 => {
                // The scalar after `key: ` or `- `.
                let line = &lines[i];
                let cut = line
                    .find(": ")
                    .map(|p| p + 2)
                    .or_else(|| line.find("- ").map(|p| p + 2));
                if let Some(cut) = cut {
                    let odd = *rng.pick(&ODD_SCALARS);
                    lines[i] = format!("{}{odd}", &line[..cut]);
                }
            }
            6 => {
                let odd = *rng.pick(&ODD_LINES);
                lines.insert(i, odd.to_owned());
            }
            7 => {
                let len = rng.below(24);
                let garbage = String::from_utf8_lossy(&rng.bytes(len)).into_owned();
                let at = (0..=lines[i].len())
                    .filter(|p| lines[i].is_char_boundary(*p))
                    .nth(rng.below(lines[i].chars().count() + 1))
                    .unwrap_or(0);
                lines[i].insert_str(at, &garbage);
            }
            8 => lines.truncate(i),
            _ => {
                let odd = rng.pick(&[
                    "\u{0}", "\r", "\u{2028}", "\u{85}", "#", ":", "\"", "'", "|", ">",
                ]);
                lines[i].push_str(odd);
            }
        }
    }
    let mut out = lines.join(if rng.one_in(8) { "\r\n" } else { "\n" });
    if rng.one_in(2) {
        out.push('\n');
    }
    out
}

#[test]
fn fuzz_mutated_shipped_definitions_never_panic_and_every_refusal_has_an_error_with_a_line() {
    const CASES_PER_FILE: usize = 3_000;
    let files = examples();
    let started = std::time::Instant::now();
    let (mut accepted, mut refused) = (0, 0);
    for (f, path) in files.iter().enumerate() {
        let source = std::fs::read_to_string(path).unwrap();
        let id = path.file_stem().unwrap().to_str().unwrap();
        let mut rng = splitmix::SplitMix64::new(0x5eed_0000 + f as u64);
        for case in 0..CASES_PER_FILE {
            let yaml = mutate(&mut rng, &source);
            let outcome = std::panic::catch_unwind(|| parse(id, &yaml, today()))
                .unwrap_or_else(|_| panic!("{} case {case} panicked on:\n{yaml}", path.display()));
            match &outcome.survey {
                Some(survey) => {
                    accepted += 1;
                    // What a checked survey says is stored with every response.
                    let value = serde_json::to_value(survey).unwrap();
                    assert_eq!(
                        yousaid::storable::check_json(&value),
                        Ok(()),
                        "{} case {case} was accepted with text no database can store:\n{yaml}",
                        path.display()
                    );
                }
                None => {
                    refused += 1;
                    assert!(
                        outcome
                            .diagnostics
                            .iter()
                            .any(|d| d.severity == Severity::Error && d.line >= 1),
                        "{} case {case} was refused without an error on a line: {:?}\n{yaml}",
                        path.display(),
                        outcome.diagnostics
                    );
                }
            }
        }
    }
    eprintln!(
        "{} cases: {accepted} accepted, {refused} refused, in {:?}",
        files.len() * CASES_PER_FILE,
        started.elapsed()
    );
}
