//! Cross-feed near-duplicates: the same wire story published by several feeds.
//!
//! Each new article's text is normalized ([`khabar_analysis::normalize`]: hamza and
//! alef forms, taa marbuta, harakat, digits…), cut into words and then into
//! overlapping word 3-shingles. From the shingles come two fingerprints:
//!
//! - a 64-bit **SimHash**, whose Hamming distance to another estimates how different
//!   the two texts are; it is what decides;
//! - four **MinHash LSH band keys** (8 MinHash values, two per band), used only to
//!   find candidates with indexed equality lookups in the store.
//!
//! Why not bands of the SimHash itself (4 × 16 bits)? They only guarantee to find
//! pairs within 3 bits, and a short news item with one sentence added is typically
//! 6–10 bits away: most edited copies would never become candidates. MinHash bands
//! of two values find a pair whose shingle sets overlap at 87% (a sentence added to
//! a 150-word story) with probability 1 − (1 − 0.87²)⁴ ≈ 0.997, while unrelated
//! stories almost never share a band.
//!
//! The earliest-seen article is the original; a later copy is linked to it with
//! [`Store::set_duplicate_of`] (to the root, never to another copy). Lookups only
//! consider fingerprints of the last [`IngestOptions::near_duplicate_window`]; older
//! ones are pruned at the start of each run.
//!
//! [`IngestOptions::near_duplicate_window`]: crate::IngestOptions::near_duplicate_window

use khabar_core::{Article, ArticleId, Timestamp};
use khabar_store::{Fingerprint, Store};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 3;
/// Texts with fewer words are not fingerprinted: one-line summaries of different
/// stories look too much alike, and the same story's summaries too different.
pub const MIN_WORDS: usize = 24;
/// Only the first words count: bounds the work on a huge body, and a copy of a wire
/// story shares its beginning anyway.
pub const MAX_WORDS: usize = 3000;
/// Largest SimHash distance (of 64 bits) between near-duplicates. Light edits give
/// 0–6. Measured over 2,000 ANT bodies (2 M pairs): unrelated pairs are ≥ 12 apart
/// (most 20–40; Arabic news share many common phrases, so some come close), and the
/// 13 pairs sharing a band were either rewrites of one story (10) or ≥ 19 apart. Both
/// conditions together (a shared band and ≤ 12) are what links two articles.
pub const MAX_DISTANCE: u32 = 12;
/// Most candidates examined per article (the earliest ones).
pub const MAX_CANDIDATES: usize = 64;

const MINHASHES: usize = 8;
/// Seeds of the MinHash functions (arbitrary odd constants). Fingerprints are stored:
/// changing these, the shingling or the hash invalidates the stored ones.
const SEEDS: [u64; MINHASHES] = [
    0x9e37_79b9_7f4a_7c15,
    0xbf58_476d_1ce4_e5b9,
    0x94d0_49bb_1331_11eb,
    0x2545_f491_4f6c_dd1d,
    0xd6e8_feb8_6659_fd93,
    0xa076_1d64_78bd_642f,
    0xe703_7ed1_a0b4_28db,
    0x8ebc_6af0_9c88_c6e3,
];

/// SplitMix64's finalizer: spreads a hash's bits (FNV-1a alone is weak in its high
/// bits, and SimHash uses every bit).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `std`'s hasher
/// (fingerprints are stored).
fn fnv1a(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The normalized words of a text, at most [`MAX_WORDS`].
pub fn words(text: &str) -> Vec<String> {
    khabar_analysis::normalize(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_string)
        .collect()
}

/// The fingerprint of an article's body, or `None` when it is too short to compare
/// ([`MIN_WORDS`]). The title is left out: outlets rewrite headlines of wire copy.
pub fn fingerprint(body: &str) -> Option<Fingerprint> {
    let words = words(body);
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut counts = [0i32; 64];
    let mut mins = [u64::MAX; MINHASHES];
    for shingle in words.windows(SHINGLE_WORDS) {
        let mut h = FNV_OFFSET;
        for w in shingle {
            h = fnv1a(h, w.as_bytes());
            // Separator, so that ("ab", "c") and ("a", "bc") differ.
            h = fnv1a(h, &[0]);
        }
        let h = mix(h);
        for (bit, count) in counts.iter_mut().enumerate() {
            *count += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
        for (min, seed) in mins.iter_mut().zip(SEEDS) {
            *min = (*min).min(mix(h ^ seed));
        }
    }
    let simhash = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .fold(0u64, |acc, (bit, _)| acc | 1 << bit);
    let mut bands = [0u64; 4];
    for (i, band) in bands.iter_mut().enumerate() {
        *band = mix(mins[2 * i] ^ mins[2 * i + 1].rotate_left(32) ^ i as u64);
    }
    Some(Fingerprint { simhash, bands })
}

/// Number of differing bits.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Fingerprints a newly stored article, looks for an earlier copy seen since `since`
/// and links the article to it. Returns the original it was linked to, if any.
///
/// `seen_at` is when the article was first stored; among matches the earliest seen
/// is kept, and a match that is itself a copy stands for its own original.
pub fn link_new_article(
    store: &Store,
    article: &Article,
    seen_at: Timestamp,
    since: Timestamp,
) -> Result<Option<ArticleId>, khabar_store::Error> {
    let Some(fp) = fingerprint(&article.body) else {
        return Ok(None);
    };
    let candidates = store.fingerprint_candidates(&fp, since, &article.id, MAX_CANDIDATES)?;
    // Candidates come earliest first: the first close one is the original.
    let original = candidates
        .into_iter()
        .find(|c| distance(c.simhash, fp.simhash) <= MAX_DISTANCE)
        .map(|c| c.original.unwrap_or(c.article));
    store.insert_fingerprint(&article.id, &fp, seen_at, original.as_ref())?;
    if let Some(original) = &original {
        store.set_duplicate_of(&article.id, Some(original))?;
    }
    Ok(original)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "تستقبل دور العرض المصرية، الأربعاء، فيلم بلاش تبوسني الذي تقوم ببطولته ياسمين رئيس ومحمد مهران، ويشهد الظهور الأخير للمخرج الراحل محمد خان.\n\
        الفيلم الذي كتبه وأخرجه أحمد عامر، أثار جدلا كبيرا خلال الأيام الماضية، بسبب مضمونه الجريء، وينطلق عرضه للكبار فقط، وتدور أحداثه داخل كواليس تصوير فيلم جديد.\n\
        ويشهد العمل ظهور المخرج الراحل محمد خان بشخصيته الحقيقية كمخرج، كما يتواجد المخرج خيري بشارة بشخصيته الحقيقية، إضافة لمشاركة سوسن بدر كضيفة شرف.";

    const OTHER: &str = "اعتذر الفنان المصري حسين فهمي عن عدم رئاسة مهرجان القاهرة السينمائي الدولي في دورته المقبلة، بعد لقاء عقده مع وزيرة الثقافة الدكتورة إيناس عبد الدايم.\n\
        جاء ذلك في الاجتماع الذي عقد بعد ظهر أمس الأربعاء بين حسين فهمي والدكتورة إيناس عبد الدايم بمقر وزارة الثقافة، وعرضت عليه وزيرة الثقافة تولي منصب رئيس المهرجان في دورته الأربعين.";

    #[test]
    fn edited_copy_is_close_and_shares_a_band() {
        let a = fingerprint(STORY).unwrap();
        // Another outlet: diacritics and hamza spelled differently, one sentence added.
        let edited = format!(
            "{}\nوكان الفيلم قد عرض في ختام مهرجان أسوان لأفلام المرأة قبل يومين.",
            STORY.replace("الأربعاء", "الاربعاء").replace("جدلا", "جدلاً")
        );
        let b = fingerprint(&edited).unwrap();
        assert!(
            distance(a.simhash, b.simhash) <= MAX_DISTANCE,
            "{}",
            distance(a.simhash, b.simhash)
        );
        assert!(a.bands.iter().zip(b.bands).any(|(x, y)| *x == y));
        let c = fingerprint(OTHER).unwrap();
        assert!(
            distance(a.simhash, c.simhash) > MAX_DISTANCE,
            "{}",
            distance(a.simhash, c.simhash)
        );
        assert!(a.bands.iter().zip(c.bands).all(|(x, y)| *x != y));
    }

    #[test]
    fn short_texts_are_not_fingerprinted() {
        assert_eq!(fingerprint("خبر عاجل: انفجار في بيروت"), None);
        assert_eq!(fingerprint(""), None);
    }

    #[test]
    fn fingerprints_are_stable() {
        // Stored fingerprints must not change between builds.
        let text = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة ".repeat(3);
        assert_eq!(
            fingerprint(&text),
            Some(Fingerprint {
                simhash: 5198124891152276617,
                bands: [
                    11080422189424257547,
                    9166249275752941830,
                    11321482348980191010,
                    3521702581185336180
                ]
            })
        );
        assert_eq!(fnv1a(FNV_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
