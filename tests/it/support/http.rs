//! Just enough HTTP for the tests, over a raw `TcpStream`: send a request
//! as bytes (so a test can send paths and headers a client library would
//! clean up), read the response to the end, decode a chunked body; and
//! read Server-Sent Events as they arrive. Everything has a timeout.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// How long one request may take before the test gives up on it.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// A response as received.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value (the first, when there are several).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The status line and headers, for messages.
    pub fn head(&self) -> String {
        let headers: Vec<String> = self.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        format!("{} / {}", self.status, headers.join(" / "))
    }
}

/// Connects to 127.0.0.1:`port` with read and write timeouts.
pub fn connect(port: u16) -> std::io::Result<TcpStream> {
    let stream = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), TIMEOUT)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    Ok(stream)
}

/// Sends `raw` as the whole request and reads the response until the
/// server closes the connection.
pub fn send(port: u16, raw: &[u8]) -> std::io::Result<Response> {
    let mut stream = connect(port)?;
    stream.write_all(raw)?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes)?;
    parse(&bytes)
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP response: {:?}", String::from_utf8_lossy(&bytes))))
}

/// `GET path HTTP/1.1` with `Connection: close`; `path` is sent exactly
/// as given.
pub fn get(port: u16, path: &str) -> std::io::Result<Response> {
    send(port, format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes())
}

/// `GET path HTTP/1.0`, for servers that speak only that.
pub fn get_http10(port: u16, path: &str) -> std::io::Result<Response> {
    send(port, format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes())
}

/// Like [`get`], panicking with what happened when the request fails.
#[track_caller]
pub fn must_get(port: u16, path: &str) -> Response {
    get(port, path).unwrap_or_else(|e| panic!("GET {path} on port {port} failed: {e}"))
}

/// Splits a complete response into status, headers and (de-chunked) body.
pub fn parse(bytes: &[u8]) -> Option<Response> {
    let end = find(bytes, b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let raw = &bytes[end + 4..];
    let chunked = headers.iter().any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked { dechunk(raw).0 } else { raw.to_vec() };
    Some(Response { status, headers, body })
}

/// Decodes as much of a chunked body as is complete. Returns the data and
/// how many bytes of `raw` were used.
fn dechunk(raw: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(line_end) = find(&raw[at..], b"\r\n") {
        let size_text = String::from_utf8_lossy(&raw[at..at + line_end]);
        let Ok(size) = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16) else { break };
        let data_start = at + line_end + 2;
        if size == 0 || raw.len() < data_start + size + 2 {
            break;
        }
        out.extend_from_slice(&raw[data_start..data_start + size]);
        at = data_start + size + 2;
    }
    (out, at)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A Server-Sent Events stream, read event by event.
pub struct EventStream {
    stream: TcpStream,
    /// Bytes received and not yet decoded.
    raw: Vec<u8>,
    /// Decoded body not yet split into events.
    body: Vec<u8>,
    /// `None` until the headers are read.
    chunked: Option<bool>,
    /// Everything received, for messages.
    pub seen: String,
}

impl EventStream {
    /// Opens `GET path` and keeps the connection for reading events.
    pub fn open(port: u16, path: &str) -> std::io::Result<EventStream> {
        let mut stream = connect(port)?;
        stream.set_read_timeout(Some(Duration::from_millis(100)))?;
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes())?;
        Ok(EventStream { stream, raw: Vec::new(), body: Vec::new(), chunked: None, seen: String::new() })
    }

    /// The data of the next event named `name`, waiting until `deadline`.
    pub fn next_event(&mut self, name: &str, deadline: Instant) -> Option<String> {
        loop {
            while let Some(end) = find(&self.body, b"\n\n") {
                let block: Vec<u8> = self.body.drain(..end + 2).collect();
                let block = String::from_utf8_lossy(&block).into_owned();
                let mut event = "message";
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(e) = line.strip_prefix("event:") {
                        event = e.trim();
                    } else if let Some(d) = line.strip_prefix("data:") {
                        data.push(d.strip_prefix(' ').unwrap_or(d));
                    }
                }
                if event == name {
                    return Some(data.join("\n"));
                }
            }
            if Instant::now() >= deadline || !self.receive() {
                return None;
            }
        }
    }

    /// Reads what has arrived; false when the connection is closed.
    fn receive(&mut self) -> bool {
        let mut buf = [0u8; 8192];
        match self.stream.read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => {
                self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
                self.raw.extend_from_slice(&buf[..n]);
            }
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return false,
        }
        if self.chunked.is_none() {
            let Some(end) = find(&self.raw, b"\r\n\r\n") else { return true };
            let head = String::from_utf8_lossy(&self.raw[..end]).to_ascii_lowercase();
            self.chunked = Some(head.contains("transfer-encoding: chunked"));
            self.raw.drain(..end + 4);
        }
        if self.chunked == Some(true) {
            let (data, used) = dechunk(&self.raw);
            self.body.extend_from_slice(&data);
            self.raw.drain(..used);
        } else {
            self.body.append(&mut self.raw);
        }
        // SSE allows CRLF line ends; the splitting above wants LF.
        if self.body.contains(&b'\r') {
            self.body = String::from_utf8_lossy(&self.body).replace("\r\n", "\n").into_bytes();
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_chunked_response() {
        let r =
            parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                .expect("a response");
        assert_eq!((r.status, r.text().as_str(), r.header("x-a")), (200, "abcde", Some("b")));
    }
}
