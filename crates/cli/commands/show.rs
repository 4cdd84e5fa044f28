//! `khabar show ID`: one article in full, from the store.

use anyhow::Context;
use khabar_core::ArticleId;

use crate::Outcome;
use crate::args::ShowArgs;
use crate::datadir::DataDir;
use crate::output::format_time;
use crate::settings::Settings;

pub fn run(settings: &Settings, args: ShowArgs) -> anyhow::Result<Outcome> {
    let store = DataDir::new(settings.data_dir.clone()).open_for_reading()?;
    let id = ArticleId::new(args.id.trim());
    let stored = store
        .article(&id)?
        .with_context(|| format!("no article with id {:?}", args.id))?;
    let copies = store.story_copies(&id)?;
    let a = &stored.article;
    // The same extraction the index runs, so `show` agrees with `search --person`.
    let persons = settings.index.persons.persons(&a.title, &a.body);
    if args.json {
        let line = serde_json::json!({
            "id": a.id.as_str(),
            "title": a.title,
            "body": a.body,
            "url": a.url,
            "feed": a.feed,
            "author": a.author,
            "published": a.published.map(|t| t.to_rfc3339()),
            "published_estimated": a.published_estimated,
            "first_seen": stored.first_seen.to_rfc3339(),
            "updated": stored.updated.to_rfc3339(),
            "duplicate_of": stored.duplicate_of.as_ref().map(|d| d.as_str()),
            "persons": persons.iter().map(|p| serde_json::json!({"id": p.person, "name": p.name, "mentions": p.count, "spellings": p.spellings})).collect::<Vec<_>>(),
            "copies": copies.iter().map(|c| serde_json::json!({"id": c.article.id.as_str(), "feed": c.article.feed, "url": c.article.url})).collect::<Vec<_>>(),
        });
        println!("{line}");
        return Ok(Outcome::Success);
    }
    println!("{}\n", a.title);
    let mut meta = Vec::new();
    if let Some(feed) = &a.feed {
        meta.push(feed.clone());
    }
    if let Some(p) = a.published {
        meta.push(format!(
            "{}{}",
            format_time(p),
            if a.published_estimated {
                " (estimated)"
            } else {
                ""
            }
        ));
    }
    if let Some(author) = &a.author {
        meta.push(author.clone());
    }
    meta.push(a.id.to_string());
    println!("{}", meta.join(" · "));
    if let Some(url) = &a.url {
        println!("{url}");
    }
    println!(
        "first seen {}, updated {}",
        format_time(stored.first_seen),
        format_time(stored.updated)
    );
    if !persons.is_empty() {
        let names: Vec<String> = persons
            .iter()
            .map(|p| format!("{} ({})", p.name, p.count))
            .collect();
        println!("persons: {}", names.join("، "));
    }
    if let Some(original) = &stored.duplicate_of {
        println!("copy of: {original}");
    }
    for c in &copies {
        println!(
            "also in: {} {} {}",
            c.article.feed.as_deref().unwrap_or("-"),
            c.article.id,
            c.article.url.as_deref().unwrap_or("")
        );
    }
    println!("\n{}", a.body);
    Ok(Outcome::Success)
}
