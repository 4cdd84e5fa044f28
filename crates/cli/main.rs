//! The `khabar` command: ingest Arabic news feeds, index them, search them.
//!
//! Exit codes, as grep's: 0 success (search: hits found), 1 search found nothing,
//! 2 an error (for ingest: at least one feed failed; the others were still ingested).

mod args;
mod commands;
mod config_file;
mod datadir;
mod files;
mod import_line;
mod output;
mod persons_file;
mod settings;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command, LogFormat};

/// What a command reports back to `main`.
pub enum Outcome {
    /// Everything worked (search: something was found).
    Success,
    /// Search matched nothing.
    NoMatch,
    /// Partial failure already reported on stderr (e.g. one feed of many failed).
    PartialFailure,
}

fn init_logging(level: &str, format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_new(level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.with_target(false).init(),
        LogFormat::Json => builder.json().init(),
    }
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let config = settings::load_config(cli.config.as_deref())?;
    let settings = settings::Settings::resolve(cli.data_dir.clone(), config)?;
    match cli.command {
        Command::Feeds(cmd) => commands::feeds::run(&settings, cmd),
        Command::Ingest(args) => commands::ingest::run(&settings, args),
        Command::Import(args) => commands::import::run(&settings, args),
        Command::Search(args) => commands::search::run(&settings, args),
        Command::Show(args) => commands::show::run(&settings, args),
        Command::Stats(args) => commands::stats::run(&settings, args),
        Command::Export(args) => commands::export::run(&settings, args),
        Command::Rebuild => commands::rebuild::run(&settings),
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Demo(args) => commands::demo::run(&settings, args),
        Command::Persons(args) => commands::persons::run_persons(&settings, args),
        Command::Person(args) => commands::persons::run_person(&settings, args),
        Command::Run => commands::run::run(&settings),
    }
}

/// A closed stdout (`khabar search … | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli.log, cli.log_format);
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::NoMatch) => ExitCode::from(1),
        Ok(Outcome::PartialFailure) => ExitCode::from(2),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
