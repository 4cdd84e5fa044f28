//! Results for people: numbered hits, metadata line, snippet with matches marked.

use khabar_index::SearchHit;

use super::format_time;

const MATCH_ON: &str = "\x1b[1;31m";
const TITLE_ON: &str = "\x1b[1m";
const DIM_ON: &str = "\x1b[2m";
const OFF: &str = "\x1b[0m";

/// `text` with the byte ranges in `highlights` wrapped in color codes (or left plain).
pub fn highlight(text: &str, highlights: &[(usize, usize)], color: bool, base: &str) -> String {
    if !color {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + highlights.len() * 12);
    let mut at = 0;
    for &(from, to) in highlights {
        // Ranges come from the analyzer on this very text; skip any that are not on
        // char boundaries rather than panic.
        if from < at
            || to > text.len()
            || !text.is_char_boundary(from)
            || !text.is_char_boundary(to)
        {
            continue;
        }
        out.push_str(&text[at..from]);
        out.push_str(MATCH_ON);
        out.push_str(&text[from..to]);
        out.push_str(OFF);
        out.push_str(base);
        at = to;
    }
    out.push_str(&text[at..]);
    out
}

/// One hit as a few lines.
pub fn format_hit(rank: usize, hit: &SearchHit, color: bool) -> String {
    let (title_on, dim_on, off) = if color {
        (TITLE_ON, DIM_ON, OFF)
    } else {
        ("", "", "")
    };
    let title = highlight(&hit.title, &hit.title_highlights, color, title_on);
    let mut meta = Vec::new();
    if let Some(feed) = &hit.feed {
        meta.push(feed.clone());
    }
    if let Some(p) = hit.published {
        meta.push(format_time(p));
    }
    meta.push(hit.id.clone());
    let mut out = format!(
        "{rank}. {title_on}{title}{off}\n   {dim_on}{}{off}\n",
        meta.join(" · ")
    );
    if let Some(url) = &hit.url {
        out.push_str(&format!("   {dim_on}{url}{off}\n"));
    }
    if !hit.persons.is_empty() {
        out.push_str(&format!(
            "   {dim_on}persons: {}{off}\n",
            hit.persons.join("، ")
        ));
    }
    if !hit.duplicates.is_empty() {
        let outlets: Vec<&str> = hit
            .duplicates
            .iter()
            .map(|d| d.feed.as_deref().unwrap_or(d.id.as_str()))
            .collect();
        out.push_str(&format!(
            "   {dim_on}also in: {}{off}\n",
            outlets.join(", ")
        ));
    }
    if !hit.snippet.text.is_empty() {
        let snippet = highlight(&hit.snippet.text, &hit.snippet.highlights, color, "");
        out.push_str(&format!("   {}\n", snippet.replace('\n', " ")));
    }
    out
}

/// A facet as a small table.
pub fn format_facet(facet: &khabar_index::FacetCounts) -> String {
    let mut out = format!("{}:\n", facet.kind.name());
    for (value, count) in &facet.counts {
        out.push_str(&format!("  {count:>6}  {value}\n"));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_arabic_ranges() {
        let text = "قال لافروف إن";
        let from = text.find("لافروف").unwrap();
        let out = highlight(text, &[(from, from + "لافروف".len())], true, "");
        assert_eq!(out, format!("قال {MATCH_ON}لافروف{OFF} إن"));
        // A range off a char boundary is skipped, not a panic.
        assert_eq!(highlight(text, &[(1, 3)], true, ""), text);
    }
}
