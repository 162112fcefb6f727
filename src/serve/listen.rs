//! Accepting connections with bounds, so that no client can make the
//! preview server unreachable.
//!
//! `axum::serve` gives hyper no timer, and hyper's header-read timeout
//! needs one: a client that sends half a request, or a browser's idle
//! keep-alive socket, held its connection forever, and each one holds a
//! file descriptor. A few hundred of them ran the process out of
//! descriptors (macOS allows 256 by default) and `accept` failed for
//! everyone. So this module runs hyper's HTTP/1 connections itself:
//!
//! - a request's headers must arrive within [`HEADER_TIMEOUT`] of the
//!   connection becoming ready for one, which also closes a keep-alive
//!   connection idle for that long (hyper starts the same timer while it
//!   waits for the next request);
//! - a client that stops reading a response for [`WRITE_STALL`] is
//!   dropped (it would hold its place for ever);
//! - at most [`Limits::connections`] are open at once, fewer than the
//!   descriptors the process may open; past that, new connections wait in
//!   the kernel's queue until the timeout frees a place;
//! - the soft limit on open files is raised to the hard one first, as Go
//!   and most servers do, so the bound is rarely reached.
//!
//! A response that is being sent (a large file, the live-reload stream) is
//! never cut by these limits.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::time::Sleep;

use crate::diagnostics::Diagnostic;

/// How long a client may take to send a request's headers, and how long
/// an idle keep-alive connection stays open.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a response may wait for the client to read more of it.
pub const WRITE_STALL: Duration = Duration::from_secs(30);
/// The most connections served at once, whatever the open-file limit.
pub const MAX_CONNECTIONS: usize = 1024;
/// Open files kept free for the server's own work: the watcher, the
/// files a rebuild reads, the listener, the runtime.
const RESERVED_FILES: u64 = 64;
/// The highest soft limit on open files asked for (macOS refuses more
/// than `OPEN_MAX`, 10240, whatever the hard limit says).
const WANTED_FILES: u64 = 10240;

/// The bounds of [`serve_connections`].
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_timeout: Duration,
    pub write_stall: Duration,
    pub connections: usize,
}

impl Limits {
    /// The limits for this process: raises its open-file limit when it
    /// can, then bounds connections below it.
    pub fn for_this_process() -> Limits {
        let files = raise_open_file_limit();
        let connections = files.map_or(MAX_CONNECTIONS, |n| {
            usize::try_from(n.saturating_sub(RESERVED_FILES)).unwrap_or(usize::MAX).clamp(8, MAX_CONNECTIONS)
        });
        Limits { header_timeout: HEADER_TIMEOUT, write_stall: WRITE_STALL, connections }
    }
}

/// Raises the soft limit on open files towards the hard limit; returns
/// the soft limit in force, when it can be read.
#[cfg(unix)]
fn raise_open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit fills the struct it is given, which lives for the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    // rlim_t is u64 on Linux, macOS and the BSDs.
    let current: u64 = limit.rlim_cur;
    let wanted = limit.rlim_max.min(WANTED_FILES);
    if wanted <= current {
        return Some(current);
    }
    let raised = libc::rlimit { rlim_cur: wanted, rlim_max: limit.rlim_max };
    // SAFETY: setrlimit reads the struct it is given, which lives for the call.
    let ok = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0;
    Some(if ok { wanted } else { current })
}

#[cfg(not(unix))]
fn raise_open_file_limit() -> Option<u64> {
    None
}

/// Binds `addr:port`; if the port is taken, tries the next ten and says so.
pub async fn bind(addr: IpAddr, port: u16) -> Result<TcpListener, Diagnostic> {
    let first = TcpListener::bind(SocketAddr::new(addr, port)).await;
    match first {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => {
            for next in port.saturating_add(1)..=port.saturating_add(10) {
                if let Ok(l) = TcpListener::bind(SocketAddr::new(addr, next)).await {
                    eprintln!("Port {port} is in use; using {next} instead.");
                    return Ok(l);
                }
            }
            Err(Diagnostic::error(format!("port {port} and the ten after it are in use"))
                .with_help("stop the other server, or pick a port with `--port N`"))
        }
        Err(e) => Err(Diagnostic::error(format!("cannot listen on {addr}:{port}: {e}"))
            .with_help("pick another address or port with `--bind` and `--port`")),
    }
}

/// Serves `app` on every connection `listener` accepts, within `limits`,
/// until the future is dropped.
pub async fn serve_connections(listener: TcpListener, app: axum::Router, limits: Limits) {
    let places = Arc::new(Semaphore::new(limits.connections));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    loop {
        // Wait for a free place before accepting: past the bound, clients
        // wait in the kernel's queue rather than use up descriptors.
        let Ok(place) = Arc::clone(&places).acquire_owned().await else { return };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                // Out of descriptors, most likely: a connection closing
                // soon frees one.
                eprintln!("Cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let io = Stalling::new(TokioIo::new(stream), limits.write_stall);
        let connection = http.serve_connection(io, TowerToHyperService::new(app.clone()));
        tokio::spawn(async move {
            // A client that goes away or times out is no error of the site.
            let _ = connection.await;
            drop(place);
        });
    }
}

/// A connection whose writes must make progress: one that cannot write
/// for `stall` fails, and hyper closes it.
struct Stalling<T> {
    io: T,
    stall: Duration,
    /// Set while a write waits for the client to read.
    waiting: Option<Pin<Box<Sleep>>>,
}

impl<T> Stalling<T> {
    fn new(io: T, stall: Duration) -> Self {
        Stalling { io, stall, waiting: None }
    }

    /// Passes on a write's outcome; fails one pending for too long.
    fn check<R>(&mut self, cx: &mut Context<'_>, poll: Poll<std::io::Result<R>>) -> Poll<std::io::Result<R>> {
        if poll.is_ready() {
            self.waiting = None;
            return poll;
        }
        let stall = self.stall;
        let timer = self.waiting.get_or_insert_with(|| Box::pin(tokio::time::sleep(stall)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::ErrorKind::TimedOut.into())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T: hyper::rt::Read + Unpin> hyper::rt::Read for Stalling<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: hyper::rt::Write + Unpin> hyper::rt::Write for Stalling<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write(cx, buf);
        self.check(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.check(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let poll = Pin::new(&mut self.io).poll_flush(cx);
        self.check(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// Errors of one connection, not of the listener.
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(e.kind(), ConnectionRefused | ConnectionAborted | ConnectionReset)
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Instant;

    use super::*;

    /// Starts [`run`] with `limits` on a runtime of its own thread; returns
    /// the port.
    const STALL: Duration = Duration::from_millis(500);
    /// A response far larger than the socket buffers.
    const LARGE: usize = 64 << 20;

    fn start(limits: Limits) -> u16 {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            runtime.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
                tx.send(listener.local_addr().expect("an address").port()).expect("send the port");
                let app = axum::Router::new()
                    .route("/large", axum::routing::get(|| async { axum::body::Bytes::from(vec![b'x'; LARGE]) }))
                    .fallback(|| async { "hello" });
                serve_connections(listener, app, limits).await;
            });
        });
        rx.recv().expect("the server's port")
    }

    fn connect(port: u16) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).expect("set a timeout");
        s
    }

    /// Reads until the server closes the connection.
    fn read_all(s: &mut TcpStream) -> String {
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn full_server_serves_a_new_client_once_the_idle_ones_time_out() {
        let limits = Limits { header_timeout: Duration::from_millis(300), write_stall: STALL, connections: 2 };
        let port = start(limits);
        let mut slow = connect(port);
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").expect("send half a request");
        let mut silent = connect(port);
        let started = Instant::now();
        let mut client = connect(port);
        client.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("send a request");
        let answer = read_all(&mut client);
        assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("hello"), "{answer}");
        // Two places, both held: the client waited for the timeout.
        assert!(started.elapsed() >= Duration::from_millis(250), "answered after {:?}", started.elapsed());
        for (what, s) in [("half a request", &mut slow), ("nothing", &mut silent)] {
            let answer = read_all(s);
            assert!(!answer.contains("200 OK"), "a client that sent {what} got {answer}");
        }
    }

    #[test]
    fn idle_keep_alive_connection_is_closed_after_the_timeout() {
        let port = start(Limits { header_timeout: Duration::from_millis(300), write_stall: STALL, connections: 8 });
        let mut s = connect(port);
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").expect("send a request");
        let started = Instant::now();
        let answer = read_all(&mut s);
        assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("hello"), "{answer}");
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(250) && waited < Duration::from_secs(5), "closed after {waited:?}");
    }

    #[test]
    fn client_that_stops_reading_is_dropped_after_the_write_stall() {
        let port = start(Limits { header_timeout: Duration::from_secs(5), write_stall: STALL, connections: 8 });
        let mut s = connect(port);
        s.write_all(b"GET /large HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("send a request");
        std::thread::sleep(STALL * 4);
        let got = read_all(&mut s).len();
        assert!(got < LARGE, "a client that stopped reading for {:?} still got the whole response", STALL * 4);
        // A client that reads gets it all.
        let mut s = connect(port);
        s.write_all(b"GET /large HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("send a request");
        assert!(read_all(&mut s).len() > LARGE);
    }
}
