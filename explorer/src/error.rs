//! The indexer's and the database's errors: any error, carried with what it says, for the log.

/// What went wrong.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The result of the indexer's and the database's work.
pub type Result<T> = std::result::Result<T, Error>;
