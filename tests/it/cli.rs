//! Config files, help, and the demo.

use crate::util::TestEnv;

#[test]
fn config_errors_name_the_file_and_key() {
    let env = TestEnv::new();
    let bad = env.write("bad.toml", "version = 1\n[ingest]\nconcurency = 4\n");
    let run = env.run(&["--config", bad.to_str().unwrap(), "feeds", "list"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.toml") && run.stderr.contains("concurency"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);

    let run = env.run(&["--config", "/nonexistent/khabar.toml", "feeds", "list"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("/nonexistent/khabar.toml"),
        "{}",
        run.stderr
    );

    let good = env.write("good.toml", include_str!("../../config/khabar.toml"));
    env.ok(&[
        "--config",
        good.to_str().unwrap(),
        "feeds",
        "add",
        "https://feeds.bbci.co.uk/arabic/rss.xml",
    ]);
    let dup = env.run(&["feeds", "add", "https://feeds.bbci.co.uk/arabic/rss.xml"]);
    assert_eq!(dup.code, 2);
    assert!(dup.stderr.contains("already"), "{}", dup.stderr);
}

#[test]
fn feeds_load_and_remove() {
    let env = TestEnv::new();
    let file = env.write("feeds.toml", include_str!("../../config/feeds.toml"));
    env.ok(&["feeds", "load", file.to_str().unwrap()]);
    let again = env.ok(&["feeds", "load", file.to_str().unwrap()]);
    assert!(again.stderr.contains("0 feeds added"), "{}", again.stderr);
    let list = env.ok(&["feeds", "list", "--json"]).json_lines();
    assert!(list.len() >= 7);
    env.ok(&["feeds", "remove", "1"]);
    assert_eq!(
        env.ok(&["feeds", "list", "--json"]).json_lines().len(),
        list.len() - 1
    );
    assert_eq!(env.run(&["feeds", "remove", "999"]).code, 2);
}

#[test]
fn bad_urls_are_named() {
    let env = TestEnv::new();
    env.ok(&[
        "feeds",
        "add",
        "http://127.0.0.1:9/nothing-listens-here.xml",
    ]);
    env.ok(&["feeds", "add", "/nonexistent/feed.xml"]);
    let run = env.run(&["ingest"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nothing-listens-here.xml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("/nonexistent/feed.xml"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn demo_runs_offline_and_finds_the_seed_article() {
    let env = TestEnv::new();
    let demo_dir = env.dir.path().join("demo");
    let run = env.ok(&["demo", "--demo-dir", demo_dir.to_str().unwrap()]);
    assert!(
        run.stdout.contains("روبيو يتحدث مع لافروف"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("khabar search 'person:لافروف'"));
    // Running it again replaces the demo directory.
    env.ok(&["demo", "--demo-dir", demo_dir.to_str().unwrap()]);
    // It refuses to wipe a directory it did not make.
    let other = env.dir.path().join("precious");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "keep me").unwrap();
    assert_eq!(
        env.run(&["demo", "--demo-dir", other.to_str().unwrap()])
            .code,
        2
    );
    assert!(other.join("notes.txt").exists());
}

#[test]
fn analyze_shows_offsets_and_stages() {
    let env = TestEnv::new();
    let run = env.ok(&["analyze", "ولافروف", "--json"]);
    let tokens = run.json_lines();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0]["from"], 0);
    assert_eq!(tokens[0]["to"], "ولافروف".len());
    assert_eq!(tokens[0]["term"], "لافروف");
    assert_eq!(env.run(&["analyze", "x", "--analyzer", "nope"]).code, 2);
}
