//! A blocking wrapper around [`Client`], for programs without an async runtime.

use std::fmt;

use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{Client, FetchError, Pages, PagingWarning};
use crate::{Page, Query};

/// A [`Client`] with its own single-threaded tokio runtime. Its methods block the calling
/// thread, so it must not be used inside an async runtime.
pub struct BlockingClient {
    client: Client,
    runtime: tokio::runtime::Runtime,
}

/// The pages of one query as an iterator, from [`BlockingClient::pages`].
pub struct BlockingPages<'c, T = Value> {
    runtime: &'c tokio::runtime::Runtime,
    pages: Pages<T>,
}

impl BlockingClient {
    /// Wraps `client`.
    ///
    /// # Errors
    ///
    /// [`FetchError::Setup`] when the runtime cannot be created.
    pub fn new(client: Client) -> Result<BlockingClient, FetchError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| FetchError::Setup {
                message: format!("failed to start the async runtime: {error}"),
            })?;
        Ok(BlockingClient { client, runtime })
    }

    /// The wrapped client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Returns the pages of `query` on the collection at `path`, as [`Client::pages`] does.
    pub fn pages<T: DeserializeOwned + Send + 'static>(
        &self,
        path: &str,
        query: &Query,
    ) -> BlockingPages<'_, T> {
        BlockingPages {
            runtime: &self.runtime,
            pages: self.client.pages(path, query),
        }
    }

    /// Returns every record of `query` on the collection at `path`.
    ///
    /// # Errors
    ///
    /// The first [`FetchError`] of any page.
    pub fn records<T: DeserializeOwned + Send + 'static>(
        &self,
        path: &str,
        query: &Query,
    ) -> Result<Vec<T>, FetchError> {
        let mut records = Vec::new();
        for page in self.pages(path, query) {
            records.extend(page?.data);
        }
        Ok(records)
    }
}

impl<T> BlockingPages<'_, T> {
    /// Returns the paging problems tolerated so far.
    pub fn warnings(&self) -> Vec<PagingWarning> {
        self.pages.warnings()
    }
}

impl<T> Iterator for BlockingPages<'_, T> {
    type Item = Result<Page<T>, FetchError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.runtime.block_on(self.pages.next())
    }
}

impl fmt::Debug for BlockingClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingClient")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for BlockingPages<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingPages").finish_non_exhaustive()
    }
}
