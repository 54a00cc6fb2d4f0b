//! `curl` and `wget`, and whether what they fetch is run by a shell.

use super::{parse_args, program_in, Args, Style};
use crate::shell::ast::{Command, Context, Script, Word};

/// Which downloader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownloadTool {
    /// `curl`
    Curl,
    /// `wget`
    Wget,
}

/// A curl or wget command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Download<'a> {
    /// The tool.
    pub tool: DownloadTool,
    /// Options and operands after the program name.
    pub args: Args<'a>,
    /// URL words (operands, plus curl's `--url` values are in `args`).
    pub urls: Vec<&'a Word>,
}

const CURL_VALUES: &[&str] = &[
    "-o",
    "--output",
    "-H",
    "--header",
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "--data-ascii",
    "--json",
    "-X",
    "--request",
    "-u",
    "--user",
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-x",
    "--proxy",
    "-m",
    "--max-time",
    "--connect-timeout",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "-w",
    "--write-out",
    "-T",
    "--upload-file",
    "-F",
    "--form",
    "-r",
    "--range",
    "-C",
    "--continue-at",
    "-z",
    "--time-cond",
    "-E",
    "--cert",
    "--cacert",
    "--capath",
    "--key",
    "-K",
    "--config",
    "--limit-rate",
    "--output-dir",
    "--proto",
    "--proto-redir",
    "--url",
    "-Y",
    "--speed-limit",
    "-y",
    "--speed-time",
    "--resolve",
    "--interface",
    "--max-redirs",
    "--ciphers",
    "-U",
    "--proxy-user",
    "--noproxy",
    "--dns-servers",
    "--netrc-file",
    "-Q",
    "--quote",
    "-t",
    "--telnet-option",
    "-P",
    "--ftp-port",
    "--stderr",
    "--trace",
    "--trace-ascii",
    "--local-port",
    "--oauth2-bearer",
    "--aws-sigv4",
    "--pinnedpubkey",
    "--variable",
    "--tls-max",
    "--connect-to",
];

const WGET_VALUES: &[&str] = &[
    "-O",
    "--output-document",
    "-o",
    "--output-file",
    "-a",
    "--append-output",
    "-P",
    "--directory-prefix",
    "-t",
    "--tries",
    "-T",
    "--timeout",
    "-U",
    "--user-agent",
    "--header",
    "--user",
    "--password",
    "-i",
    "--input-file",
    "-e",
    "--execute",
    "-w",
    "--wait",
    "-Q",
    "--quota",
    "--post-data",
    "--post-file",
    "-B",
    "--base",
    "--bind-address",
    "--limit-rate",
    "--ca-certificate",
    "--certificate",
    "--private-key",
    "-l",
    "--level",
    "-A",
    "--accept",
    "-R",
    "--reject",
    "-D",
    "--domains",
    "--exclude-domains",
    "-I",
    "-X",
    "--load-cookies",
    "--save-cookies",
    "--method",
    "--body-data",
    "--ca-directory",
    "--progress",
];

impl<'a> Download<'a> {
    /// URLs as text (expansions shown as `${NAME}`).
    pub fn url_texts(&self) -> Vec<String> {
        let mut v: Vec<String> = self.urls.iter().map(|w| w.lossy()).collect();
        v.extend(self.args.values(&["--url"]).into_iter().map(str::to_string));
        v
    }

    /// The output file: curl `-o`/`--output`, wget `-O`/`--output-document`.
    pub fn output(&self) -> Option<&str> {
        match self.tool {
            DownloadTool::Curl => self.args.value(&["-o", "--output"]),
            DownloadTool::Wget => self.args.value(&["-O", "--output-document"]),
        }
    }

    /// curl `-O`/`--remote-name`/`--remote-name-all`.
    pub fn remote_name(&self) -> bool {
        self.tool == DownloadTool::Curl
            && self.args.has(&["-O", "--remote-name", "--remote-name-all"])
    }

    /// Whether the body goes to standard output (curl without an output option, wget `-O -`).
    pub fn writes_stdout(&self) -> bool {
        match self.tool {
            DownloadTool::Curl => self.output().is_none_or(|o| o == "-") && !self.remote_name(),
            DownloadTool::Wget => self.output() == Some("-"),
        }
    }

    /// Whether HTTP errors make the command fail (curl `-f`/`--fail`; wget always).
    pub fn fails_on_http_error(&self) -> bool {
        match self.tool {
            DownloadTool::Curl => self.args.has(&["-f", "--fail", "--fail-with-body"]),
            DownloadTool::Wget => true,
        }
    }

    /// Whether redirects are followed (curl `-L`/`--location`; wget by default).
    pub fn follows_redirects(&self) -> bool {
        match self.tool {
            DownloadTool::Curl => self.args.has(&["-L", "--location"]),
            DownloadTool::Wget => !self.args.has(&["--max-redirect=0"]),
        }
    }

    /// Certificate checks disabled (curl `-k`/`--insecure`, wget `--no-check-certificate`).
    pub fn insecure(&self) -> bool {
        self.args
            .has(&["-k", "--insecure", "--no-check-certificate"])
    }

    /// Quiet/silent (curl `-s`, wget `-q`).
    pub fn quiet(&self) -> bool {
        match self.tool {
            DownloadTool::Curl => self.args.has(&["-s", "--silent"]),
            DownloadTool::Wget => self.args.has(&["-q", "--quiet"]),
        }
    }
}

/// Recognises `curl` and `wget`.
pub fn download(cmd: &Command) -> Option<Download<'_>> {
    let (tool, values) = match program_in(cmd, &["curl", "wget"])? {
        "curl" => (DownloadTool::Curl, CURL_VALUES),
        _ => (DownloadTool::Wget, WGET_VALUES),
    };
    let args = parse_args(cmd.args(), values, Style::Gnu);
    let urls = args.operands.clone();
    Some(Download { tool, args, urls })
}

/// Programs that execute code read from a pipe or given as a file.
pub const INTERPRETERS: &[&str] = &[
    "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "python", "python2", "python3", "perl",
    "ruby", "node", "php",
];

fn is_interpreter(c: &Command) -> bool {
    c.program().is_some_and(|p| {
        INTERPRETERS.contains(&p)
            || p.strip_prefix("python")
                .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
    })
}

/// How downloaded content reaches an interpreter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Executed<'s> {
    /// `curl ... | sh` (possibly through `tee`/`cat`): the interpreter reading the pipe.
    Piped(&'s Command),
    /// `sh -c "$(curl ...)"`, `bash <(curl ...)`, `eval "$(curl ...)"`, `. <(curl ...)`: the command running it.
    Substituted(&'s Command),
}

impl<'s> Executed<'s> {
    /// The command that runs the downloaded code.
    pub fn runner(&self) -> &'s Command {
        match self {
            Executed::Piped(c) | Executed::Substituted(c) => c,
        }
    }
}

/// Whether the output of `cmd` (typically curl or wget) is executed by an
/// interpreter: piped into one, or substituted into `sh -c`/`eval`/`source`.
pub fn executed_by_interpreter<'s>(script: &'s Script, cmd: &Command) -> Option<Executed<'s>> {
    // Through the pipeline.
    let mut next = cmd.position.pipe_to;
    let mut hops = 0;
    while let Some(c) = next.and_then(|id| script.command(id)) {
        hops += 1;
        if hops > 64 {
            break;
        }
        match c.program() {
            Some("tee" | "cat") => next = c.position.pipe_to,
            _ => {
                // `sh -c 'script'` runs its argument, not its input.
                if is_interpreter(c)
                    && c.inline_script.is_none()
                    && !c.args().iter().any(|w| w.literal() == Some("-c"))
                {
                    return Some(Executed::Piped(c));
                }
                break;
            }
        }
    }
    // Through a substitution in an argument of the runner.
    let owner = cmd.position.enclosing.iter().rev().find_map(|c| match c {
        Context::Substitution { owner } => Some(*owner),
        _ => None,
    })??;
    let o = script.command(owner)?;
    let runs = is_interpreter(o) || matches!(o.program(), Some("eval" | "source" | "."));
    runs.then_some(Executed::Substituted(o))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse_script;

    #[test]
    fn curl_flags() {
        let s = parse_script("curl -fsSL -o /tmp/x.tgz https://e.x/a.tgz && curl -sLO https://e.x/b && curl -k https://e.x/c", 0);
        let a = download(&s.commands[0]).unwrap();
        assert_eq!(a.output(), Some("/tmp/x.tgz"));
        assert!(
            a.fails_on_http_error() && a.quiet() && a.follows_redirects() && !a.writes_stdout()
        );
        assert_eq!(a.url_texts(), ["https://e.x/a.tgz"]);
        let b = download(&s.commands[1]).unwrap();
        assert!(b.remote_name() && !b.writes_stdout() && !b.fails_on_http_error());
        let c = download(&s.commands[2]).unwrap();
        assert!(c.insecure() && c.writes_stdout());
    }

    #[test]
    fn wget_flags() {
        let s = parse_script(
            "wget -qO- https://e.x/i.sh | sh; wget --no-check-certificate -O /x https://e.x/y",
            0,
        );
        let a = download(&s.commands[0]).unwrap();
        assert_eq!(a.tool, DownloadTool::Wget);
        assert!(a.writes_stdout() && a.quiet());
        let b = download(&s.commands[2]).unwrap();
        assert!(b.insecure() && !b.writes_stdout());
    }

    #[test]
    fn execution_detection() {
        let s = parse_script(
            "curl -fsSL https://e.x/i.sh | sudo -E bash -s -- --yes; \
             wget -qO- https://e.x | tee /log | sh; \
             sh -c \"$(curl -fsSL https://e.x/i)\"; \
             bash <(curl -s https://e.x); \
             curl https://e.x | tar xz; \
             curl -o x https://e.x && sh x; \
             X=$(curl https://e.x/v)",
            0,
        );
        let runner = |i: usize| {
            let c = &s.commands[i];
            assert!(download(c).is_some(), "{:?}", c.program());
            executed_by_interpreter(&s, c).map(|e| {
                (
                    matches!(e, Executed::Piped(_)),
                    e.runner().program().map(str::to_string),
                )
            })
        };
        let curl_ids: Vec<usize> = s
            .commands
            .iter()
            .filter(|c| download(c).is_some())
            .map(|c| c.id)
            .collect();
        let got: Vec<_> = curl_ids.iter().map(|&i| runner(i)).collect();
        assert_eq!(
            got,
            [
                Some((true, Some("bash".into()))),
                Some((true, Some("sh".into()))),
                Some((false, Some("sh".into()))),
                Some((false, Some("bash".into()))),
                None,
                None,
                None,
            ]
        );
    }
}
