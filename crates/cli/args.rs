//! Command-line arguments (clap). Only the CLI knows about these.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Khabar (خبر): search engine for Arabic news.
#[derive(Debug, Parser)]
#[command(name = "khabar", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// Directory holding the article store and the index.
    #[arg(
        long,
        global = true,
        env = "KHABAR_DATA_DIR",
        default_value = "khabar-data",
        value_name = "DIR"
    )]
    pub data_dir: PathBuf,

    /// Config file [default: config/khabar.toml if it exists, else built-in defaults].
    #[arg(long, global = true, env = "KHABAR_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Log level for messages on stderr (error, warn, info, debug, trace).
    #[arg(
        long,
        global = true,
        env = "KHABAR_LOG",
        default_value = "warn",
        value_name = "LEVEL"
    )]
    pub log: String,

    /// Log format on stderr.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage the feed list.
    #[command(subcommand)]
    Feeds(FeedsCommand),
    /// Fetch every feed once, store new articles and index them.
    Ingest(IngestArgs),
    /// Bulk-import articles from JSON Lines ({"id","title","body","url"?,"published"?,"feed"?,"author"?}).
    Import(ImportArgs),
    /// Search the index.
    Search(SearchArgs),
    /// Print one article in full: text, metadata, persons, copies.
    Show(ShowArgs),
    /// Counts per feed and day, index size, versions.
    Stats(StatsArgs),
    /// Print stored articles as JSON Lines (the shape `import` reads).
    Export(ExportArgs),
    /// Rebuild the index from the store, then switch to it atomically.
    Rebuild,
    /// Show how the analyzers turn text into index terms.
    Analyze(AnalyzeArgs),
    /// Run the main job on bundled offline data: ingest sample Arabic feeds and search them.
    Demo(DemoArgs),
    /// The most mentioned people; `persons extract` prints the person mentions of a text.
    Persons(PersonsArgs),
    /// One person: spellings seen, articles over time, co-mentioned people, feeds.
    Person(PersonArgs),
    /// Keep every feed fresh: fetch each one when due and index new articles, until SIGINT/SIGTERM.
    Run,
}

#[derive(Debug, Subcommand)]
pub enum FeedsCommand {
    /// Add a feed (http(s):// URL, file:// URL or local path).
    Add {
        /// Where to fetch it.
        url: String,
        /// Display name (default: the feed's own title).
        #[arg(long)]
        name: Option<String>,
        /// Fetch each article's page for its full text.
        #[arg(long)]
        full_text: bool,
    },
    /// List feeds with their health.
    List {
        /// One JSON object per feed.
        #[arg(long)]
        json: bool,
    },
    /// Add the feeds listed in a TOML file (see config/feeds.toml); known URLs are skipped.
    Load {
        /// The feeds file.
        file: PathBuf,
    },
    /// Add the feeds of an OPML file (nested outlines; `xmlUrl`, `title`/`text`); known URLs are skipped.
    Import {
        /// The OPML file.
        file: PathBuf,
    },
    /// Print every feed as OPML 2.0.
    Export,
    /// Remove a feed.
    Remove {
        /// Feed id (see `feeds list`).
        id: i64,
        /// Also delete its stored articles (default: keep them).
        #[arg(long)]
        delete_articles: bool,
    },
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Only this feed (id from `feeds list`).
    #[arg(long, value_name = "ID")]
    pub feed: Option<i64>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// JSON Lines file, or `-` for stdin.
    pub file: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    /// TREC run lines: `qid Q0 docid rank score khabar`.
    Trec,
    /// One JSON object per hit, with its qid.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Color when stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", AND/OR/NOT, -word, (groups), title:/body:/feed:/person: prefixes.
    #[arg(required_unless_present_any = ["batch", "person"])]
    pub query: Option<String>,
    /// Hits to show.
    #[arg(long, short = 'n')]
    pub limit: Option<usize>,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// One JSON object per line (see README, "JSON output").
    #[arg(long)]
    pub json: bool,
    /// Only articles of this feed (its name, as in `feeds list`).
    #[arg(long)]
    pub feed: Option<String>,
    /// Only articles that mention this person: a name in Arabic (any form) or Latin script, a role, or an id
    /// (a name that may mean several people finds them all, and says so on stderr).
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
    /// Only articles published since: a date (2024-05-01), a time (RFC 3339) or an age (24h, 7d).
    #[arg(long)]
    pub since: Option<String>,
    /// Only articles published before: a date, a time or an age.
    #[arg(long)]
    pub until: Option<String>,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Take the query as plain words: no operators, quotes or field prefixes.
    #[arg(long)]
    pub plain: bool,
    /// Run every query of a JSON Lines file ({"qid","query"}) and print a run.
    #[arg(long, value_name = "QUERIES.jsonl", conflicts_with = "query")]
    pub batch: Option<PathBuf>,
    /// Output format of --batch.
    #[arg(long, value_enum, default_value_t = BatchFormat::Trec, requires = "batch")]
    pub format: BatchFormat,
    /// Color the matched words.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Favor recent articles among equally good matches (WEIGHT 1.0: a new article
    /// scores up to twice as much; the gain halves every 24 hours of age).
    #[arg(long, value_name = "WEIGHT", num_args = 0..=1, default_missing_value = "1.0")]
    pub fresh: Option<f32>,
    /// Show every copy of a wire story, not one hit per story.
    #[arg(long)]
    pub no_collapse: bool,
    /// Count matches per value over all matching articles: feed, person, day (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "FACETS")]
    pub facets: Vec<String>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PersonsArgs {
    #[command(subcommand)]
    pub command: Option<PersonsCommand>,
    /// Only articles published since: a date, a time or an age (24h, 7d).
    #[arg(long)]
    pub since: Option<String>,
    /// Only articles of this feed (its name, as in `feeds list`).
    #[arg(long)]
    pub feed: Option<String>,
    /// People to show.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// One JSON object per person.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PersonsCommand {
    /// Read a text on stdin and print its person mentions as JSON (char offsets, resolved person).
    Extract,
    /// Train the statistical person tagger on an IOB file (`word TAG` per line,
    /// B-PERS/I-PERS) and write the model; set `persons_model` to use it.
    Train {
        /// The IOB file (ANERcorp's format).
        file: PathBuf,
        /// Word clusters (`word<TAB>cluster<TAB>cluster`; README, "Person tagger"); improve unseen names.
        #[arg(long)]
        clusters: Option<PathBuf>,
        /// Unlabelled news (JSON Lines with `title`/`body`, as `khabar export` writes): learn how
        /// often it names someone with each word, read by the rules and then by a first tagger.
        #[arg(long)]
        news: Option<PathBuf>,
        /// Passes over the training data.
        #[arg(long, default_value_t = 10)]
        epochs: usize,
        /// Where to write the model.
        #[arg(long, short = 'o')]
        out: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct PersonArgs {
    /// The person: a name in Arabic (any spelling or clitic form) or Latin script, a role, or an id
    /// (a name that may mean several people counts them all, and says so on stderr).
    pub name: String,
    /// Only articles published since: a date, a time or an age (24h, 7d).
    #[arg(long)]
    pub since: Option<String>,
    /// Only articles of this feed.
    #[arg(long)]
    pub feed: Option<String>,
    /// Co-mentioned people to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// One JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Article id (as printed by search).
    pub id: String,
    /// One JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// One JSON object.
    #[arg(long)]
    pub json: bool,
    /// Days shown in the per-day counts (most recent first).
    #[arg(long, default_value_t = 14)]
    pub days: usize,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only this feed's articles.
    #[arg(long, value_name = "ID")]
    pub feed: Option<i64>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The text to analyze.
    pub text: String,
    /// Analyzer: ar_stem (stemmed, the recall field) or ar_exact (normalized only).
    #[arg(long, default_value = "ar_stem")]
    pub analyzer: String,
    /// One JSON object per token.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to build the demo's data (wiped first) [default: a folder in the system temp dir].
    #[arg(long, value_name = "DIR")]
    pub demo_dir: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        super::Cli::command().debug_assert();
    }
}
