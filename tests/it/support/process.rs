//! Long-running processes for tests: `gloss serve` and other servers,
//! killed when the test ends, panics included; and one-off `gloss` runs
//! outside a fixture (for `init` and `new`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::BIN;

/// How long `gloss serve` may take to build a small site and listen (a
/// debug build on a busy machine is slow).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A child process, killed and reaped when dropped.
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running `gloss serve`: its port and everything it printed on stderr.
pub struct Server {
    child: ChildGuard,
    pub port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `gloss serve --root ROOT ARGS` in `cwd` and waits for its
    /// "Serving … at http://127.0.0.1:PORT/" line. `Err` holds stderr when
    /// it exits (or says nothing) instead.
    pub fn start(cwd: &Path, root: &Path, args: &[&str]) -> Result<Server, String> {
        let mut command = Command::new(BIN);
        command.arg("serve").arg("--root").arg(root).args(args);
        Self::spawn(command, cwd)
    }

    /// [`Server::start`] with the soft limit on open files (and the hard
    /// one too, when `hard` is set) lowered to `files` first, through the
    /// shell's `ulimit` (the shell then becomes gloss: same process).
    pub fn start_with_open_files(
        cwd: &Path,
        root: &Path,
        args: &[&str],
        files: u32,
        hard: bool,
    ) -> Result<Server, String> {
        let mut command = Command::new("sh");
        let which = if hard { "-n" } else { "-Sn" };
        command
            .arg("-c")
            .arg(format!("ulimit {which} {files} && exec \"$0\" \"$@\""))
            .arg(BIN)
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(args);
        Self::spawn(command, cwd)
    }

    /// Spawns `command` and waits for its "Serving" line.
    fn spawn(mut command: Command, cwd: &Path) -> Result<Server, String> {
        let child = command
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .env_remove("GLOSS_TIMINGS")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {BIN}: {e}"))?;
        let mut child = ChildGuard(child);
        let stderr = child.0.stderr.take().expect("stderr is piped");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel::<String>();
        let sink = Arc::clone(&log);
        // Keep reading for the server's whole life, so its pipe never fills.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                sink.lock().unwrap_or_else(|e| e.into_inner()).push_str(&format!("{line}\n"));
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left.min(Duration::from_millis(200))) {
                Ok(line) => {
                    if let Some(port) = serving_port(&line) {
                        return Ok(Server { child, port, log });
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Ok(Some(status)) = child.0.try_wait() {
                        // Let the reader catch the last lines.
                        std::thread::sleep(Duration::from_millis(100));
                        return Err(format!("gloss serve exited with {status}\n--- stderr ---\n{}", lock(&log)));
                    }
                    if Instant::now() >= deadline {
                        return Err(format!("gloss serve said nothing about serving\n--- stderr ---\n{}", lock(&log)));
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    let status = child.0.wait().map(|s| s.to_string()).unwrap_or_default();
                    return Err(format!("gloss serve exited ({status})\n--- stderr ---\n{}", lock(&log)));
                }
            }
        }
    }

    /// Everything the server printed on stderr so far.
    pub fn log(&self) -> String {
        lock(&self.log)
    }

    /// Waits until stderr holds `needle` (it is read by another thread,
    /// so it may lag behind what the server answers over HTTP).
    pub fn wait_for_log(&self, needle: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.log().contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.log().contains(needle)
    }

    /// The server's memory now and at its peak, from /proc/PID/status.
    #[track_caller]
    pub fn memory(&self) -> Memory {
        let path = format!("/proc/{}/status", self.child.0.id());
        let status = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
        let kib = |key: &str| -> u64 {
            let line = status.lines().find(|l| l.starts_with(key)).unwrap_or_else(|| panic!("no {key} in {path}"));
            line[key.len()..].trim().trim_end_matches("kB").trim().parse().unwrap_or_else(|e| panic!("{line}: {e}"))
        };
        Memory { rss_kib: kib("VmRSS:"), peak_kib: kib("VmHWM:") }
    }

    /// Has the process exited?
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child.0.try_wait().ok().flatten()
    }
}

/// A process's resident memory (Linux's VmRSS and VmHWM), in KiB.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    pub rss_kib: u64,
    pub peak_kib: u64,
}

fn lock(log: &Arc<Mutex<String>>) -> String {
    log.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// The port of a "Serving … at http://127.0.0.1:PORT/" line.
fn serving_port(line: &str) -> Option<u16> {
    if !line.starts_with("Serving ") {
        return None;
    }
    let rest = &line[line.find("http://127.0.0.1:")? + "http://127.0.0.1:".len()..];
    rest[..rest.find('/')?].parse().ok()
}

/// What a one-off run of gloss did.
pub struct Ran {
    pub command: String,
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    /// Asserts exit code 0.
    #[track_caller]
    pub fn success(self) -> Ran {
        assert!(
            self.status.success(),
            "`{}` failed with {}\n--- stderr ---\n{}",
            self.command,
            self.status,
            self.stderr
        );
        self
    }

    /// Asserts exit code 1.
    #[track_caller]
    pub fn failure(self) -> Ran {
        assert_eq!(
            self.status.code(),
            Some(1),
            "`{}`: expected exit code 1, got {}\n--- stderr ---\n{}",
            self.command,
            self.status,
            self.stderr
        );
        self
    }
}

/// Runs `gloss ARGS` in `cwd`, with plain diagnostics.
pub fn gloss(cwd: &Path, args: &[&str]) -> Ran {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("GLOSS_TIMINGS")
        .output()
        .unwrap_or_else(|e| panic!("run {BIN}: {e}"));
    Ran {
        command: format!("gloss {} (in {})", args.join(" "), cwd.display()),
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_port_of_the_serving_line() {
        let line = "Serving /tmp/x at http://127.0.0.1:36483/ (Ctrl-C to stop)";
        assert_eq!(super::serving_port(line), Some(36483));
        assert_eq!(super::serving_port("Rebuilt in 3 ms"), None);
    }
}
