use clap::Parser;

use omd::{app, cli, error, output, style};

fn main() {
    let cli = cli::Cli::parse();
    let code = match app::run(cli) {
        Ok(code) => code,
        Err(error) => {
            output::to_stderr(&style::visible(&app::describe_error(&error)));
            error::exit_code(&error)
        }
    };
    std::process::exit(code);
}
