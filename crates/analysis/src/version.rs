//! Version of the analyzers' output.

/// Version of the analyzers' output. Bump it on ANY change that alters the
/// terms, offsets or positions produced for some input (a new fold, a new
/// stopword, a protected word...): an index built with another version must
/// be rebuilt.
pub const ANALYZER_VERSION: u32 = 4;
