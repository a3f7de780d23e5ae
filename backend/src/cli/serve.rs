//! `tracemark serve`: runs the service with the configured store.

use std::io::Write;
use std::process::ExitCode;

use tracemark_backend::config::{Config, ConfigArgs};
use tracemark_backend::server;

/// Arguments of `tracemark serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    config: ConfigArgs,
}

/// Runs the service until SIGTERM or Ctrl-C.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    server::init_tracing();
    let config = Config::load(&args.config)?;
    super::runtime()?.block_on(async {
        let state = server::state(config).await?;
        server::serve(state, |addr| {
            // Tests and scripts read this line to find a port chosen with :0.
            println!("Tracemark listening on http://{addr}");
            let _ = std::io::stdout().flush();
        })
        .await
    })?;
    Ok(ExitCode::SUCCESS)
}
