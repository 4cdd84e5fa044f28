//! The tagger's model file: versioned, and read with every count checked
//! against the bytes left before anything is allocated.

use std::collections::HashMap;
use std::sync::Arc;

use super::lexicon::{Lexicon, NAME_COUNTS, NameCounts, NameLikeness, WordClusters};
use super::{Stage, TAGS, TRANSITIONS, Tagger, Weights};
use crate::gazetteer::fnv;

/// Why a tagger model file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not a model, or one written for other features.
    #[error("not a tagger model of this khabar (train it again with `khabar persons train`)")]
    Format,
    /// Cut short or inconsistent.
    #[error("corrupt tagger model: {0}")]
    Corrupt(&'static str),
    /// Over [`MAX_MODEL_BYTES`].
    #[error("tagger model larger than {} MB", MAX_MODEL_BYTES >> 20)]
    TooLarge,
}

/// Names the feature set: any change to [`features`](super::features::features) changes it, so a model
/// trained for other features is refused rather than silently wrong.
pub(super) const MODEL_MAGIC: &[u8; 8] = b"KHTAG\x01\x00\x04";
/// Largest model file read.
pub const MAX_MODEL_BYTES: usize = 512 << 20;

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        if self.bytes.len() < n {
            return Err(ModelError::Corrupt("cut short"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes(
            b.try_into().map_err(|_| ModelError::Corrupt("cut short"))?,
        ))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        let b = self.take(4)?;
        let v = f32::from_le_bytes(b.try_into().map_err(|_| ModelError::Corrupt("cut short"))?);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(ModelError::Corrupt("weight not a finite number"))
        }
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes(
            b.try_into().map_err(|_| ModelError::Corrupt("cut short"))?,
        ))
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes(
            b.try_into().map_err(|_| ModelError::Corrupt("cut short"))?,
        ))
    }
    /// A word written by [`write_word`].
    fn word(&mut self) -> Result<String, ModelError> {
        let len = usize::from(self.u16()?);
        std::str::from_utf8(self.take(len)?)
            .map(str::to_string)
            .map_err(|_| ModelError::Corrupt("word not UTF-8"))
    }
    /// A count of records of `size` bytes each, checked against what is left.
    fn count(&mut self, size: usize) -> Result<usize, ModelError> {
        let n = usize::try_from(self.u64()?).map_err(|_| ModelError::Corrupt("bad count"))?;
        if n.checked_mul(size).is_none_or(|b| b > self.bytes.len()) {
            return Err(ModelError::Corrupt("count larger than the file"));
        }
        Ok(n)
    }
}

impl Tagger {
    /// The model as bytes (word clusters, name-likeness, name counts, then
    /// each stage's transitions and weights), the same for the same model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.len() * 20);
        out.extend_from_slice(MODEL_MAGIC);
        let mut clusters: Vec<(&String, &[u16; 3])> = self.lexicon.clusters.map.iter().collect();
        clusters.sort();
        out.extend_from_slice(&(clusters.len() as u64).to_le_bytes());
        for (word, ids) in clusters {
            write_word(&mut out, word);
            for id in ids {
                out.extend_from_slice(&id.to_le_bytes());
            }
        }
        let mut grams: Vec<(&u64, &f32)> = self.lexicon.namelike.weights.iter().collect();
        grams.sort_by_key(|(k, _)| **k);
        out.extend_from_slice(&(grams.len() as u64).to_le_bytes());
        for (k, w) in grams {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
        let mut names: Vec<(&String, &[u32; NAME_COUNTS])> =
            self.lexicon.names.map.iter().collect();
        names.sort();
        out.extend_from_slice(&(names.len() as u64).to_le_bytes());
        for (word, counts) in names {
            write_word(&mut out, word);
            for n in counts {
                out.extend_from_slice(&n.to_le_bytes());
            }
        }
        self.first.write(&mut out);
        match &self.second {
            Some(stage) => {
                out.push(1);
                stage.write(&mut out);
            }
            None => out.push(0),
        }
        out
    }

    /// Reads a model written by [`Tagger::to_bytes`]; anything else is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        if bytes.len() > MAX_MODEL_BYTES {
            return Err(ModelError::TooLarge);
        }
        let mut r = Reader { bytes };
        if r.take(MODEL_MAGIC.len()).map_err(|_| ModelError::Format)? != MODEL_MAGIC {
            return Err(ModelError::Format);
        }
        let n = r.count(2 + 6)?;
        let mut map = HashMap::with_capacity(n);
        for _ in 0..n {
            let word = r.word()?;
            map.insert(word, [r.u16()?, r.u16()?, r.u16()?]);
        }
        let n = r.count(8 + 4)?;
        let mut grams = HashMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let k = r.u64()?;
            grams.insert(k, r.f32()?);
        }
        let n = r.count(2 + 4 * NAME_COUNTS)?;
        let mut names = HashMap::with_capacity(n);
        for _ in 0..n {
            let word = r.word()?;
            let mut counts = [0u32; NAME_COUNTS];
            for c in &mut counts {
                *c = r.u32()?;
            }
            names.insert(word, counts);
        }
        let first = Stage::read(&mut r)?;
        let second = match r.take(1)?[0] {
            0 => None,
            1 => Some(Stage::read(&mut r)?),
            _ => return Err(ModelError::Corrupt("bad stage flag")),
        };
        if !r.bytes.is_empty() {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        Ok(Tagger {
            first,
            second,
            lexicon: Lexicon {
                clusters: Arc::new(WordClusters { map }),
                namelike: Arc::new(NameLikeness { weights: grams }),
                names: Arc::new(NameCounts { map: names }),
            },
            fingerprint: hash(bytes),
        })
    }

    /// A hash of the model: an index built with another model holds other
    /// person ids.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

/// Writes a word as its length (two bytes) and its UTF-8 bytes, cut at a
/// letter boundary to fit the length.
fn write_word(out: &mut Vec<u8>, word: &str) {
    let mut end = word.len().min(usize::from(u16::MAX));
    while !word.is_char_boundary(end) {
        end -= 1;
    }
    out.extend_from_slice(&(end as u16).to_le_bytes());
    out.extend_from_slice(&word.as_bytes()[..end]);
}

/// The hash of a model's bytes.
pub(super) fn hash(bytes: &[u8]) -> u64 {
    let mut x = 0xcbf2_9ce4_8422_2325u64;
    fnv(&mut x, bytes);
    x
}

impl Stage {
    fn write(&self, out: &mut Vec<u8>) {
        for t in self.transitions {
            out.extend_from_slice(&t.to_le_bytes());
        }
        let mut weights: Vec<(&u64, &[f32; TAGS])> = self.weights.iter().collect();
        weights.sort_by_key(|(k, _)| **k);
        out.extend_from_slice(&(weights.len() as u64).to_le_bytes());
        for (k, w) in weights {
            out.extend_from_slice(&k.to_le_bytes());
            for x in w {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }

    fn read(r: &mut Reader) -> Result<Stage, ModelError> {
        let mut transitions = [0f32; TRANSITIONS];
        for t in &mut transitions {
            *t = r.f32()?;
        }
        let n = r.count(8 + 4 * TAGS)?;
        let mut weights = Weights::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let k = r.u64()?;
            let mut w = [0f32; TAGS];
            for x in &mut w {
                *x = r.f32()?;
            }
            weights.insert(k, w);
        }
        Ok(Stage {
            weights,
            transitions,
        })
    }
}
