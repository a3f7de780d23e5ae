//! Small-cell suppression of a two-way table of counts, so that no shown number (and
//! no number recoverable from the shown ones by subtraction) rests on fewer than `k`
//! records or on fewer than `p` providing agencies.
//!
//! Steps, on the table with its row totals, column totals and grand total:
//! 1. rare rows (whose total fails the rule) are pooled into one "other values" row,
//!    so that a rare value's very name is not shown ([`pool_rare_rows`]);
//! 2. primary suppression: every entry, totals included, with 1 to `k - 1` records
//!    or fewer than `p` distinct agencies ([`Rule::fails`]); zeros rest on nobody and
//!    are shown;
//! 3. secondary suppression: every line (a row with its total, a column with its
//!    total, the totals row, the totals column) is additive, so a line with exactly
//!    one suppressed entry would give it away by subtraction; the line's smallest
//!    shown non-zero cell is suppressed too, or, when it has none, its total.
//!    Repeated until no line has exactly one suppressed entry.
//!
//! Invariant: in the result no line has exactly one suppressed entry, and no shown
//! entry fails the rule. Agencies are counted, never named.

use std::collections::BTreeSet;

/// What one entry of the table rests on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Records counted.
    pub records: u64,
    /// The distinct providers of those records (opaque numbers, never shown).
    pub agencies: BTreeSet<usize>,
}

impl Tally {
    /// A tally of `records` records from the given agencies.
    pub fn new(records: u64, agencies: impl IntoIterator<Item = usize>) -> Self {
        Self {
            records,
            agencies: agencies.into_iter().collect(),
        }
    }

    /// Adds another tally (counts add; providers unite).
    pub fn add(&mut self, other: &Tally) {
        self.records += other.records;
        self.agencies.extend(other.agencies.iter().copied());
    }
}

/// The thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Fewest records a shown non-zero entry may rest on (k).
    pub min_records: u64,
    /// Fewest providing agencies a shown non-zero entry may rest on (p).
    pub min_agencies: usize,
}

impl Rule {
    /// Whether an entry must be suppressed on its own (primary suppression).
    pub fn fails(&self, t: &Tally) -> bool {
        t.records > 0 && (t.records < self.min_records || t.agencies.len() < self.min_agencies)
    }
}

/// One row of input: its label and a tally per column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The value of the grouping field.
    pub label: String,
    /// One tally per column.
    pub cells: Vec<Tally>,
}

/// Label of the row that pools rare values.
pub const OTHER_VALUES: &str = "(other values)";

fn total_of<'a>(tallies: impl IntoIterator<Item = &'a Tally>) -> Tally {
    let mut t = Tally::default();
    for x in tallies {
        t.add(x);
    }
    t
}

/// Pools every row whose total fails the rule into one [`OTHER_VALUES`] row, placed
/// last; the other rows keep their order.
pub fn pool_rare_rows(rows: Vec<Row>, columns: usize, rule: &Rule) -> Vec<Row> {
    let mut kept = Vec::with_capacity(rows.len());
    let mut other: Option<Row> = None;
    for row in rows {
        if rule.fails(&total_of(&row.cells)) {
            let pool = other.get_or_insert_with(|| Row {
                label: OTHER_VALUES.into(),
                cells: vec![Tally::default(); columns],
            });
            for (into, from) in pool.cells.iter_mut().zip(&row.cells) {
                into.add(from);
            }
        } else {
            kept.push(row);
        }
    }
    kept.extend(other);
    kept
}

/// The published table: `None` is a suppressed entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    /// Row labels.
    pub labels: Vec<String>,
    /// Entries, rows × columns.
    pub cells: Vec<Vec<Option<u64>>>,
    /// Row totals.
    pub row_totals: Vec<Option<u64>>,
    /// Column totals.
    pub column_totals: Vec<Option<u64>>,
    /// Grand total.
    pub total: Option<u64>,
}

/// A position in the full matrix (row, column), totals last.
type Pos = (usize, usize);

/// Suppresses `rows` (each with `columns` cells) under `rule`: primary, then
/// secondary suppression to a fixed point (see the module documentation).
pub fn suppress(rows: &[Row], columns: usize, rule: &Rule) -> Suppressed {
    let r = rows.len();
    // The full matrix: rows then the totals row; columns then the totals column.
    let mut m: Vec<Vec<Tally>> = Vec::with_capacity(r + 1);
    for row in rows {
        let mut line: Vec<Tally> = (0..columns)
            .map(|j| row.cells.get(j).cloned().unwrap_or_default())
            .collect();
        line.push(total_of(&line));
        m.push(line);
    }
    let totals: Vec<Tally> = (0..=columns)
        .map(|j| total_of(m.iter().filter_map(|line| line.get(j))))
        .collect();
    m.push(totals);
    let mut hidden: Vec<Vec<bool>> = m
        .iter()
        .map(|line| line.iter().map(|t| rule.fails(t)).collect())
        .collect();
    // Lines as (cells, total) positions.
    let mut lines: Vec<(Vec<Pos>, Pos)> = Vec::new();
    for i in 0..=r {
        lines.push(((0..columns).map(|j| (i, j)).collect(), (i, columns)));
    }
    for j in 0..=columns {
        lines.push(((0..r).map(|i| (i, j)).collect(), (r, j)));
    }
    let records = |(i, j): (usize, usize)| m.get(i).and_then(|l| l.get(j)).map_or(0, |t| t.records);
    let is_hidden = |h: &Vec<Vec<bool>>, (i, j): (usize, usize)| {
        h.get(i).and_then(|l| l.get(j)).copied().unwrap_or(false)
    };
    loop {
        let mut changed = false;
        for (cells, total) in &lines {
            let count = cells.iter().filter(|&&p| is_hidden(&hidden, p)).count()
                + usize::from(is_hidden(&hidden, *total));
            if count != 1 {
                continue;
            }
            let complement = cells
                .iter()
                .copied()
                .filter(|&p| !is_hidden(&hidden, p) && records(p) > 0)
                .min_by_key(|&p| (records(p), p))
                .or_else(|| (!is_hidden(&hidden, *total)).then_some(*total));
            if let Some((i, j)) = complement
                && let Some(slot) = hidden.get_mut(i).and_then(|l| l.get_mut(j))
            {
                *slot = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let shown = |i: usize, j: usize| (!is_hidden(&hidden, (i, j))).then(|| records((i, j)));
    Suppressed {
        labels: rows.iter().map(|row| row.label.clone()).collect(),
        cells: (0..r)
            .map(|i| (0..columns).map(|j| shown(i, j)).collect())
            .collect(),
        row_totals: (0..r).map(|i| shown(i, columns)).collect(),
        column_totals: (0..columns).map(|j| shown(r, j)).collect(),
        total: shown(r, columns),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        min_records: 5,
        min_agencies: 3,
    };

    fn row(label: &str, cells: &[(u64, &[usize])]) -> Row {
        Row {
            label: label.into(),
            cells: cells
                .iter()
                .map(|(n, a)| Tally::new(*n, a.iter().copied()))
                .collect(),
        }
    }

    /// Checks the invariant, and that no line lets a hidden entry be computed.
    fn assert_safe(t: &Suppressed) {
        let mut lines: Vec<Vec<Option<u64>>> = Vec::new();
        for (i, cells) in t.cells.iter().enumerate() {
            let mut l = cells.clone();
            l.push(t.row_totals[i]);
            lines.push(l);
        }
        let mut l = t.column_totals.clone();
        l.push(t.total);
        lines.push(l);
        for j in 0..t.column_totals.len() {
            let mut l: Vec<Option<u64>> = t.cells.iter().map(|r| r[j]).collect();
            l.push(t.column_totals[j]);
            lines.push(l);
        }
        let mut l = t.row_totals.clone();
        l.push(t.total);
        lines.push(l);
        for l in lines {
            let hidden = l.iter().filter(|x| x.is_none()).count();
            assert_ne!(hidden, 1, "a line gives its one hidden entry away: {l:?}");
        }
    }

    #[test]
    fn a_table_that_passes_everywhere_is_shown_whole() {
        let rows = vec![
            row("7.62x39mm", &[(6, &[0, 1, 2]), (5, &[0, 1, 2])]),
            row("5.56x45mm", &[(7, &[1, 2, 3]), (9, &[0, 2, 3])]),
        ];
        let t = suppress(&rows, 2, &RULE);
        assert_eq!(
            t.cells,
            vec![vec![Some(6), Some(5)], vec![Some(7), Some(9)]]
        );
        assert_eq!(t.row_totals, vec![Some(11), Some(16)]);
        assert_eq!(t.column_totals, vec![Some(13), Some(14)]);
        assert_eq!(t.total, Some(27));
    }

    /// A naive table would show agency 9's 6 cases alone in a cell: many records, one
    /// provider. Suppressed by the agency rule, and protected from subtraction.
    #[test]
    fn one_agency_alone_in_a_cell_is_hidden_and_not_recoverable() {
        let rows = vec![
            row("7.62x39mm", &[(6, &[0, 1, 2]), (6, &[9])]),
            row("5.56x45mm", &[(7, &[1, 2, 3]), (9, &[0, 2, 3])]),
            row("12.7x99mm", &[(8, &[0, 1, 3]), (5, &[1, 2, 3])]),
        ];
        let t = suppress(&rows, 2, &RULE);
        assert_eq!(t.cells[0][1], None, "one provider only");
        // Without secondary suppression, row total 12 - 6 would give it back.
        assert_safe(&t);
        assert!(t.row_totals[0].is_none() || t.cells[0][0].is_none());
        assert!(t.column_totals[1].is_none() || t.cells[1][1].is_none() || t.cells[2][1].is_none());
    }

    /// Every cell passes, but one agency's 2 cases sit alone in a total's difference:
    /// a total resting on few records is itself suppressed, and so is a partner.
    #[test]
    fn a_total_that_would_reveal_is_suppressed_with_a_partner() {
        // Column 1 total is 3 records from one agency: the cells are 2 and 1.
        let rows = vec![
            row("a", &[(10, &[0, 1, 2]), (2, &[7])]),
            row("b", &[(12, &[0, 1, 2]), (1, &[7])]),
        ];
        let t = suppress(&rows, 2, &RULE);
        assert_eq!(t.column_totals[1], None);
        assert_eq!(t.cells[0][1], None);
        assert_eq!(t.cells[1][1], None);
        assert_safe(&t);
    }

    #[test]
    fn secondary_suppression_picks_the_smallest_shown_cell() {
        let rows = vec![
            row("a", &[(3, &[0, 1, 2]), (20, &[0, 1, 2]), (8, &[0, 1, 2])]),
            row("b", &[(30, &[0, 1, 2]), (40, &[0, 1, 2]), (9, &[0, 1, 2])]),
        ];
        let t = suppress(&rows, 3, &RULE);
        assert_eq!(
            t.cells[0],
            vec![None, Some(20), None],
            "3 primary, 8 its partner"
        );
        assert_safe(&t);
        // Column partners: the smallest cells of columns 0 and 2 in row b.
        assert_eq!(t.cells[1], vec![None, Some(40), None]);
        assert_eq!(t.row_totals, vec![Some(31), Some(79)]);
    }

    #[test]
    fn zeros_rest_on_nobody_and_a_lone_cell_takes_its_total_with_it() {
        let rows = vec![row("a", &[(0, &[]), (2, &[0]), (0, &[])])];
        let t = suppress(&rows, 3, &RULE);
        assert_eq!(t.cells[0], vec![Some(0), None, Some(0)]);
        assert_eq!(t.row_totals[0], None);
        assert_eq!(t.column_totals, vec![Some(0), None, Some(0)]);
        assert_eq!(t.total, None);
        assert_safe(&t);
    }

    #[test]
    fn rare_values_are_pooled_so_their_names_are_not_shown() {
        let rows = vec![
            row("common", &[(9, &[0, 1, 2])]),
            row("rare one", &[(1, &[4])]),
            row("rare two", &[(2, &[5])]),
        ];
        let pooled = pool_rare_rows(rows, 1, &RULE);
        let labels: Vec<&str> = pooled.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["common", OTHER_VALUES]);
        assert_eq!(pooled[1].cells[0], Tally::new(3, [4, 5]));
        let t = suppress(&pooled, 1, &RULE);
        assert_eq!(t.cells[1][0], None);
        assert_safe(&t);
    }

    #[test]
    fn random_tables_are_always_safe() {
        let mut x: u32 = 0x9E37_79B9;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        for _ in 0..300 {
            let rows_n = 1 + (next() % 5) as usize;
            let cols_n = 1 + (next() % 5) as usize;
            let rows: Vec<Row> = (0..rows_n)
                .map(|i| Row {
                    label: i.to_string(),
                    cells: (0..cols_n)
                        .map(|_| {
                            let n = u64::from(next() % 12);
                            let agencies =
                                (0..(next() % 5).min(n as u32)).map(|_| (next() % 6) as usize);
                            Tally::new(n, agencies)
                        })
                        .collect(),
                })
                .collect();
            let t = suppress(&rows, cols_n, &RULE);
            assert_safe(&t);
            for (i, r) in rows.iter().enumerate() {
                for (j, c) in r.cells.iter().enumerate() {
                    if RULE.fails(c) {
                        assert_eq!(t.cells[i][j], None);
                    }
                }
            }
        }
    }
}
