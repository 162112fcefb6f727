//! `GLOSS_TIMINGS=1`: how long each stage of a build took, how many cores
//! it kept busy and the process's peak memory at its end.

use std::time::{Duration, Instant};

/// How long each stage took, and the process's peak memory at its end.
#[derive(Debug, Default)]
pub struct Timings {
    pub stages: Vec<Stage>,
    /// The process's CPU time at the end of the last stage.
    cpu_before: Option<Duration>,
}

/// One stage of a build, for `GLOSS_TIMINGS=1`.
#[derive(Debug)]
pub struct Stage {
    pub name: &'static str,
    pub took: Duration,
    /// CPU time all threads spent in it (where the OS says it): over
    /// `took`, how many cores the stage kept busy.
    pub cpu: Option<Duration>,
    /// Peak resident memory of the process so far, in bytes (Linux only).
    pub peak_rss: Option<u64>,
}

impl Timings {
    pub fn new() -> Self {
        Self { stages: Vec::new(), cpu_before: cpu_time() }
    }

    /// Records that stage `name`, begun at `started`, has ended.
    pub fn mark(&mut self, name: &'static str, started: Instant) {
        let now = cpu_time();
        let cpu = now.zip(self.cpu_before).map(|(now, before)| now.saturating_sub(before));
        self.cpu_before = now;
        self.stages.push(Stage { name, took: started.elapsed(), cpu, peak_rss: peak_rss() });
    }
}

/// The CPU time (user and system) the process's threads have used so far.
#[cfg(unix)]
fn cpu_time() -> Option<Duration> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct it is given, which lives for the call.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: getrusage returned 0, so it wrote the whole struct.
    let usage = unsafe { usage.assume_init() };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Some(time(usage.ru_utime) + time(usage.ru_stime))
}

#[cfg(not(unix))]
fn cpu_time() -> Option<Duration> {
    None
}

/// The process's peak resident set size (`VmHWM`), where the OS says it.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().strip_suffix("kB")?.trim();
    kb.parse::<u64>().ok().map(|k| k * 1024)
}
