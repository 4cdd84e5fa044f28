//! Property tests of the store: what is upserted reads back equal, and re-upserting
//! changes nothing.

use khabar_core::{Article, ArticleId, from_unix};
use khabar_store::Store;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        // Arabic with marks and joiners, as feeds have it.
        "[\u{0600}-\u{06FF}\u{200c}\u{200d} ]{0,40}",
        // Anything at all, NUL and unpaired-looking code points included.
        any::<String>(),
    ]
}

fn article() -> impl Strategy<Value = Article> {
    (
        "[a-z0-9:/._-]{1,24}",
        text(),
        text(),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(-62_000_000_000i64..250_000_000_000),
        any::<bool>(),
        proptest::option::of(text()),
    )
        .prop_map(
            |(id, title, body, url, author, feed, published, estimated, guid)| Article {
                id: ArticleId::new(id),
                feed_id: None,
                feed,
                title,
                body,
                url,
                author,
                published: published.map(from_unix),
                published_estimated: estimated && published.is_some(),
                guid,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn upsert_then_read_back_equal(articles in proptest::collection::vec(article(), 1..12)) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        // Last one wins for a repeated id, as in one batch of an import.
        let mut expected = std::collections::BTreeMap::new();
        for a in &articles {
            expected.insert(a.id.clone(), a.clone());
        }
        store.upsert_articles(&articles).unwrap();
        prop_assert_eq!(store.article_count().unwrap(), expected.len() as i64);
        for (id, a) in &expected {
            let stored = store.article(id).unwrap().unwrap();
            prop_assert_eq!(&stored.article, a);
        }
        // Re-upserting the final versions changes nothing and takes no new seq.
        let seq = store.last_seq().unwrap();
        let finals: Vec<Article> = expected.values().cloned().collect();
        let report = store.upsert_articles(&finals).unwrap();
        prop_assert_eq!(report.inserted + report.updated, 0);
        prop_assert_eq!(store.last_seq().unwrap(), seq);
    }

    /// An undated item gets the fetch time as an estimated date; a later fetch must
    /// not move it (or count the article as changed).
    #[test]
    fn estimated_dates_do_not_change_a_stored_article(a in article(), t1 in 0i64..2_000_000_000, dt in 1i64..1_000_000) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
        let first = Article { published: Some(from_unix(t1)), published_estimated: true, ..a.clone() };
        let later = Article { published: Some(from_unix(t1 + dt)), published_estimated: true, ..a };
        store.upsert_articles(std::slice::from_ref(&first)).unwrap();
        let report = store.upsert_articles(&[later]).unwrap();
        prop_assert_eq!((report.inserted, report.updated, report.unchanged), (0, 0, 1));
        prop_assert_eq!(store.article(&first.id).unwrap().unwrap().article, first);
    }
}
