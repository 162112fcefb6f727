//! `gloss serve` under load (issue 16): memory under many concurrent
//! downloads of a large file. Loopback only, with bounded counts and
//! times; memory is read from /proc/PID/status.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

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
