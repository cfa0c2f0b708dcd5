//! The explorer's one error for the indexer and its set-up: a line that says what went wrong.

/// What went wrong, in a line an operator reads in the log.
#[derive(Debug)]
pub struct Error(pub String);

impl<E: std::fmt::Display> From<E> for Error {
	fn from(error: E) -> Self {
		Error(error.to_string())
	}
}

/// The result of the indexer's and the database's work.
pub type Result<T> = std::result::Result<T, Error>;
