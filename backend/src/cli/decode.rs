//! `tracemark decode FILE…`: reads photos (JPEG, PNG, WebP) and prints, for each, one
//! JSON object on one line: the codes found (format, text, symbology identifier,
//! corners), each code's parsed marking, the merged suggestions and conflicts, and the
//! photo's SHA-256, size and media type.
//!
//! Invariant: every file gets either its JSON line on stdout or one error line on
//! stderr, in argument order; the exit status is non-zero when any file failed. No
//! file is read past the input limit.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use tracemark_shared::capture::{self, Capture, CaptureError, Limits};

/// Arguments of `tracemark decode`.
#[derive(Debug, clap::Args)]
pub struct DecodeArgs {
    /// Photos to read.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Indent the JSON (then each object spans several lines).
    #[arg(long)]
    pretty: bool,
}

/// One line of output.
#[derive(serde::Serialize)]
struct Decoded<'a> {
    /// The path as given.
    file: String,
    #[serde(flatten)]
    capture: &'a Capture,
}

/// Runs the subcommand.
pub fn run(args: DecodeArgs) -> anyhow::Result<ExitCode> {
    let limits = Limits::default();
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for path in &args.files {
        match decode(path, &limits) {
            Ok(capture) => {
                let line = Decoded {
                    file: path.display().to_string(),
                    capture: &capture,
                };
                let json = if args.pretty {
                    serde_json::to_string_pretty(&line)?
                } else {
                    serde_json::to_string(&line)?
                };
                writeln!(out, "{json}").context("writing the result")?;
            }
            Err(e) => {
                failed = true;
                out.flush().context("writing the result")?;
                eprintln!("error: {}: {}", path.display(), super::one_line(&e));
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn decode(path: &Path, limits: &Limits) -> anyhow::Result<Capture> {
    let bytes = read_bounded(path, limits.max_input_bytes)?;
    Ok(capture::read_photo(&bytes, limits)?)
}

/// Reads a file, refusing one larger than `max` bytes without reading it all.
fn read_bounded(path: &Path, max: u64) -> anyhow::Result<Vec<u8>> {
    let file = std::fs::File::open(path).context("cannot open the file")?;
    let size = file.metadata().context("cannot read the file")?.len();
    if size > max {
        return Err(CaptureError::TooLarge { size, max }.into());
    }
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .context("cannot read the file")?;
    Ok(bytes)
}
