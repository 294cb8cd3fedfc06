//! Reading uploaded or pasted points: "x,y" text, one point per row.

use super::error::ShrinkError;

/// Parses "x,y" rows into points.
///
/// Accepted: an optional header row (a first non-comment row whose fields are not numbers, e.g.
/// `x,y`), comment lines starting with `#`, blank lines, spaces around values, and `;` or tab as
/// separator instead of `,`. Every other row must hold exactly two finite numbers. The error
/// names the first bad row by its 1-based line number, e.g. `row 7: 'abc' is not a number`.
pub fn parse_csv(text: &str) -> Result<Vec<(f64, f64)>, ShrinkError> {
    let mut points = Vec::new();
    let mut seen_data_row = false;
    for (index, raw) in text.lines().enumerate() {
        let row = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split([',', ';', '\t']).map(str::trim).collect();
        let is_header = !seen_data_row
            && points.is_empty()
            && fields.iter().all(|f| f.parse::<f64>().is_err());
        seen_data_row = true;
        if is_header {
            continue;
        }
        if fields.len() != 2 {
            return Err(ShrinkError::Csv(format!(
                "row {row}: expected two values 'x,y' but found {} in '{line}'",
                fields.len()
            )));
        }
        let mut xy = [0.0; 2];
        for (slot, field) in xy.iter_mut().zip(&fields) {
            let v: f64 = field
                .parse()
                .map_err(|_| ShrinkError::Csv(format!("row {row}: '{field}' is not a number")))?;
            if !v.is_finite() {
                return Err(ShrinkError::Csv(format!(
                    "row {row}: '{field}' is not a finite number (NaN and infinity are not allowed)"
                )));
            }
            *slot = v;
        }
        points.push((xy[0], xy[1]));
    }
    if points.is_empty() {
        return Err(ShrinkError::Csv("no data rows found: expected lines like '0.5,1.2'".into()));
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_header_comments_and_blank_lines() {
        let text = "x,y\n# a comment\n\n0.5, 1\n-1;2e-1\n 0\t-3 \n";
        assert_eq!(parse_csv(text).unwrap(), vec![(0.5, 1.0), (-1.0, 0.2), (0.0, -3.0)]);
    }

    #[test]
    fn names_the_first_bad_row() {
        let text = "x,y\n1,2\n# c\n\n3,4\n5,6\n7,abc\n8,oops";
        assert_eq!(parse_csv(text).unwrap_err().to_string(), "row 7: 'abc' is not a number");
    }

    #[test]
    fn rejects_nan_inf_wrong_arity_and_empty() {
        assert!(parse_csv("1,NaN").unwrap_err().to_string().starts_with("row 1: 'NaN' is not a finite number"));
        assert!(parse_csv("1,2\ninf,2").unwrap_err().to_string().starts_with("row 2: 'inf'"));
        assert!(parse_csv("1,2,3").unwrap_err().to_string().contains("expected two values"));
        assert!(parse_csv("# nothing\n").is_err());
        // A non-numeric row after data is an error, not a second header.
        assert_eq!(parse_csv("1,2\nx,y").unwrap_err().to_string(), "row 2: 'x' is not a number");
    }
}
