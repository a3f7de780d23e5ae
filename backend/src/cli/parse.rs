//! `tracemark parse`: reads one marking (argument or stdin, raw bytes; `<GS>`, `\x1d`,
//! `<RS>`, `<EOT>` escapes accepted) and prints the parsed marking as JSON.

use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::{Context, bail};
use tracemark_shared::marking::{self, MAX_MARKING_BYTES, SymbologyId};

/// Arguments of `tracemark parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// The marking text; read from standard input when absent or `-`.
    marking: Option<String>,
    /// Symbology identifier from the reader, e.g. `]d2` (also recognised as a prefix).
    #[arg(long)]
    symbology: Option<String>,
    /// Print compact JSON on one line.
    #[arg(long)]
    compact: bool,
}

/// Runs the subcommand.
pub fn run(args: ParseArgs) -> anyhow::Result<ExitCode> {
    let bytes = match args.marking.as_deref() {
        Some(text) if text != "-" => text.as_bytes().to_vec(),
        _ => read_stdin()?,
    };
    let symbology =
        match args.symbology.as_deref() {
            Some(s) => Some(SymbologyId::new(s).with_context(|| {
                format!("--symbology {s:?} is not an identifier like ]d2 or ]C1")
            })?),
            None => None,
        };
    let parsed = marking::parse(strip_line_end(&bytes), symbology)?;
    let json = if args.compact {
        serde_json::to_string(&parsed)?
    } else {
        serde_json::to_string_pretty(&parsed)?
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{json}").context("writing the result")?;
    Ok(ExitCode::SUCCESS)
}

/// Reads at most one byte more than a marking may hold, so junk cannot fill memory.
fn read_stdin() -> anyhow::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let limit = u64::try_from(MAX_MARKING_BYTES + 2).unwrap_or(u64::MAX);
    std::io::stdin()
        .lock()
        .take(limit)
        .read_to_end(&mut buf)
        .context("reading the marking from standard input")?;
    if buf.len() > MAX_MARKING_BYTES + 1 {
        bail!("the marking on standard input is longer than {MAX_MARKING_BYTES} bytes");
    }
    Ok(buf)
}

/// `echo` and shells add one line end; it is never part of a scanned code.
fn strip_line_end(bytes: &[u8]) -> &[u8] {
    let b = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    b.strip_suffix(b"\r").unwrap_or(b)
}
