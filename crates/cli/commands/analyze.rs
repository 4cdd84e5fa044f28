//! `khabar analyze TEXT`: each token with its offsets and the stages that changed it.

use anyhow::bail;
use khabar_analysis::{AnalyzerName, trace};

use crate::Outcome;
use crate::args::AnalyzeArgs;

pub fn run(args: AnalyzeArgs) -> anyhow::Result<Outcome> {
    let Some(name) = AnalyzerName::from_name(&args.analyzer) else {
        bail!(
            "unknown analyzer {:?}: use ar_stem or ar_exact",
            args.analyzer
        );
    };
    for t in trace(name, &args.text) {
        if args.json {
            let stages: Vec<_> = t
                .stages
                .iter()
                .map(|(stage, value)| serde_json::json!({"stage": stage, "value": value}))
                .collect();
            println!(
                "{}",
                serde_json::json!({
                    "token": t.original, "from": t.offset_from, "to": t.offset_to,
                    "position": t.position, "term": t.term, "stages": stages,
                })
            );
        } else {
            let stages: Vec<String> = t
                .stages
                .iter()
                .map(|(stage, value)| format!("{stage}→{value}"))
                .collect();
            println!(
                "{}\t{}..{}\t{}\t{}",
                t.original,
                t.offset_from,
                t.offset_to,
                t.term.as_deref().unwrap_or("(removed)"),
                stages.join(" ")
            );
        }
    }
    Ok(Outcome::Success)
}
