//! The client's one error: a line that says what went wrong, for the user.

/// An error the user sees: one line that says what went wrong. (Not `Display` itself, so that
/// anything displayable converts into it with `?`.)
#[derive(Debug)]
pub struct Error(pub String);

impl<E: std::fmt::Display> From<E> for Error {
	fn from(error: E) -> Self {
		Error(error.to_string())
	}
}

/// The result of a command.
pub type Result<T> = std::result::Result<T, Error>;

/// Bytes of `0x`-hex (or plain hex), or an error that says the text is not hex.
pub fn from_hex(text: &str) -> Result<Vec<u8>> {
	sp_core::bytes::from_hex(text.trim()).map_err(|e| Error(format!("bad hex: {e}")))
}
