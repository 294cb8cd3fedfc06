//! Reading a student's own data set from CSV text.
//!
//! Two shapes are accepted, decided by the number of columns of the first data row:
//! * `x1,x2,label` — 2-D classification, labels are class numbers 0–9 (K = largest label + 1, K ≥ 2);
//! * `x,y` — 1-D regression (one input, one target), like the `sine` data set.
//!
//! The first line is a header if its first field is not a number. Empty lines are skipped; fields
//! may be separated by commas, semicolons or tabs and padded with spaces. Rows are numbered as lines
//! of the file (1-based), and the first bad row is named in the error. NaN and ±inf are rejected.

use super::data::Dataset;
use super::error::MlpError;
use super::loss::Task;

/// Largest number of data rows accepted.
pub const MAX_ROWS: usize = 10_000;

fn csv_err<T>(msg: String) -> Result<T, MlpError> {
    Err(MlpError::Csv(msg))
}

fn split_fields(line: &str) -> Vec<&str> {
    line.split([',', ';', '\t']).map(str::trim).collect()
}

fn number(field: &str, row: usize, name: &str) -> Result<f64, MlpError> {
    match field.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => csv_err(format!("row {row}: {name} '{field}' is not a finite number")),
        Err(_) => csv_err(format!("row {row}: {name} '{field}' is not a number")),
    }
}

/// Parses CSV text into a data set (see the module doc for the accepted shapes).
pub fn parse_csv(text: &str) -> Result<Dataset, MlpError> {
    let mut columns: Option<usize> = None;
    let mut x = Vec::new();
    let mut y = Vec::new();
    let mut max_label = 0usize;
    for (i, line) in text.lines().enumerate() {
        let row = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let fields = split_fields(line);
        if columns.is_none() && i == first_nonempty(text) && fields[0].parse::<f64>().is_err() {
            continue; // header
        }
        let cols = *columns.get_or_insert(fields.len());
        if cols != 2 && cols != 3 {
            return csv_err(format!(
                "row {row}: expected 3 columns (x1,x2,label) or 2 columns (x,y), found {}",
                fields.len()
            ));
        }
        if fields.len() != cols {
            return csv_err(format!("row {row}: expected {cols} columns like the first row, found {}", fields.len()));
        }
        if y.len() >= MAX_ROWS {
            return csv_err(format!("row {row}: too many rows (at most {MAX_ROWS})"));
        }
        if cols == 3 {
            x.push(number(fields[0], row, "x1")?);
            x.push(number(fields[1], row, "x2")?);
            let lab = fields[2];
            match lab.parse::<f64>() {
                Ok(v) if (0.0..=9.0).contains(&v) && v.fract() == 0.0 => {
                    max_label = max_label.max(v as usize);
                    y.push(v);
                }
                _ => return csv_err(format!("row {row}: label '{lab}' is not a class number 0–9")),
            }
        } else {
            x.push(number(fields[0], row, "x")?);
            y.push(number(fields[1], row, "y")?);
        }
    }
    let cols = match columns {
        Some(c) => c,
        None => return csv_err("the file has no data rows".to_string()),
    };
    if y.len() < 2 {
        return csv_err(format!("the file has {} data row(s); at least 2 are needed", y.len()));
    }
    if cols == 3 {
        if max_label == 0 {
            return csv_err("all labels are 0; classification needs at least 2 classes".to_string());
        }
        Dataset::new(x, 2, y, Task::Classification { classes: max_label + 1 })
    } else {
        Dataset::new(x, 1, y, Task::Regression)
    }
}

fn first_nonempty(text: &str) -> usize {
    text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_with_header() {
        let d = parse_csv("x1,x2,label\n0.1, 0.2, 0\n-1,3,2\n\n0.5;0.5;1\n").expect("valid");
        assert_eq!(d.len(), 3);
        assert_eq!(d.task(), Task::Classification { classes: 3 });
        assert_eq!(d.x(), &[0.1, 0.2, -1.0, 3.0, 0.5, 0.5]);
    }

    #[test]
    fn regression_without_header() {
        let d = parse_csv("0,1\n1,2.5\n").expect("valid");
        assert_eq!(d.task(), Task::Regression);
        assert_eq!((d.dim(), d.y()), (1, &[1.0, 2.5][..]));
    }

    #[test]
    fn errors_name_the_first_bad_row() {
        let e = parse_csv("x1,x2,label\n0,0,0\n0,0,1\n1,1,2.5\n").unwrap_err();
        assert_eq!(e.to_string(), "row 4: label '2.5' is not a class number 0–9");
        let e = parse_csv("0,0,0\n1,NaN,1\n").unwrap_err();
        assert_eq!(e.to_string(), "row 2: x2 'NaN' is not a finite number");
        let e = parse_csv("0,0,0\n1,abc,1\n").unwrap_err();
        assert_eq!(e.to_string(), "row 2: x2 'abc' is not a number");
        let e = parse_csv("0,0,0\n1,1\n").unwrap_err();
        assert_eq!(e.to_string(), "row 2: expected 3 columns like the first row, found 2");
        assert!(parse_csv("").is_err());
        assert!(parse_csv("0,0,0\n1,1,0\n").is_err()); // one class only
        assert!(parse_csv("0,0,12\n1,1,0\n").is_err());
    }
}
