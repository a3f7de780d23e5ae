//! Signed checkpoints of the audit chain: the head `(seq, hash)` signed with an Ed25519
//! key that lives outside the database (a key file, see `Config::audit_key_file`).
//!
//! Invariant: whoever holds the database file but not the key cannot make a rewritten,
//! shortened or re-ordered chain agree with the checkpoints signed before the rewrite.
//! The last head signed is also kept beside the key (the anchor file), outside the
//! database: the server signs a new head only if the chain still holds the anchored
//! one and links on from it, and never replaces a checkpoint — so deleting the
//! checkpoints and re-hashing the chain does not get the forged head signed, and
//! `audit verify` checks the anchor too. A head recorded by a third party
//! (`--expect SEQ:HASH`) catches even the loss of the key directory. The private key is
//! never logged or stored in the database; only its public half is.

use std::collections::HashMap;
use std::path::Path;

use crate::args;
use crate::sql::{Conn, ConnExt, Row, SqlError};
use anyhow::Context;
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use serde::Serialize;

use super::{Verification, head, walk};

/// Bytes of an Ed25519 seed.
const SEED_LEN: usize = 32;

/// The key that signs checkpoints, and the file beside it that keeps the last head
/// it signed.
pub struct Signer {
    pair: Ed25519KeyPair,
    anchor: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the private half.
        write!(f, "Signer({})", self.public_key_hex())
    }
}

impl Signer {
    /// A signer from a 32-byte seed.
    pub fn from_seed(seed: &[u8]) -> anyhow::Result<Self> {
        let pair = Ed25519KeyPair::from_seed_unchecked(seed)
            .map_err(|_| anyhow::anyhow!("an audit key is {SEED_LEN} bytes"))?;
        Ok(Self { pair, anchor: None })
    }

    /// The anchor file of a key file: beside it, `.head` for `.key`.
    pub fn anchor_path(key_file: &Path) -> std::path::PathBuf {
        key_file.with_extension("head")
    }

    /// The last head this key signed (from the anchor file), if any.
    pub fn anchored(&self) -> anyhow::Result<Option<(i64, String)>> {
        let Some(path) = &self.anchor else {
            return Ok(None);
        };
        read_anchor(path)
    }

    fn set_anchor(&self, seq: i64, hash: &str) -> std::io::Result<()> {
        let Some(path) = &self.anchor else {
            return Ok(());
        };
        let tmp = path.with_extension("head.tmp");
        std::fs::write(&tmp, format!("{seq}:{hash}\n"))?;
        std::fs::File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, path)
    }

    /// Reads the key file (64 hex digits), creating it with a new random key, readable
    /// by its owner only, when it does not exist.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Self> {
        let mut signer = Self::key_from_file(path)?;
        signer.anchor = Some(Self::anchor_path(path));
        Ok(signer)
    }

    fn key_from_file(path: &Path) -> anyhow::Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let seed = hex::decode(text.trim())
                    .with_context(|| format!("the audit key file {} is not hex", path.display()))?;
                Self::from_seed(&seed)
                    .with_context(|| format!("in the audit key file {}", path.display()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut seed = [0u8; SEED_LEN];
                getrandom::fill(&mut seed)
                    .map_err(|e| anyhow::anyhow!("no randomness for the audit key: {e}"))?;
                write_private(path, &hex::encode(seed))?;
                Self::from_seed(&seed)
            }
            Err(e) => {
                Err(e).with_context(|| format!("reading the audit key file {}", path.display()))
            }
        }
    }

    /// The public key, as 64 hex digits: what a verifier needs.
    pub fn public_key_hex(&self) -> String {
        hex::encode(self.pair.public_key().as_ref())
    }

    fn sign(&self, message: &[u8]) -> String {
        hex::encode(self.pair.sign(message).as_ref())
    }
}

fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating {} for the audit key", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options
        .open(path)
        .with_context(|| format!("creating the audit key file {}", path.display()))?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(())
}

/// Reads an anchor file (`SEQ:HASH`), if there is one.
pub fn read_anchor(path: &Path) -> anyhow::Result<Option<(i64, String)>> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_expectation(text.trim()).map(Some).map_err(|e| {
            anyhow::anyhow!("the audit anchor file {} is damaged: {e}", path.display())
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// What a checkpoint signs: a fixed label, so the signature means nothing elsewhere.
fn message(seq: i64, hash: &str, at: &str) -> Vec<u8> {
    format!("tracemark audit checkpoint v1\n{seq}\n{hash}\n{at}").into_bytes()
}

/// A signed head of the chain, as stored and as handed to a third party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Checkpoint {
    /// Sequence number of the newest entry covered.
    pub seq: i64,
    /// Its hash.
    pub hash: String,
    /// When it was signed (RFC 3339, UTC).
    pub at: String,
    /// The signing key's public half (64 hex digits).
    pub public_key: String,
    /// Ed25519 signature of `tracemark audit checkpoint v1\n{seq}\n{hash}\n{at}` (hex).
    pub signature: String,
}

impl Checkpoint {
    /// Whether `public_key` signed this checkpoint.
    pub fn signed_by(&self, public_key: &[u8]) -> bool {
        hex::decode(&self.signature).is_ok_and(|sig| {
            UnparsedPublicKey::new(&ED25519, public_key)
                .verify(&message(self.seq, &self.hash, &self.at), &sig)
                .is_ok()
        })
    }
}

/// Why a checkpoint was not signed.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// The chain no longer holds the last head signed, or disagrees with a stored
    /// checkpoint: it was rewritten. Nothing is signed until someone looks.
    #[error(
        "the audit log does not extend the last signed head ({0}); it may have been tampered with: run `tracemark audit verify`"
    )]
    Tampered(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] SqlError),
    /// The anchor file could not be read or written.
    #[error("audit anchor file: {0}")]
    Anchor(String),
}

/// Signs the current head, unless a checkpoint already covers it, and returns the
/// newest checkpoint. Takes the write lock, so it sees a head no append is changing;
/// refuses when the chain does not extend the anchored head or a stored checkpoint.
pub fn checkpoint(c: &impl Conn, signer: &Signer) -> Result<Checkpoint, CheckpointError> {
    let anchored = signer
        .anchored()
        .map_err(|e| CheckpointError::Anchor(format!("{e:#}")))?;
    let cp = crate::sql::in_write(c, |tx| sign_head(tx, signer, anchored.as_ref()))?;
    signer
        .set_anchor(cp.seq, &cp.hash)
        .map_err(|e| CheckpointError::Anchor(e.to_string()))?;
    Ok(cp)
}

fn sign_head(
    tx: &impl Conn,
    signer: &Signer,
    anchored: Option<&(i64, String)>,
) -> Result<Checkpoint, CheckpointError> {
    let (seq, hash) = head(tx)?;
    if let Some((aseq, ahash)) = anchored
        && let Err(why) = super::extends(tx, *aseq, ahash)?
    {
        return Err(CheckpointError::Tampered(why));
    }
    let newest = tx.query_opt(
        "SELECT seq, hash, at, public_key, signature FROM audit_checkpoints
         ORDER BY seq DESC LIMIT 1",
        args![],
        row,
    )?;
    if let Some(cp) = &newest
        && let Err(why) = super::extends(tx, cp.seq, &cp.hash)?
    {
        return Err(CheckpointError::Tampered(why));
    }
    let cp = match newest {
        Some(cp) if cp.seq == seq && cp.public_key == signer.public_key_hex() => cp,
        _ => {
            let at = crate::db::now();
            let cp = Checkpoint {
                signature: signer.sign(&message(seq, &hash, &at)),
                public_key: signer.public_key_hex(),
                seq,
                hash,
                at,
            };
            // A checkpoint is never replaced: a second one at the same entry (another
            // key) is ignored.
            tx.execute(
                "INSERT INTO audit_checkpoints (seq, hash, at, public_key, signature)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                args![cp.seq, cp.hash, cp.at, cp.public_key, cp.signature],
            )?;
            cp
        }
    };
    Ok(cp)
}

fn row(r: &Row<'_>) -> Result<Checkpoint, SqlError> {
    Ok(Checkpoint {
        seq: r.get(0)?,
        hash: r.get(1)?,
        at: r.get(2)?,
        public_key: r.get(3)?,
        signature: r.get(4)?,
    })
}

/// What [`verify`] found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The walk of the hash chain itself.
    pub chain: Verification,
    /// Checkpoints found in the database.
    pub checkpoints: u64,
    /// Whether their signatures were checked (a public key was given).
    pub signatures_checked: bool,
    /// Sequence number of the newest checkpoint, if any.
    pub newest_checkpoint: Option<i64>,
    /// Heads recorded elsewhere (`--expect`) that were checked.
    pub expectations: u64,
    /// Everything that does not agree, in words.
    pub problems: Vec<String>,
}

impl Report {
    /// Whether the chain is whole and agrees with every checkpoint and expectation.
    pub fn intact(&self) -> bool {
        self.chain.first_broken.is_none() && self.problems.is_empty()
    }
}

/// Walks the chain and checks it against every stored checkpoint (and its signature,
/// when `public_key` is given) and every head recorded by a third party.
pub fn verify(
    c: &impl Conn,
    public_key: Option<&[u8]>,
    expect: &[(i64, String)],
    anchor: Option<&(i64, String)>,
) -> Result<Report, SqlError> {
    let checkpoints: Vec<Checkpoint> = c.query(
        "SELECT seq, hash, at, public_key, signature FROM audit_checkpoints ORDER BY seq",
        args![],
        row,
    )?;
    let mut wanted: HashMap<i64, Option<String>> = checkpoints
        .iter()
        .map(|cp| (cp.seq, None))
        .chain(expect.iter().chain(anchor).map(|(seq, _)| (*seq, None)))
        .collect();
    let chain = walk(c, |seq, hash| {
        if let Some(slot) = wanted.get_mut(&seq) {
            *slot = Some(hash.to_string());
        }
    })?;
    let mut problems = Vec::new();
    let mut compare = |seq: i64, hash: &str, what: &str| {
        if seq == 0 {
            return; // the empty log: nothing to compare
        }
        match wanted.get(&seq).and_then(Option::as_deref) {
            Some(h) if h == hash => {}
            Some(_) => problems.push(format!(
                "entry {seq} differs from the {what}: the chain was rewritten"
            )),
            None => problems.push(format!(
                "entry {seq}, covered by the {what}, is missing: the chain was cut or broken before it"
            )),
        }
    };
    for cp in &checkpoints {
        compare(cp.seq, &cp.hash, "signed checkpoint");
    }
    for (seq, hash) in expect {
        compare(*seq, hash, "head recorded elsewhere");
    }
    if let Some((seq, hash)) = anchor {
        compare(
            *seq,
            hash,
            "last head signed (the anchor file beside the key)",
        );
    }
    for cp in &checkpoints {
        let well_formed = cp.hash.len() == 64 && cp.hash.bytes().all(|b| b.is_ascii_hexdigit());
        if !well_formed {
            problems.push(format!("the checkpoint at entry {} is malformed", cp.seq));
        }
    }
    if let Some(key) = public_key {
        for cp in checkpoints.iter().filter(|cp| !cp.signed_by(key)) {
            problems.push(format!(
                "the checkpoint at entry {} is not signed by the audit key",
                cp.seq
            ));
        }
    }
    Ok(Report {
        checkpoints: checkpoints.len() as u64,
        signatures_checked: public_key.is_some(),
        newest_checkpoint: checkpoints.last().map(|cp| cp.seq),
        expectations: expect.len() as u64,
        chain,
        problems,
    })
}

/// Parses `SEQ:HASH` as printed by `tracemark audit head`.
pub fn parse_expectation(text: &str) -> Result<(i64, String), String> {
    let (seq, hash) = text
        .split_once(':')
        .ok_or_else(|| format!("{text:?}: write SEQ:HASH, as `tracemark audit head` prints"))?;
    let seq: i64 = seq
        .trim()
        .parse()
        .map_err(|_| format!("{text:?}: {seq:?} is not a sequence number"))?;
    let hash = hash.trim().to_ascii_lowercase();
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("{text:?}: the hash must be 64 hex digits"));
    }
    Ok((seq, hash))
}

#[cfg(test)]
mod tests {
    use super::super::{Actor, Entry, append, entry_hash};
    use super::*;
    use rusqlite::{Connection, params};

    fn log_with(n: usize) -> (tempfile::TempDir, Connection) {
        super::super::tests::log_of(n, "trace_query")
    }

    fn add(c: &Connection, action: &str, i: usize) {
        append(
            c,
            &Entry {
                actor: Actor::default(),
                action,
                subject: &format!("s{i}"),
                detail: serde_json::json!({ "i": i }),
            },
        )
        .unwrap();
    }

    fn signer() -> Signer {
        Signer::from_seed(&[7u8; 32]).unwrap()
    }

    fn public(s: &Signer) -> Vec<u8> {
        hex::decode(s.public_key_hex()).unwrap()
    }

    /// What an attacker holding the database file (not the key) does: drops entries
    /// and re-hashes everything after them, so the chain itself verifies again.
    fn delete_and_rehash(c: &Connection, action: &str) {
        c.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
            .unwrap();
        c.execute("DELETE FROM audit_log WHERE action = ?1", [action])
            .unwrap();
        let rows: Vec<(i64, String, String, String, String)> = c
            .prepare("SELECT seq, at, action, subject, detail FROM audit_log ORDER BY seq")
            .unwrap()
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        c.execute("DELETE FROM audit_log", []).unwrap();
        let mut prev = super::super::GENESIS.to_string();
        for (i, (_, at, action, subject, detail)) in rows.into_iter().enumerate() {
            let seq = i as i64 + 1;
            let hash = entry_hash(&prev, seq, &at, None, None, &action, &subject, &detail);
            c.execute(
                "INSERT INTO audit_log (seq, at, action, subject, detail, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![seq, at, action, subject, detail, prev, hash],
            )
            .unwrap();
            prev = hash;
        }
    }

    #[test]
    fn an_intact_chain_agrees_with_its_checkpoints() {
        let (_d, c) = log_with(3);
        let s = signer();
        let cp = checkpoint(&c, &s).unwrap();
        assert_eq!(cp.seq, 3);
        assert!(cp.signed_by(&public(&s)));
        // Signing again without a new entry keeps the same checkpoint.
        assert_eq!(checkpoint(&c, &s).unwrap(), cp);
        add(&c, "login", 9);
        let r = verify(&c, Some(&public(&s)), &[(cp.seq, cp.hash.clone())], None).unwrap();
        assert!(r.intact(), "{r:?}");
        assert_eq!((r.checkpoints, r.newest_checkpoint), (1, Some(3)));
    }

    #[test]
    fn a_rehashed_chain_is_found_by_its_checkpoint() {
        let (_d, c) = log_with(2);
        add(&c, "login", 2);
        let s = signer();
        checkpoint(&c, &s).unwrap();
        delete_and_rehash(&c, "trace_query");
        // The chain alone looks whole after the rewrite…
        assert_eq!(super::super::verify(&c).unwrap().first_broken, None);
        // …but not against what was signed before it.
        let r = verify(&c, Some(&public(&s)), &[], None).unwrap();
        assert!(!r.intact());
        assert!(r.problems[0].contains("entry 3"), "{:?}", r.problems);
    }

    #[test]
    fn deleting_the_checkpoints_too_is_found_by_a_recorded_head() {
        let (_d, c) = log_with(3);
        let s = signer();
        let cp = checkpoint(&c, &s).unwrap();
        delete_and_rehash(&c, "trace_query");
        c.execute("DELETE FROM audit_checkpoints", []).unwrap();
        let r = verify(&c, Some(&public(&s)), &[(cp.seq, cp.hash)], None).unwrap();
        assert!(!r.intact());
        assert!(
            r.problems[0].contains("recorded elsewhere"),
            "{:?}",
            r.problems
        );
    }

    #[test]
    fn a_checkpoint_forged_with_another_key_is_refused() {
        let (_d, c) = log_with(2);
        let real = signer();
        let forger = Signer::from_seed(&[9u8; 32]).unwrap();
        checkpoint(&c, &forger).unwrap();
        let r = verify(&c, Some(&public(&real)), &[], None).unwrap();
        assert!(!r.intact());
        assert!(r.problems[0].contains("not signed"), "{:?}", r.problems);
    }

    #[test]
    fn a_forged_head_is_never_signed_and_the_anchor_finds_the_rewrite() {
        // The server's key has its anchor file; an attacker with the database file
        // drops entries, re-hashes the rest and deletes every checkpoint, then waits
        // for the server to sign the forged head.
        let (dir, c) = log_with(3);
        let key = dir.path().join("keys/audit.key");
        let s = Signer::load_or_create(&key).unwrap();
        let first = checkpoint(&c, &s).unwrap();
        add(&c, "login", 3);
        checkpoint(&c, &s).unwrap();
        delete_and_rehash(&c, "trace_query");
        c.execute("DELETE FROM audit_checkpoints", []).unwrap();
        assert!(matches!(
            checkpoint(&c, &s),
            Err(CheckpointError::Tampered(_))
        ));
        assert_eq!(
            c.query_row("SELECT count(*) FROM audit_checkpoints", [], |r| r
                .get::<_, i64>(0))
                .unwrap(),
            0,
            "nothing was signed"
        );
        let anchor = read_anchor(&Signer::anchor_path(&key)).unwrap().unwrap();
        assert_eq!(anchor.0, 4);
        let r = verify(&c, Some(&public(&s)), &[], Some(&anchor)).unwrap();
        assert!(!r.intact());
        assert!(r.problems[0].contains("anchor"), "{:?}", r.problems);
        // A checkpoint that disagrees with the chain is not replaced either.
        let (_d, c2) = log_with(2);
        let s2 = Signer::from_seed(&[3u8; 32]).unwrap();
        checkpoint(&c2, &s2).unwrap();
        c2.execute_batch("DROP TRIGGER audit_log_no_update;")
            .unwrap();
        c2.execute(
            "UPDATE audit_log SET hash = ?1 WHERE seq = 2",
            [&first.hash],
        )
        .unwrap();
        assert!(matches!(
            checkpoint(&c2, &s2),
            Err(CheckpointError::Tampered(_))
        ));
    }

    #[test]
    fn key_file_is_created_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/audit.key");
        let a = Signer::load_or_create(&path).unwrap();
        let b = Signer::load_or_create(&path).unwrap();
        assert_eq!(a.public_key_hex(), b.public_key_hex());
        assert!(!format!("{a:?}").contains(std::fs::read_to_string(&path).unwrap().trim()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by its owner only");
        }
        std::fs::write(&path, "not hex").unwrap();
        assert!(Signer::load_or_create(&path).is_err());
    }

    #[test]
    fn expectations_parse() {
        let h = "ab".repeat(32);
        assert_eq!(parse_expectation(&format!("12:{h}")), Ok((12, h.clone())));
        for bad in ["12", "x:ab", &format!("1:{}", "z".repeat(64)), "3:abc"] {
            assert!(parse_expectation(bad).is_err(), "{bad}");
        }
    }
}
