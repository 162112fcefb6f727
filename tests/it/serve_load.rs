//! `gloss serve` under load (issue 16): memory under many concurrent
//! downloads of a large file, clients that send half a request or nothing,
//! and more idle sockets than the process may open files. Loopback only,
//! with bounded counts and times; memory is read from /proc/PID/status.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use gloss::serve::HEADER_TIMEOUT;

use crate::support::Site;
use crate::support::http;
use crate::support::process::{Memory, Server};

/// The large static file: big enough that one copy per client would show.
const BIG: usize = 8 << 20;
const CLIENTS: usize = 200;
/// How much the server may grow with [`CLIENTS`] downloads in flight: a
/// task and hyper's buffers per connection, a few dozen KiB each. One copy
/// of the file per client would be 1.6 GB.
const MEMORY_BOUND_KIB: u64 = 64 * 1024;
/// Time given beyond [`HEADER_TIMEOUT`] for the server to close a socket
/// (a busy machine is slow to schedule it).
const MARGIN: Duration = Duration::from_secs(5);

fn big_file() -> Vec<u8> {
    (0..BIG).map(|i| (i % 251) as u8).collect()
}

fn fixture_server(site: &Site) -> Server {
    Server::start(&site.root, &site.root, &["--port", "0"]).unwrap_or_else(|e| panic!("{e}"))
}

/// Sends `GET /big.bin` and reads the first bytes: the status line and
/// the start of the body. Returns the stream and how much body it read.
fn start_download(port: u16) -> (TcpStream, usize) {
    let mut s = http::connect(port).expect("connect");
    s.write_all(format!("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes())
        .expect("send the request");
    let mut first = vec![0u8; 4096];
    s.read_exact(&mut first).expect("read the start of the response");
    let head_end = first.windows(4).position(|w| w == b"\r\n\r\n").expect("the head fits in 4 KiB") + 4;
    assert!(first.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&first[..head_end]));
    (s, first.len() - head_end)
}

fn over(now: Memory, idle: Memory) -> String {
    format!("idle {idle:?}, now {now:?}: {} MiB more", now.rss_kib.saturating_sub(idle.rss_kib) / 1024)
}

/// Issue 16: 200 concurrent requests for a 28 MB file took the server from
/// 370 MB to 5 GB: each response copied the file.
#[test]
fn concurrent_downloads_of_a_large_file_share_one_copy() {
    let site = Site::fixture("valid/serve").write("static/big.bin", big_file());
    let server = fixture_server(&site);
    let first = http::must_get(server.port, "/big.bin");
    assert_eq!(first.status, 200, "{}", first.head());
    assert!(first.body == big_file(), "GET /big.bin: {} bytes, not the file", first.body.len());
    let idle = server.memory();

    // Every client reads only the start of its response, so all of them
    // are in flight at once; then they read the rest, a few at a time.
    let mut downloads: Vec<(TcpStream, usize)> = (0..CLIENTS).map(|_| start_download(server.port)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let busy = server.memory();
    std::thread::scope(|s| {
        for group in downloads.chunks_mut(CLIENTS / 8) {
            s.spawn(move || {
                for (stream, got) in group {
                    let mut buf = vec![0u8; 1 << 16];
                    loop {
                        match stream.read(&mut buf) {
                            Ok(0) => break,
                            Ok(n) => *got += n,
                            Err(e) => panic!("a download failed after {got} bytes: {e}"),
                        }
                    }
                }
            });
        }
    });
    let short: Vec<usize> = downloads.iter().map(|(_, got)| *got).filter(|got| *got != BIG).collect();
    assert!(short.is_empty(), "{} of {CLIENTS} downloads got the wrong length: {short:?}", short.len());
    let after = server.memory();

    assert!(busy.rss_kib <= idle.rss_kib + MEMORY_BOUND_KIB, "{CLIENTS} downloads in flight: {}", over(busy, idle));
    assert!(after.rss_kib <= idle.rss_kib + MEMORY_BOUND_KIB, "after the downloads: {}", over(after, idle));
    assert!(
        after.peak_kib <= idle.peak_kib.max(idle.rss_kib + MEMORY_BOUND_KIB),
        "the peak during the downloads: idle {idle:?}, after {after:?}"
    );
}

/// Waits until the server closes `stream` (end of file or reset), for at
/// most until `deadline`; returns what it sent, or `None` if still open.
fn closed_by(stream: &mut TcpStream, deadline: Instant) -> Option<String> {
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        stream.set_read_timeout(Some(left.max(Duration::from_millis(1)))).expect("set a timeout");
        match stream.read(&mut buf) {
            Ok(0) => return Some(String::from_utf8_lossy(&answer).into_owned()),
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => return None,
            Err(_) => return Some(String::from_utf8_lossy(&answer).into_owned()),
        }
    }
}

/// Issue 16: there was no header or idle timeout, so slow clients held
/// their connections forever.
#[test]
fn half_sent_requests_and_idle_connections_are_closed_after_the_header_timeout() {
    let site = Site::fixture("valid/serve");
    let server = fixture_server(&site);
    let port = server.port;
    let started = Instant::now();
    let mut kept = http::connect(port).expect("connect");
    kept.write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes()).expect("send");
    let mut slow: Vec<TcpStream> = (0..100).map(|_| http::connect(port).expect("connect")).collect();
    for s in &mut slow {
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ").expect("send half a request");
    }
    let mut silent: Vec<TcpStream> = (0..100).map(|_| http::connect(port).expect("connect")).collect();

    let r = http::must_get(port, "/");
    assert_eq!(r.status, 200, "{}", r.head());
    assert!(started.elapsed() < HEADER_TIMEOUT, "a normal request waited {:?}", started.elapsed());

    let deadline = started + HEADER_TIMEOUT + MARGIN;
    let kept_answer = closed_by(&mut kept, deadline)
        .unwrap_or_else(|| panic!("an idle keep-alive connection was still open after {:?}", started.elapsed()));
    assert!(kept_answer.starts_with("HTTP/1.1 200"), "the keep-alive request: {kept_answer}");
    for (what, streams) in [("half a request", &mut slow), ("nothing", &mut silent)] {
        for s in streams.iter_mut() {
            let answer = closed_by(s, deadline).unwrap_or_else(|| {
                panic!("a client that sent {what} was still connected after {:?}", started.elapsed())
            });
            assert!(!answer.contains(" 200 "), "a client that sent {what} was answered {answer}");
        }
    }
}

/// Opens `count` connections that send nothing.
fn idle_sockets(port: u16, count: usize) -> Vec<TcpStream> {
    (0..count).map(|i| http::connect(port).unwrap_or_else(|e| panic!("idle connection {i}: {e}"))).collect()
}

/// Issue 16: a few hundred idle sockets made the server unreachable (each
/// holds a file descriptor; macOS allows a process 256). The server raises
/// its soft limit on open files to the hard limit.
#[test]
fn idle_sockets_past_the_soft_open_file_limit_do_not_delay_a_request() {
    let site = Site::fixture("valid/serve");
    let server = Server::start_with_open_files(&site.root, &site.root, &["--port", "0"], 256, false)
        .unwrap_or_else(|e| panic!("{e}"));
    let idle = idle_sockets(server.port, 300);
    let started = Instant::now();
    let r = http::must_get(server.port, "/");
    assert_eq!(r.status, 200, "{}", r.head());
    assert!(
        started.elapsed() < HEADER_TIMEOUT,
        "with {} idle sockets open, GET / took {:?}",
        idle.len(),
        started.elapsed()
    );
}

/// With a hard limit of 256 open files the server bounds its connections
/// below it: the ones past the bound wait in the kernel's queue and are
/// served once the idle ones time out, instead of `accept` failing.
#[test]
fn idle_sockets_past_the_hard_open_file_limit_delay_a_request_only_until_the_timeout() {
    let site = Site::fixture("valid/serve");
    let mut server = Server::start_with_open_files(&site.root, &site.root, &["--port", "0"], 256, true)
        .unwrap_or_else(|e| panic!("{e}"));
    let idle = idle_sockets(server.port, 300);
    let started = Instant::now();
    let r = http::get(server.port, "/").unwrap_or_else(|e| {
        panic!(
            "GET / with {} idle sockets open failed after {:?}: {e}\n{}",
            idle.len(),
            started.elapsed(),
            server.log()
        )
    });
    assert_eq!(r.status, 200, "{}", r.head());
    assert!(started.elapsed() < HEADER_TIMEOUT + MARGIN, "GET / took {:?}", started.elapsed());
    assert!(server.exited().is_none(), "the server died\n{}", server.log());
}
