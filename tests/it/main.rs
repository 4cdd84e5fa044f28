//! End-to-end tests of the `khabar` binary: real HTTP on 127.0.0.1, real SQLite,
//! real Tantivy, the real executable.

mod util;

mod cli;
mod crash;
mod disk;
mod hostile;
mod ingest;
mod persons;
mod run;
mod search;
