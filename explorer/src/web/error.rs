//! What a page answers when it cannot show what was asked: 404 for what does not exist, 400
//! for an address or a query that is not well formed, 500 (logged) when the index failed.

use axum::http::StatusCode;

/// Why a page could not be shown.
#[derive(Debug)]
pub enum PageError {
	/// Nothing in the index has this id.
	NotFound(String),
	/// The address or query is not well formed.
	BadRequest(String),
	/// The index could not answer.
	Internal(String),
}

impl PageError {
	/// The HTTP status.
	pub fn status(&self) -> StatusCode {
		match self {
			PageError::NotFound(_) => StatusCode::NOT_FOUND,
			PageError::BadRequest(_) => StatusCode::BAD_REQUEST,
			PageError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
		}
	}

	/// What the reader is told.
	pub fn message(&self) -> &str {
		match self {
			PageError::NotFound(message)
			| PageError::BadRequest(message)
			| PageError::Internal(message) => message,
		}
	}
}

impl From<sqlx::Error> for PageError {
	fn from(error: sqlx::Error) -> Self {
		PageError::Internal(format!("the index could not answer: {error}"))
	}
}

impl From<serde_json::Error> for PageError {
	fn from(error: serde_json::Error) -> Self {
		PageError::Internal(format!("the index holds a record it cannot read: {error}"))
	}
}

impl From<crate::error::Error> for PageError {
	fn from(error: crate::error::Error) -> Self {
		PageError::Internal(error.to_string())
	}
}
