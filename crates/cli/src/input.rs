//! Reading input files: paths or `-` for standard input, bytes decoded at the edge.

use std::io::Read;
use std::path::Path;

/// Read `name` (`-` is standard input) as text. Bytes that are not valid UTF-8 are
/// replaced with U+FFFD, with a warning on standard error naming the file.
pub fn read(name: &str) -> Result<String, String> {
    if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(decode(name, buf))
    } else {
        read_file(Path::new(name))
    }
}

/// Read the file at `path` as text, like [`read`].
pub fn read_file(path: &Path) -> Result<String, String> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    Ok(decode(&name, bytes))
}

fn decode(name: &str, bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            eprintln!(
                "dockwright: warning: {name} is not valid UTF-8 (first bad byte at offset {at}); \
                 invalid bytes read as U+FFFD"
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}
