//! The language server on arbitrary bytes as its standard input: framing, JSON-RPC and
//! every request and notification must never take the process down (a panic in a
//! handler is caught and answered; anything else is a bug).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = std::io::Cursor::new(data.to_vec());
    let root = std::env::temp_dir().join("cclint-fuzz-server-root");
    let _ = std::fs::create_dir_all(&root);
    cclint::server::serve(input, std::io::sink(), root, Default::default());
});
