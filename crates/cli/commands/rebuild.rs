//! `khabar rebuild`: a complete new index from the store, switched in atomically.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::Outcome;
use crate::datadir::DataDir;
use crate::settings::Settings;

pub fn run(settings: &Settings) -> anyhow::Result<Outcome> {
    let data = DataDir::new(settings.data_dir.clone());
    let (_lock, store) = data.open_for_rebuild()?;
    let bar = ProgressBar::new(0);
    if std::io::stderr().is_terminal() {
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} articles, {per_sec}, ETA {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let report =
        khabar_index::rebuild(&store, &data.index_root(), settings.index, |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })?;
    bar.finish_and_clear();
    let secs = report.elapsed.as_secs_f64();
    eprintln!(
        "rebuilt index: {} articles in {secs:.1}s ({:.0} articles/s), {:.1} MB",
        report.articles,
        report.articles as f64 / secs.max(1e-9),
        report.size_bytes as f64 / 1e6
    );
    Ok(Outcome::Success)
}
