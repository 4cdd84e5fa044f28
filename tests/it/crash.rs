//! Crash consistency: `khabar import` and `khabar rebuild` killed with SIGKILL at a
//! random moment, then restarted, must leave the store and the index consistent.
//!
//! Invariants checked after every kill (ARCHITECTURE.md, "Consistency and crashes"):
//! - no acknowledged article is lost: every line of every import that exited 0 is in
//!   the store (the store is the ground truth);
//! - no article is stored twice, and nothing is stored that was never imported;
//! - search works right after the kill (the index `CURRENT` names is always whole);
//! - after the next sync (an import) or `khabar rebuild`, the index holds exactly the
//!   stored articles.
//!
//! The schedule is random; the seed is printed so that a failure can be replayed with
//! `KHABAR_CRASH_SEED=<seed>`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::TestEnv;

/// Word every generated article contains (in the body), so one search finds them all.
const COMMON: &str = "البرلمان";
/// Articles per import file; files overlap by half, so re-imports are common. At
/// most PER_FILE * (ITERATIONS + 2) / 2 articles in all: under the search limit
/// (10,000), so one search returns every match.
const PER_FILE: usize = 1600;
const ITERATIONS: usize = 8;

/// xorshift64*: a small, seedable generator (no dependency needed for a schedule).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn id(i: usize) -> String {
    format!("crash-{i}")
}

/// Import file `k`: articles `k*PER_FILE/2 .. k*PER_FILE/2 + PER_FILE`.
fn write_file(env: &TestEnv, k: usize) -> (PathBuf, BTreeSet<String>) {
    let start = k * PER_FILE / 2;
    let mut text = String::new();
    let mut ids = BTreeSet::new();
    for i in start..start + PER_FILE {
        text.push_str(&format!(
            "{{\"id\":\"{}\",\"title\":\"خبر رقم {i}\",\"body\":\"ناقش {COMMON} اليوم مشروع الميزانية رقم {i} وصوت عليه النواب\",\"published\":{}}}\n",
            id(i),
            1_700_000_000 + i
        ));
        ids.insert(id(i));
    }
    (env.write(&format!("crash-{k}.jsonl"), &text), ids)
}

fn stored_ids(env: &TestEnv) -> Vec<String> {
    env.ok(&["export"])
        .json_lines()
        .iter()
        .map(|l| l["id"].as_str().expect("export has ids").to_string())
        .collect()
}

/// Ids the index returns for the common word (all of them: the corpus is < the limit).
fn searched_ids(env: &TestEnv) -> Vec<String> {
    let run = env.run(&["search", COMMON, "--json", "--limit", "10000"]);
    assert!(
        run.code == 0 || run.code == 1,
        "search failed ({}):\n{}",
        run.code,
        run.stderr
    );
    run.json_lines()
        .iter()
        .filter(|l| l["type"] == "hit")
        .map(|l| l["id"].as_str().expect("hits have ids").to_string())
        .collect()
}

fn assert_store_ok(env: &TestEnv, acked: &BTreeSet<String>, offered: &BTreeSet<String>) {
    let stored = stored_ids(env);
    let set: BTreeSet<String> = stored.iter().cloned().collect();
    assert_eq!(set.len(), stored.len(), "an article is stored twice");
    let lost: Vec<_> = acked.difference(&set).take(5).collect();
    assert!(lost.is_empty(), "acknowledged articles lost: {lost:?}");
    let alien: Vec<_> = set.difference(offered).take(5).collect();
    assert!(alien.is_empty(), "articles never imported: {alien:?}");
}

fn assert_index_equals_store(env: &TestEnv) {
    let mut found = searched_ids(env);
    let n = found.len();
    found.sort();
    found.dedup();
    assert_eq!(found.len(), n, "a search hit is returned twice");
    let mut stored = stored_ids(env);
    stored.sort();
    if found != stored {
        let (f, s): (BTreeSet<_>, BTreeSet<_>) = (found.iter().collect(), stored.iter().collect());
        let missing: Vec<_> = s.difference(&f).take(5).collect();
        let extra: Vec<_> = f.difference(&s).take(5).collect();
        panic!(
            "index differs from the store: {} found, {} stored; not found: {missing:?}; \
             found but not stored: {extra:?}",
            found.len(),
            stored.len()
        );
    }
}

#[test]
fn kill_nine_during_import_or_rebuild_loses_nothing_acknowledged() {
    let seed = std::env::var("KHABAR_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    eprintln!("crash test seed: {seed} (KHABAR_CRASH_SEED={seed} replays it)");
    let mut rng = Rng(seed);
    let env = TestEnv::new();

    // A first import runs to the end: it is acknowledged, and its length calibrates
    // when the kills land.
    let (first, first_ids) = write_file(&env, 0);
    let started = Instant::now();
    env.ok(&["import", first.to_str().expect("utf-8 path")]);
    let import_time = started.elapsed();
    let mut acked = first_ids.clone();
    let mut offered = first_ids;
    assert_index_equals_store(&env);

    let deadline = Instant::now() + Duration::from_secs(50);
    for iteration in 1..=ITERATIONS {
        if Instant::now() > deadline {
            eprintln!(
                "crash test: stopping after {} iterations (time)",
                iteration - 1
            );
            break;
        }
        let rebuild = rng.below(3) == 0;
        let (args, ids) = if rebuild {
            (vec!["rebuild".to_string()], BTreeSet::new())
        } else {
            let (path, ids) = write_file(&env, iteration);
            (vec!["import".to_string(), path.display().to_string()], ids)
        };
        offered.extend(ids.iter().cloned());
        // Anywhere from at once to a while after a normal run would have ended.
        let wait = Duration::from_millis(rng.below(import_time.as_millis() as u64 * 3 / 2 + 1));
        let mut child = env
            .command()
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn khabar");
        std::thread::sleep(wait);
        let finished = child.try_wait().expect("poll child");
        let status = match finished {
            Some(status) => status,
            None => {
                child.kill().expect("SIGKILL");
                child.wait().expect("reap child")
            }
        };
        let completed = status.code() == Some(0);
        eprintln!(
            "iteration {iteration}: {args:?} after {wait:?}: {}",
            if completed { "completed" } else { "killed" }
        );
        if completed {
            acked.extend(ids);
        }

        // Right after the kill: a reader still works on the last complete generation.
        searched_ids(&env);
        assert_store_ok(&env, &acked, &offered);

        // Restart: the next writer repairs whatever the kill left behind.
        if rng.below(2) == 0 {
            env.ok(&["rebuild"]);
        } else {
            // An import of nothing is just a sync of the index with the store.
            let empty = env.write("empty.jsonl", "");
            env.ok(&["import", empty.to_str().expect("utf-8 path")]);
        }
        assert_store_ok(&env, &acked, &offered);
        assert_index_equals_store(&env);
    }
}
