//! A tagger of person names: two stacked structured averaged perceptrons
//! (BIO labels, first-order Viterbi decoding); the second also sees what the
//! first found elsewhere in the text.
//!
//! - [`mod@features`]: what a word and its neighbours look like (surface and
//!   normalized forms, clitics, affixes, name-word lists, gazetteer hits,
//!   triggers, the rules' own output, clusters, name counts, name-likeness);
//! - [`lexicon`]: word clusters, name counts and name-likeness, learned
//!   without labels;
//! - [`model_file`]: the model's bytes, versioned and bounded;
//! - [`iob`]: training texts from IOB files.
//!
//! It is trained by `khabar persons train` (and in memory by the `ner_eval`
//! example): the only training corpus at hand, ANERcorp, allows research use,
//! so Khabar ships no trained weights; without a model it indexes with the
//! rules and the gazetteer alone.

use std::collections::HashMap;
use std::sync::Arc;

mod features;
mod iob;
mod lexicon;
mod model_file;

pub use iob::{
    LabelledSentence, MAX_SENTENCE_WORDS, TrainingText, iob_sentences, parse_iob, training_text,
};
pub use lexicon::{MAX_COUNTED_WORDS, NameCounts, WordClusters};
pub use model_file::{MAX_MODEL_BYTES, ModelError};

use crate::extract::{Extractor, labels};
use crate::gazetteer::fnv;
use crate::text::{Tok, bounded, tokenize_with_chars};
use features::{features, stack_features};
use lexicon::{Lexicon, NameLikeness};

/// O, B, I.
const TAGS: usize = 3;
/// Transition weights are features too: index `prev * TAGS + tag`, with
/// `prev == TAGS` for the start of a text.
const TRANSITIONS: usize = (TAGS + 1) * TAGS;

/// A training text: gold labels, features and punctuation cuts per token.
struct Prepared {
    gold: Vec<u8>,
    feats: Vec<Vec<u64>>,
    cut: Vec<bool>,
}

/// A trained tagger: a first stage, and a second one stacked on it that sees
/// what the first found elsewhere in the text (a name tagged once is a name
/// in its other mentions too).
#[derive(Clone, Default)]
pub struct Tagger {
    first: Stage,
    second: Option<Stage>,
    lexicon: Lexicon,
    /// Hash of the model's bytes ([`Tagger::fingerprint`]), taken once: from
    /// the file when read, from [`Tagger::to_bytes`] when trained.
    fingerprint: u64,
}

/// One perceptron: feature weights per label and label transitions.
#[derive(Clone, Default)]
struct Stage {
    weights: Weights,
    transitions: [f32; TRANSITIONS],
}

/// How many times [`Tagger::train_on_news`] counts names in the news with a
/// tagger (after counting them with the rules). One: a second round gained
/// nothing (ANERcorp CV F1 0.772 against 0.774, BENCHMARKS.md) and costs
/// another reading of the news.
pub const SELF_TRAINING_ROUNDS: usize = 1;

/// Jackknife parts for the first stage's labels on the second stage's
/// training data (labels of texts the first stage was not trained on).
const JACKKNIFE: usize = 4;

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("features", &self.len())
            .finish()
    }
}

/// A deterministic shuffle (xorshift): same data, same model.
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for k in (1..items.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        items.swap(k, (*seed % (k as u64 + 1)) as usize);
    }
}

/// The weights' keys are FNV hashes already: hashing them again (SipHash, the
/// default) would only cost time on the ~80 lookups per word.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        fnv(&mut self.0, bytes);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Weights = HashMap<u64, [f32; TAGS], std::hash::BuildHasherDefault<KeyHasher>>;

impl Stage {
    fn emissions(&self, feats: &[Vec<u64>]) -> Vec<[f32; TAGS]> {
        feats
            .iter()
            .map(|fs| {
                let mut s = [0f32; TAGS];
                for f in fs {
                    if let Some(w) = self.weights.get(f) {
                        for t in 0..TAGS {
                            s[t] += w[t];
                        }
                    }
                }
                s
            })
            .collect()
    }

    /// Labels of a whole text.
    fn decode(&self, feats: &[Vec<u64>], cut: &[bool]) -> Vec<u8> {
        viterbi(&self.emissions(feats), &self.transitions, cut)
    }

    /// The structured averaged perceptron over `data`. Sequences are cut
    /// where punctuation separates words (a name never spans it): short
    /// sequences give many small updates.
    fn train<'a>(data: impl Iterator<Item = &'a Prepared>, epochs: usize) -> Stage {
        let mut segments: Vec<(Vec<u8>, &[Vec<u64>])> = Vec::new();
        for d in data {
            let mut start = 0;
            for end in 1..=d.gold.len() {
                if end == d.gold.len() || d.cut[end] {
                    let mut gold = d.gold[start..end].to_vec();
                    // A segment starting inside a gold name (tokenization
                    // mismatch) is learned as B.
                    if gold.first() == Some(&2) {
                        gold[0] = 1;
                    }
                    segments.push((gold, &d.feats[start..end]));
                    start = end;
                }
            }
        }
        let mut model = Stage::default();
        // Lazy averaging: per weight, the running sum and when it last changed.
        let mut totals: HashMap<u64, ([f64; TAGS], [u64; TAGS])> = HashMap::new();
        let mut trans_totals = [0f64; TRANSITIONS];
        let mut trans_stamps = [0u64; TRANSITIONS];
        let mut clock = 0u64;
        let mut order: Vec<usize> = (0..segments.len()).collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..epochs {
            shuffle(&mut order, &mut seed);
            for &d in &order {
                let (gold, feats) = &segments[d];
                clock += 1;
                let guess = viterbi(&model.emissions(feats), &model.transitions, &[]);
                if guess == *gold {
                    continue;
                }
                let mut update = |f: u64, t: usize, delta: f32| {
                    let weight = model.weights.entry(f).or_default();
                    let (total, stamp) = totals.entry(f).or_default();
                    total[t] += f64::from(weight[t]) * (clock - stamp[t]) as f64;
                    stamp[t] = clock;
                    weight[t] += delta;
                };
                for i in 0..gold.len() {
                    if gold[i] != guess[i] {
                        for &f in &feats[i] {
                            update(f, gold[i] as usize, 1.0);
                            update(f, guess[i] as usize, -1.0);
                        }
                    }
                }
                let mut trans = |k: usize, delta: f32| {
                    trans_totals[k] +=
                        f64::from(model.transitions[k]) * (clock - trans_stamps[k]) as f64;
                    trans_stamps[k] = clock;
                    model.transitions[k] += delta;
                };
                for i in 0..gold.len() {
                    let (gp, pp) = if i == 0 {
                        (TAGS, TAGS)
                    } else {
                        (gold[i - 1] as usize, guess[i - 1] as usize)
                    };
                    let (g, p) = (gp * TAGS + gold[i] as usize, pp * TAGS + guess[i] as usize);
                    if g != p {
                        trans(g, 1.0);
                        trans(p, -1.0);
                    }
                }
            }
        }
        let clock = clock.max(1);
        let mut weights =
            Weights::with_capacity_and_hasher(model.weights.len(), Default::default());
        for (f, weight) in model.weights {
            let (total, stamp) = totals.get(&f).copied().unwrap_or_default();
            let mut avg = [0f32; TAGS];
            for t in 0..TAGS {
                let sum = total[t] + f64::from(weight[t]) * (clock - stamp[t]) as f64;
                avg[t] = (sum / clock as f64) as f32;
            }
            if avg.iter().any(|x| *x != 0.0) {
                weights.insert(f, avg);
            }
        }
        let mut transitions = [0f32; TRANSITIONS];
        for k in 0..TRANSITIONS {
            let sum = trans_totals[k]
                + f64::from(model.transitions[k]) * (clock - trans_stamps[k]) as f64;
            transitions[k] = (sum / clock as f64) as f32;
        }
        Stage {
            weights,
            transitions,
        }
    }
}

/// The best label sequence (0 O, 1 B, 2 I; I never follows O or starts).
/// `cut[i]`: punctuation before token `i`, which a name never spans.
fn viterbi(emissions: &[[f32; TAGS]], transitions: &[f32; TRANSITIONS], cut: &[bool]) -> Vec<u8> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    const FORBIDDEN: f32 = f32::NEG_INFINITY;
    let allowed = |prev: usize, t: usize| !(t == 2 && (prev == 0 || prev == TAGS));
    let mut best = vec![[FORBIDDEN; TAGS]; n];
    let mut back = vec![[0u8; TAGS]; n];
    for t in 0..TAGS {
        if allowed(TAGS, t) {
            best[0][t] = emissions[0][t] + transitions[TAGS * TAGS + t];
        }
    }
    for i in 1..n {
        for t in 0..TAGS {
            if t == 2 && cut.get(i).copied().unwrap_or(false) {
                continue;
            }
            let mut top = FORBIDDEN;
            let mut arg = 0u8;
            for p in 0..TAGS {
                if !allowed(p, t) || best[i - 1][p] == FORBIDDEN {
                    continue;
                }
                let s = best[i - 1][p] + transitions[p * TAGS + t];
                if s > top {
                    top = s;
                    arg = p as u8;
                }
            }
            if top > FORBIDDEN {
                best[i][t] = top + emissions[i][t];
                back[i][t] = arg;
            }
        }
    }
    let mut last = 0u8;
    for t in 1..TAGS {
        if best[n - 1][t] > best[n - 1][last as usize] {
            last = t as u8;
        }
    }
    let mut out = vec![0u8; n];
    out[n - 1] = last;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i] as usize];
    }
    out
}

/// A text's tokens, their rule labels and punctuation cuts.
struct Analyzed<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    rules: Vec<u8>,
    cut: Vec<bool>,
}

impl Tagger {
    /// Trains on texts; `extractor` gives the gazetteer and rule features.
    pub fn train(
        extractor: &Extractor,
        texts: &[TrainingText],
        epochs: usize,
        clusters: Arc<WordClusters>,
    ) -> Tagger {
        Self::train_with(extractor, texts, epochs, clusters, Arc::default())
    }

    /// Trains as [`Tagger::train`] does, also learning from unlabelled news
    /// how often it names someone with each word ([`NameCounts`]): counted
    /// as the rules and gazetteer read the news, then, [`SELF_TRAINING_ROUNDS`]
    /// times, as the tagger trained with the last counts reads it
    /// (self-training); the tagger trained with the last counts is returned.
    /// `news` must feed every news text to its argument each time it is
    /// called; its error stops training.
    pub fn train_on_news<E>(
        extractor: &Extractor,
        texts: &[TrainingText],
        epochs: usize,
        clusters: Arc<WordClusters>,
        mut news: impl FnMut(&mut dyn FnMut(&str)) -> Result<(), E>,
    ) -> Result<Tagger, E> {
        let mut counted = |reader: &Extractor| -> Result<Arc<NameCounts>, E> {
            let mut counts = NameCounts::default();
            news(&mut |text| counts.add_text(reader, text))?;
            counts.prune();
            Ok(Arc::new(counts))
        };
        let train = |names| Self::train_with(extractor, texts, epochs, clusters.clone(), names);
        let mut tagger = train(counted(extractor)?);
        for _ in 0..SELF_TRAINING_ROUNDS {
            tagger = train(counted(&extractor.clone().with_tagger(tagger))?);
        }
        Ok(tagger)
    }

    fn train_with(
        extractor: &Extractor,
        texts: &[TrainingText],
        epochs: usize,
        clusters: Arc<WordClusters>,
        names: Arc<NameCounts>,
    ) -> Tagger {
        let analyzed: Vec<(Analyzed, Vec<u8>)> = texts
            .iter()
            .map(|t| {
                let text = bounded(&t.text);
                let toks = tokenize_with_chars(text);
                let gold = gold_labels(&toks, &t.spans);
                let rules = labels(&toks, &extractor.spans(text, &toks));
                let cut = toks.iter().map(|t| t.brk).collect();
                (
                    Analyzed {
                        text,
                        toks,
                        rules,
                        cut,
                    },
                    gold,
                )
            })
            .collect();
        let lexicon = Lexicon {
            namelike: Arc::new(NameLikeness::train(&clusters, 5)),
            clusters,
            names,
        };
        let mut data: Vec<Prepared> = analyzed
            .iter()
            .map(|(a, gold)| Prepared {
                gold: gold.clone(),
                feats: features(extractor, &lexicon, a.text, &a.toks, &a.rules),
                cut: a.cut.clone(),
            })
            .collect();
        let first = Stage::train(data.iter(), epochs);
        // The second stage learns from first-stage labels of texts the first
        // stage never saw, as it will meet them on new text.
        let n = data.len();
        let mut priors: Vec<Vec<u8>> = vec![Vec::new(); n];
        if n >= JACKKNIFE {
            for part in 0..JACKKNIFE {
                let (a, b) = (part * n / JACKKNIFE, (part + 1) * n / JACKKNIFE);
                let held = Stage::train(data[..a].iter().chain(&data[b..]), epochs);
                for k in a..b {
                    priors[k] = held.decode(&data[k].feats, &data[k].cut);
                }
            }
        } else {
            for (k, d) in data.iter().enumerate() {
                priors[k] = first.decode(&d.feats, &d.cut);
            }
        }
        for ((d, (a, _)), prior) in data.iter_mut().zip(&analyzed).zip(&priors) {
            stack_features(&a.toks, prior, &mut d.feats);
        }
        let second = Stage::train(data.iter(), epochs);
        let mut tagger = Tagger {
            first,
            second: Some(second),
            lexicon,
            fingerprint: 0,
        };
        tagger.fingerprint = model_file::hash(&tagger.to_bytes());
        tagger
    }

    /// How many weighted features the model has (both stages).
    pub fn len(&self) -> usize {
        self.first.weights.len() + self.second.as_ref().map_or(0, |s| s.weights.len())
    }

    /// Whether the model has no weights (never trained).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Name spans (start token, length) of `toks`, tokens of `text`.
    pub(crate) fn tag(
        &self,
        extractor: &Extractor,
        text: &str,
        toks: &[Tok],
        rules: &[u8],
    ) -> Vec<(usize, usize)> {
        let cut: Vec<bool> = toks.iter().map(|t| t.brk).collect();
        let mut feats = features(extractor, &self.lexicon, text, toks, rules);
        let mut labels = self.first.decode(&feats, &cut);
        if let Some(second) = &self.second {
            stack_features(toks, &labels, &mut feats);
            labels = second.decode(&feats, &cut);
        }
        let mut out: Vec<(usize, usize)> = Vec::new();
        for (i, t) in labels.into_iter().enumerate() {
            match t {
                1 => out.push((i, 1)),
                2 => {
                    if let Some(last) = out.last_mut() {
                        last.1 += 1;
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// BIO labels of tokens from gold char spans: a token starting a span is B,
/// one inside it I. Spans come in text order, so one pass serves.
fn gold_labels(toks: &[Tok], spans: &[(usize, usize)]) -> Vec<u8> {
    let mut next = 0;
    toks.iter()
        .map(|t| {
            while next < spans.len() && spans[next].1 <= t.cstart {
                next += 1;
            }
            match spans.get(next) {
                Some(&(a, _)) if t.cstart == a => 1,
                Some(&(a, b)) if t.cstart > a && t.cend <= b => 2,
                _ => 0,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::lexicon::NAME_COUNTS;
    use super::model_file::MODEL_MAGIC;
    use super::*;
    use crate::{Extractor, Gazetteer, MentionKind};

    /// Sentences in one context the rules do not know (التقى … في العاصمة),
    /// each with a different real name.
    fn corpus() -> String {
        let names = [
            "فيصل المقداد",
            "نبيه بري",
            "سعد الحريري",
            "نجيب ميقاتي",
            "وليد جنبلاط",
            "سمير جعجع",
            "ميشال عون",
            "جبران باسيل",
            "تمام سلام",
            "فؤاد السنيورة",
            "عمرو موسى",
            "أحمد أبو الغيط",
            "نبيل العربي",
            "سامح شكري",
            "أيمن الصفدي",
            "ناصر جودة",
        ];
        let mut out = String::new();
        for (n, name) in names.iter().enumerate() {
            let verb = if n % 2 == 0 {
                "التقى"
            } else {
                "واستقبل"
            };
            out.push_str(&format!("{verb} O\n"));
            for (k, w) in name.split(' ').enumerate() {
                out.push_str(&format!(
                    "{w} {}\n",
                    if k == 0 { "B-PERS" } else { "I-PERS" }
                ));
            }
            out.push_str("وفدا O\nمن O\nالبرلمان B-ORG\nفي O\nالعاصمة O\nأمس O\n. O\n");
        }
        out
    }

    #[test]
    fn iob_lines_become_texts_with_name_spans() {
        let texts = parse_iob(
            "\u{feff}قال O\nسيرغي B-PERS\nلافروف I-PERS\nإن O\n. O\n\nوأكد O\nمبارك\u{200f} B-PER\n",
        );
        assert_eq!(texts.len(), 1);
        let t = &texts[0];
        let chars: Vec<char> = t.text.chars().collect();
        let names: Vec<String> = t
            .spans
            .iter()
            .map(|&(a, b)| chars[a..b].iter().collect())
            .collect();
        assert_eq!(names, ["سيرغي لافروف", "مبارك"]);
        // A file without sentence ends is cut into bounded sentences.
        let endless = "كلمة O\n".repeat(2 * MAX_SENTENCE_WORDS + 5);
        let sentences = iob_sentences(&endless);
        assert_eq!(sentences.len(), 3);
        assert!(sentences.iter().all(|s| s.len() <= MAX_SENTENCE_WORDS));
    }

    #[test]
    fn gold_spans_become_bio_labels() {
        let text = "قال سيرغي لافروف إن بوتين وافق";
        let toks = tokenize_with_chars(text);
        // سيرغي لافروف = chars 4..16, بوتين = 20..25.
        assert_eq!(gold_labels(&toks, &[(4, 16), (20, 25)]), [0, 1, 2, 0, 1, 0]);
        assert_eq!(gold_labels(&toks, &[]), [0; 6]);
    }

    #[test]
    fn tagger_learns_a_context_the_rules_miss() {
        let texts = parse_iob(&corpus());
        let rules = Extractor::new(Gazetteer::default());
        let tagger = Tagger::train(&rules, &texts, 10, Arc::default());
        let text = "التقى كمال خرازي وفدا من البرلمان في العاصمة أمس .";
        assert!(
            rules.extract(text).iter().all(|m| m.text != "كمال خرازي"),
            "the rules alone should not know this context"
        );
        let with = rules.clone().with_tagger(tagger);
        let found: Vec<_> = with.extract(text);
        assert!(
            found
                .iter()
                .any(|m| m.text == "كمال خرازي" && m.kind == MentionKind::Tagger && m.start == 6),
            "{found:?}"
        );
        assert_ne!(with.fingerprint(), rules.fingerprint());
    }

    /// News that writes names after a title, then their surnames alone,
    /// again and again: the training's names and one more.
    fn news() -> Vec<String> {
        let corpus = corpus();
        let mut names: Vec<String> = Vec::new();
        for line in corpus.lines() {
            match line.split_once(' ') {
                Some((w, "B-PERS")) => names.push(w.to_string()),
                Some((w, "I-PERS")) => {
                    if let Some(last) = names.last_mut() {
                        last.push(' ');
                        last.push_str(w);
                    }
                }
                _ => {}
            }
        }
        names.push("كمال سبيكتر".to_string());
        let mut out = Vec::new();
        for k in 0..6 {
            for name in &names {
                let surname = name.rsplit(' ').next().unwrap_or(name);
                out.push(format!(
                    "وقال الوزير {name} في المؤتمر {k} إن المحادثات كانت مثمرة . وأضاف {surname} أن الوفد وصل ."
                ));
            }
        }
        out
    }

    #[test]
    fn name_counts_say_how_often_news_names_someone_with_a_word() {
        let rules = Extractor::new(Gazetteer::default());
        let mut counts = NameCounts::default();
        for text in news() {
            counts.add_text(&rules, &text);
        }
        counts.add_text(&rules, "كمال الأجسام رياضة . كمال الأجسام رياضة .");
        counts.prune();
        let of = |w: &str| counts.map.get(w).copied();
        // begins, continues, before a name, after one, all.
        // `سبيكتر`: after `كمال` six times, alone (linked) six times.
        assert_eq!(of("كمال"), Some([6, 0, 0, 0, 8]));
        assert_eq!(of("سبيكتر"), Some([6, 6, 0, 0, 12]));
        assert_eq!(of("الوزير"), Some([0, 0, 17 * 6, 0, 17 * 6]));
        assert_eq!(counts.buckets(&["سبيكتر"]), ["5", "4", "4", "0", "0"]);
        // Seen fewer than five times: no counts.
        assert_eq!(of("الأجسام"), None);
        assert_eq!(counts.buckets(&["الاجسام"]), ["-"; NAME_COUNTS]);
    }

    #[test]
    fn training_on_news_counts_names_twice_and_stops_on_its_error() {
        let texts = parse_iob(&corpus());
        let rules = Extractor::new(Gazetteer::default());
        let news = news();
        let mut passes = 0;
        let tagger = Tagger::train_on_news(&rules, &texts, 5, Arc::default(), |sink| {
            passes += 1;
            news.iter().for_each(|t| sink(t));
            Ok::<_, ()>(())
        })
        .unwrap();
        assert_eq!(
            passes,
            SELF_TRAINING_ROUNDS + 1,
            "counted by the rules, then by each round's tagger"
        );
        let names = &tagger.lexicon.names;
        assert!(
            names.map.get("سبيكتر").is_some_and(|c| c[0] > 0),
            "{names:?}"
        );
        assert_ne!(
            tagger.fingerprint(),
            Tagger::train(&rules, &texts, 5, Arc::default()).fingerprint()
        );
        let failing = |_: &mut dyn FnMut(&str)| Err("unreadable");
        assert_eq!(
            Tagger::train_on_news(&rules, &texts, 5, Arc::default(), failing).err(),
            Some("unreadable")
        );
    }

    #[test]
    fn model_bytes_round_trip_and_reject_damage() {
        let texts = parse_iob(&corpus());
        let clusters = Arc::new(WordClusters::parse(
            "التقى\t1\t2\t3\nالعاصمة\t4\t5\t6\nbad line\n",
        ));
        assert_eq!(clusters.len(), 2);
        let news = news();
        let each = |sink: &mut dyn FnMut(&str)| {
            news.iter().for_each(|t| sink(t));
            Ok::<_, ()>(())
        };
        let tagger =
            Tagger::train_on_news(&Extractor::default(), &texts, 5, clusters, each).unwrap();
        assert!(
            !tagger.lexicon.names.is_empty(),
            "name counts are stored too"
        );
        let bytes = tagger.to_bytes();
        let back = Tagger::from_bytes(&bytes).unwrap();
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(back.fingerprint(), tagger.fingerprint());
        // Every truncation, a wrong magic, trailing bytes, a NaN weight: errors, no panic.
        for cut in 0..bytes.len() {
            assert!(Tagger::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut wrong = bytes.clone();
        wrong[5] ^= 0xff;
        assert!(matches!(
            Tagger::from_bytes(&wrong),
            Err(ModelError::Format)
        ));
        let mut long = bytes.clone();
        long.push(0);
        assert!(Tagger::from_bytes(&long).is_err());
        // A NaN weight (first transition of a model without clusters, so
        // without a name-likeness model either: two zero counts first).
        let plain = Tagger::train(&Extractor::default(), &texts, 2, Arc::default()).to_bytes();
        let at = MODEL_MAGIC.len() + 16;
        let mut nan = plain.clone();
        nan[at..at + 4].copy_from_slice(&f32::NAN.to_le_bytes());
        assert!(Tagger::from_bytes(&plain).is_ok());
        assert!(Tagger::from_bytes(&nan).is_err());
        // A huge count is refused before any allocation.
        let mut huge = MODEL_MAGIC.to_vec();
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(Tagger::from_bytes(&huge).is_err());
        assert!(tagger.second.is_some(), "two stages");
    }

    #[test]
    fn a_word_too_long_for_the_model_is_cut_at_a_letter() {
        // 40,000 two-byte letters: more bytes than a word's length field holds.
        let long = "ب".repeat(40_000);
        let clusters = Arc::new(WordClusters::parse(&format!("{long}\t1\t2\t3\n")));
        let texts = parse_iob(&corpus());
        let tagger = Tagger::train(&Extractor::default(), &texts, 1, clusters);
        let back = Tagger::from_bytes(&tagger.to_bytes()).unwrap();
        let word = back.lexicon.clusters.map.keys().next().unwrap();
        assert_eq!(word.len(), 65_534);
        assert!(long.starts_with(word.as_str()));
    }

    #[test]
    fn name_likeness_tells_names_from_words_by_their_letters() {
        // Negatives: ordinary words, as a cluster vocabulary would hold them.
        let words = "الحكومه الاقتصاد يستطيع المدينه مؤتمر الوزراء المفاوضات الانتخابات \
                     المتحده العسكريه الاجتماع الخارجيه الدوليه الشركات الاسعار";
        let tsv: String = words
            .split_whitespace()
            .enumerate()
            .map(|(k, w)| format!("{w}\t{k}\t{k}\n"))
            .collect();
        let nl = NameLikeness::train(&WordClusters::parse(&tsv), 5);
        // Names that are in no list: foreign spellings.
        for name in ["كالديرون", "بيليغريني", "جوتشولك"] {
            assert!(nl.score(name) > nl.score("الحكومات"), "{name}");
        }
        assert_eq!(NameLikeness::default().bucket("لافروف"), "-");
    }

    #[test]
    fn viterbi_never_starts_or_continues_a_name_with_i() {
        // Emissions that prefer I everywhere.
        let em = vec![[0.0, 0.0, 5.0]; 4];
        let labels = viterbi(&em, &[0.0; TRANSITIONS], &[false, false, true, false]);
        assert_eq!(labels[0], 1, "{labels:?}");
        assert_eq!(labels[2], 1, "a break before token 2: {labels:?}");
        assert!(labels.windows(2).all(|w| !(w[0] == 0 && w[1] == 2)));
    }
}
