//! `origo-explorer`: the Origo registry in a browser, for auditors and the public.
//!
//! It follows a node's finalized blocks ([`index`]), decodes each with the metadata of the
//! runtime that made it ([`decode`]), and keeps blocks, extrinsics, events and snapshots of
//! the registry's entities ([`snapshots`]) and what meters measured ([`readings`]) in a database ([`db`]: SQLite by default,
//! PostgreSQL when one file is not enough). The web server ([`web`]) renders pages from the
//! index on the server (no scripts needed to read them, none fetched from elsewhere), offers
//! the same data as JSON under `/api`, every list as CSV, batches and retirements in EnergyTag
//! and EECS shapes, and tells open pages when a new block is finalized.
//!
//! ```no_run
//! # async fn run() -> origo_explorer::error::Result<()> {
//! use origo_explorer::{db::Database, index, web};
//!
//! let db = Database::open("explorer.sqlite").await?;
//! let (position, watched) = tokio::sync::watch::channel(0);
//! tokio::spawn(index::follow(db.clone(), "ws://127.0.0.1:9944".into(), position));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! web::serve(listener, web::AppState::new(db, watched)).await?;
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]

pub mod calls;
pub mod db;
pub mod decode;
pub mod error;
pub mod index;
pub mod readings;
pub mod snapshots;
pub mod web;
